import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { oneTimeSecret, shownOnceFlag, upgradeRequired } from '../http/index.js';
import { callerMerchantId } from '../auth/index.js';
import { MAX_BUFFERED_BYTES } from './board-broadcaster.js';
import { issueStoredTicket, spendTicket, verifyTicket } from './ws-tickets.js';

/** A stall's own live feed: its payments, sales, invoices and refunds as they commit, on any instance. */
export const merchantFeedRoutes: FastifyPluginAsyncZod = async (app) => {
  const secret = app.secrets.wsTicketKey;

  app.post(
    '/api/v1/ws-tickets',
    {
      config: { auth: 'merchant', rateLimit: app.publicRateLimit, oneTimeSecrets: ['ticket'] },
      schema: {
        tags: ['live'],
        summary: 'A short-lived ticket to open WS /ws/merchant?ticket=…',
        response: {
          201: z.object({ ticket: oneTimeSecret('The ticket'), expiresAt: z.string(), secretShownOnce: shownOnceFlag }),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await issueStoredTicket(app.db, secret, callerMerchantId(request.principal))),
  );

  app.route({
    method: 'GET',
    url: '/ws/merchant',
    config: { auth: 'public' },
    schema: { hide: true, querystring: z.object({ ticket: z.string().max(300).optional() }) },
    handler: upgradeRequired,
    wsHandler: async (socket, request) => {
      const ticket = request.query.ticket ?? '';
      const merchantId = verifyTicket(secret, ticket);
      if (!merchantId) {
        socket.close(4401, 'invalid or expired ticket');
        return;
      }
      // Listening starts before the ticket is spent, so a key rotation that commits meanwhile still closes the socket.
      let live = false;
      const unsubscribe = app.hub.subscribe((events) => {
        for (const event of events) {
          if (event.merchantId !== merchantId) continue;
          if (event.type === 'merchant.key_rotated') return socket.close(4401, 'merchant key rotated');
          if (!live) continue;
          if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return socket.terminate();
          socket.send(
            JSON.stringify({
              type: 'event',
              event: { id: event.id, type: event.type, createdAt: event.createdAt, data: event.data },
            }),
          );
        }
      });
      const timers: { heartbeat?: NodeJS.Timeout } = {};
      socket.on('close', () => {
        unsubscribe();
        clearInterval(timers.heartbeat);
      });
      let spent: boolean;
      try {
        spent = await spendTicket(app.db, ticket, merchantId);
      } catch {
        socket.close(1011, 'try again');
        return;
      }
      if (socket.readyState !== socket.OPEN) return;
      if (!spent) {
        socket.close(4401, 'ticket already used, voided or expired');
        return;
      }
      live = true;
      socket.send(JSON.stringify({ type: 'hello', merchantId }));
      timers.heartbeat = setInterval(() => socket.send(JSON.stringify({ type: 'heartbeat' })), 15_000);
    },
  });
};
