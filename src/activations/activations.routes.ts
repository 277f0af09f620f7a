import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerScope, callerStaffId } from '../auth/index.js';
import { AppError } from '../http/index.js';
import { teamRoutes } from '../teams/index.js';
import { listActivations } from './activations.repository.js';
import {
  importReport,
  listQuery,
  newActivationBody,
  recordResponse,
  summaryResponse,
  activationResponse,
} from './activations.schemas.js';
import { activationFilter, activationSummary, activationToResponse, recordActivation } from './activations.service.js';
import { activationsCsv } from './csv-export.js';
import { importActivations, MAX_IMPORT_BYTES } from './csv-import.js';
import { PROVIDERS } from './providers.js';
import { vietnamDay } from './vietnam-time.js';

const CSV_TYPES = ['text/csv', 'application/csv'];

export const activationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['activations'];
  await app.register(teamRoutes);

  // The import reads the request as a stream: this parser hands the raw body over untouched (only in this plugin).
  app.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));

  app.post(
    '/api/v1/activations',
    {
      config: { auth: 'staff' },
      schema: {
        tags,
        summary: 'Record one mobile-money activation (a repeat answers 200 with the existing one, duplicate: true)',
        body: newActivationBody,
        response: { 201: recordResponse, 200: recordResponse },
      },
    },
    async (request, reply) => {
      const result = await recordActivation(app.db, app.secrets.piiKey, callerStaffId(request.principal), request.body);
      return reply
        .code(result.duplicate ? 200 : 201)
        .send({ activation: activationToResponse(result.activation), duplicate: result.duplicate });
    },
  );

  app.post(
    '/api/v1/activations/import',
    {
      // Re-importing a file creates nothing, so the import needs no Idempotency-Key (and its body is a stream).
      config: { auth: 'staff', idempotency: false },
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags,
        summary: 'Import activations from a CSV file (text/csv, UTF-8, header row, up to 50,000 lines)',
        consumes: CSV_TYPES,
        response: { 200: importReport },
      },
    },
    async (request) => {
      const body = request.body;
      if (!(body instanceof Readable)) {
        throw new AppError(
          415,
          'unsupported_media_type',
          'Send the file itself as the body, with Content-Type: text/csv',
        );
      }
      if (Number(request.headers['content-length'] ?? 0) > MAX_IMPORT_BYTES) {
        throw new AppError(
          413,
          'payload_too_large',
          `An import file may hold at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it`,
        );
      }
      return importActivations(app.db, body, { staffId: callerStaffId(request.principal), piiKey: app.secrets.piiKey });
    },
  );

  app.get(
    '/api/v1/activations',
    {
      config: { auth: 'staff' },
      schema: {
        tags,
        summary: 'Activations, newest first, a page at a time (phones masked)',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(activationResponse), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await listActivations(app.db, {
        ...activationFilter(filter),
        scope: callerScope(request.principal),
        limit,
        beforeSeq: cursor ? Number(cursor) : undefined,
      });
      return {
        items: rows.map(activationToResponse),
        nextCursor: rows.length === limit ? String(rows[rows.length - 1].seq) : null,
      };
    },
  );

  app.get(
    '/api/v1/activations.csv',
    {
      config: { auth: 'staff' },
      schema: {
        tags,
        summary: 'Export activations as CSV (phones masked)',
        querystring: listQuery.omit({ limit: true, cursor: true }),
      },
    },
    async (request, reply) => {
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="activations-${vietnamDay(new Date())}.csv"`)
        .header('cache-control', 'no-store');
      const filter = { ...activationFilter(request.query), scope: callerScope(request.principal) };
      return reply.send(Readable.from(activationsCsv(app.db, filter)));
    },
  );

  app.get(
    '/api/v1/activations/summary',
    {
      config: { auth: 'staff' },
      schema: {
        tags,
        summary: 'Totals against the target: today, by provider, ward, team and day (from the daily rollup)',
        querystring: z.object({
          days: z.coerce.number().int().min(1).max(366).default(30).describe('How many days perDay covers'),
        }),
        response: { 200: summaryResponse },
      },
    },
    async (request) =>
      activationSummary(app.db, {
        days: request.query.days,
        target: app.config.ACTIVATION_TARGET,
        scope: callerScope(request.principal),
      }),
  );

  app.get(
    '/api/v1/activations/providers',
    {
      config: { auth: 'staff' },
      schema: {
        tags,
        summary: 'Mobile-money providers activations may be recorded for',
        response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })) }) },
      },
    },
    async () => ({ items: PROVIDERS.map((p) => ({ code: p.code, name: p.name })) }),
  );

  // The staff page holds no data (it asks for a token and calls the API), so it is public.
  // The staff page itself (/admin/activations) is served by the web module with the other pages.
  const sample = await readFile(new URL('../../docs/activations-sample.csv', import.meta.url));
  app.get(
    '/admin/activations/sample.csv',
    { config: { auth: 'public' }, schema: { hide: true } },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="activations-sample.csv"')
        .send(sample),
  );
};
