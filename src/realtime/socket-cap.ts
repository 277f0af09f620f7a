import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendError } from '../http/index.js';

/**
 * Caps the websockets one client address holds open (the board and the merchant feeds alike), so one client cannot
 * take every file descriptor and every broadcast slot. Counted at the upgrade request, before any handler runs, and
 * released when the connection's TCP socket closes, however it ends. An upgrade over the cap is answered with a plain
 * HTTP 429 `too_many_websockets` instead of the switch to websocket. The address is `request.ip`: behind a proxy it
 * is the client's only with TRUST_PROXY=1.
 */
export default fp(
  async function socketCapPlugin(app: FastifyInstance, options: { maxPerIp: number }) {
    const open = new Map<string, number>();
    // A callback hook: it runs on every request and never waits, so no promise per request. When it answers 429
    // itself it does not call `done` (Fastify's rule for a hook that sends the reply).
    app.addHook('onRequest', (request, reply, done) => {
      if (!request.ws) {
        done();
        return;
      }
      const ip = request.ip;
      const held = open.get(ip) ?? 0;
      if (held >= options.maxPerIp) {
        void sendError(reply, 429, {
          code: 'too_many_websockets',
          message: `At most ${options.maxPerIp} websockets may be open from one address: close one first`,
        });
        return;
      }
      open.set(ip, held + 1);
      request.raw.socket.once('close', () => {
        const left = (open.get(ip) ?? 1) - 1;
        if (left > 0) open.set(ip, left);
        else open.delete(ip);
      });
      done();
    });
  },
  { name: 'socket-cap', dependencies: ['@fastify/websocket'] },
);
