import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BoardSnapshot, ScopeBoard } from './board-broadcaster.js';
import { BoardScopes, type BoardSource } from './board-scopes.js';
import { upgradeRequired } from '../http/index.js';

export interface BoardRoutesOptions {
  /** What the boards show: the app passes the stats module's figures. */
  source: BoardSource<BoardSnapshot>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The board scope a `/ws/board` upgrade asked for, resolved before the switch to websocket. */
    boardScope?: { key: string } & ScopeBoard<BoardSnapshot>;
  }
}

const scopeQuery = z.object({
  site: z.string().min(1).max(100).optional(),
  province: z.string().min(1).max(10).optional(),
});

/**
 * The public boards' live channel: `/ws/board` (everything), `?site=<slug>` or `?province=<code>`. A snapshot of the
 * scope on connect, then that scope's deltas as events commit. Aggregates only. An unknown site or province is refused
 * before the upgrade, with a plain HTTP 404 in the standard error shape.
 */
export const boardRoutes: FastifyPluginAsyncZod<BoardRoutesOptions> = async (app, { source }) => {
  const boards = new BoardScopes(source, app.hub);
  app.addHook('onClose', async () => boards.close());

  app.route({
    method: 'GET',
    url: '/ws/board',
    config: { auth: 'public' },
    schema: { hide: true, querystring: scopeQuery },
    preHandler: async (request) => {
      if (request.ws) request.boardScope = await boards.resolve(request.query);
    },
    handler: upgradeRequired,
    wsHandler: (socket, request) => {
      socket.on('message', () => {}); // viewers only listen; a ping from the page keeps proxies from idling out
      void boards.join(request.boardScope!, socket).catch(() => socket.close(1011, 'snapshot failed'));
    },
  });
};
