import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assertMerchantAccess } from '../auth/index.js';
import { startOfVietnamDay } from '../time/index.js';
import { salesCsvQuery } from './reports.schemas.js';
import { salesCsv, salesCsvFileName } from './sales-csv.js';
import { resolveScope, staffScopeOf } from './scope.js';

const toInstant = (bound: string) => (bound.length === 10 ? startOfVietnamDay(bound) : new Date(bound));

export const salesCsvRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/sales.csv',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags: ['sales', 'reports'],
        summary: 'Sales as CSV: site, stall, method, payer bank, invoice, lines (UTF-8 with BOM, Vietnamese headers)',
        description:
          'Headers in Vietnamese, or English with lang=en. The file is named sales_<first day>_<last day>.csv. ' +
          'A stall sees only its own sales whatever it asks for.',
        querystring: salesCsvQuery,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const principal = request.principal;
      // A stall only ever sees its own sales; staff may narrow to a site, a province or one stall.
      const own = principal?.kind === 'merchant';
      // A stall outside a staff member's scope is a 404, as everywhere.
      if (!own && q.merchantId) await assertMerchantAccess(app.db, principal, q.merchantId);
      const scope = await resolveScope(app.db, own ? {} : q, own ? undefined : staffScopeOf(principal));
      const filter = {
        scope,
        merchantId: own ? principal.merchantId : q.merchantId,
        from: q.from ? toInstant(q.from) : undefined,
        to: q.to ? toInstant(q.to) : undefined,
      };
      const fileName = await salesCsvFileName(app.db, filter, q);
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'no-store');
      return reply.send(Readable.from(salesCsv(app.db, filter, q.lang)));
    },
  );
};
