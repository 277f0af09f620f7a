import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSV_BOM, csvRow } from '../http/index.js';
import { ScopeResolver } from './scope-resolver.js';
import { scopedSnapshot } from './scoped-snapshot.js';
import { dailyRows } from './stats.repository.js';
import { SharedSnapshot, STATS_SNAPSHOT_TTL_MS } from './shared-snapshot.js';

const scopeQuery = z.object({
  site: z.string().min(1).max(100).optional().describe('A site’s slug: that site only'),
  province: z.string().min(1).max(10).optional().describe('A province’s code (e.g. 04): its sites'),
});

/** Public aggregates only: the board and its CSV (its live websocket is in realtime/). No personal detail ever leaves here. */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  // Serialised once per refresh and scope: a reader costs a string write, not nine queries and a JSON.stringify. One
  // shared snapshot per known scope (everything, each site, each province asked for): bounded by the sites.
  const scopes = new ScopeResolver(app.db);
  const shared = new Map<string, SharedSnapshot<string>>();
  const snapshotOf = (query: z.infer<typeof scopeQuery>) =>
    scopes.resolve(query).then((scope) => {
      let snapshot = shared.get(scope.key);
      if (!snapshot) {
        snapshot = new SharedSnapshot(
          async () => JSON.stringify(await scopedSnapshot(app.db, scope, new Date(), app.config.ACTIVATION_TARGET)),
          STATS_SNAPSHOT_TTL_MS,
        );
        shared.set(scope.key, snapshot);
      }
      return snapshot.get();
    });

  app.get(
    '/api/v1/stats',
    {
      config: { auth: 'public', rateLimit: app.publicRateLimit },
      schema: {
        tags: ['stats'],
        summary: `The live board snapshot of everything, a site or a province: sales, cashless share, stalls, e-invoices, activations (one snapshot per scope shared by all callers, recomputed at most every ${STATS_SNAPSHOT_TTL_MS} ms)`,
        querystring: scopeQuery,
      },
    },
    async (request, reply) => reply.type('application/json; charset=utf-8').send(await snapshotOf(request.query)),
  );

  app.get(
    '/api/v1/stats/daily.csv',
    {
      config: { auth: 'public', rateLimit: app.publicRateLimit },
      schema: { tags: ['stats'], summary: 'One row per Vietnam day (UTF-8 CSV with BOM)' },
    },
    async (_request, reply) => {
      const header =
        'day,sales_count,sales_value,cashless_count,cashless_value,cash_count,cash_value,mobile_money_count,mobile_money_value,refund_value,invoice_count,invoice_coverage,active_stalls';
      const lines = (await dailyRows(app.db)).map((r) => {
        const cashlessCount = Number(r.bank_qr_count) + Number(r.mobile_money_count);
        const cashlessValue = Number(r.bank_qr_value) + Number(r.mobile_money_value);
        const coverage = Number(r.sales_count) ? (Number(r.invoice_count) / Number(r.sales_count)).toFixed(4) : '';
        // Numbers only today, but through the shared formatter so a text column added later is quoted and defused.
        return csvRow([
          r.day,
          r.sales_count,
          r.sales_value,
          cashlessCount,
          cashlessValue,
          r.cash_count,
          r.cash_value,
          r.mobile_money_count,
          r.mobile_money_value,
          r.refund_value,
          r.invoice_count,
          coverage,
          r.active_stalls,
        ]);
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="daily.csv"')
        .send(`${CSV_BOM}${[header, ...lines].join('\r\n')}\r\n`);
    },
  );
};
