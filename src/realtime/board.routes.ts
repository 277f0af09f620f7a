import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BoardBroadcaster } from './board-broadcaster.js';
import { upgradeRequired } from './upgrade-required.js';

/** The public board's live channel: a snapshot on connect, then deltas as events commit. Aggregates only. */
export const boardRoutes: FastifyPluginAsyncZod = async (app) => {
  const board = new BoardBroadcaster(app.db, app.hub, app.config.ACTIVATION_TARGET);
  app.addHook('onClose', async () => board.close());

  app.route({
    method: 'GET',
    url: '/ws/board',
    config: { auth: 'public' },
    schema: { hide: true },
    handler: upgradeRequired,
    wsHandler: (socket) => {
      socket.on('message', () => {}); // viewers only listen; a ping from the page keeps proxies from idling out
      void board.join(socket).catch(() => socket.close(1011, 'snapshot failed'));
    },
  });
};
