import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BoardBroadcaster, type BoardSnapshot, type BoardSource } from './board-broadcaster.js';
import { upgradeRequired } from '../http/index.js';

export interface BoardRoutesOptions {
  /** What the board shows: the app passes the stats module's figures. */
  source: BoardSource<BoardSnapshot>;
}

/** The public board's live channel: a snapshot on connect, then deltas as events commit. Aggregates only. */
export const boardRoutes: FastifyPluginAsyncZod<BoardRoutesOptions> = async (app, { source }) => {
  const board = new BoardBroadcaster(source, app.hub);
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
