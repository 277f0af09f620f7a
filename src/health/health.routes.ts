import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { migrationsPending } from '../db/index.js';
import { sendError } from '../http/index.js';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  let migrated = false; // once every migration is seen applied it stays so for this process

  app.get(
    '/healthz',
    {
      config: { auth: 'public' },
      schema: { tags: ['health'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers and every migration is applied',
        response: { 200: z.object({ status: z.literal('ready'), database: z.enum(['postgres', 'pglite']) }) },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(app.db);
        if (!migrated) migrated = (await migrationsPending(app.db)) === 0;
      } catch {
        return sendError(reply, 503, { code: 'database_unavailable', message: 'The database does not answer' });
      }
      if (!migrated)
        return sendError(reply, 503, { code: 'migrations_pending', message: 'Migrations are not applied yet' });
      return { status: 'ready' as const, database: app.database.kind };
    },
  );
};
