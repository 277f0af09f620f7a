import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CSV_BOM, csvRow } from '../http/index.js';
import { dailyRows } from './stats.repository.js';
import { SharedSnapshot, STATS_SNAPSHOT_TTL_MS } from './shared-snapshot.js';
import { statsSnapshot } from './stats.service.js';

/** Public aggregates only: the board and its CSV (its live websocket is in realtime/). No personal detail ever leaves here. */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  // Serialised once per refresh: a reader costs a string write, not nine queries and a JSON.stringify.
  const shared = new SharedSnapshot(
    async () => JSON.stringify(await statsSnapshot(app.db, new Date(), app.config.ACTIVATION_TARGET)),
    STATS_SNAPSHOT_TTL_MS,
  );

  app.get(
    '/api/v1/stats',
    {
      config: { auth: 'public', rateLimit: app.publicRateLimit },
      schema: {
        tags: ['stats'],
        summary: `The live board snapshot: sales, cashless share, stalls, e-invoices, activations (one snapshot shared by all callers, recomputed at most every ${STATS_SNAPSHOT_TTL_MS} ms)`,
      },
    },
    async (_request, reply) => reply.type('application/json; charset=utf-8').send(await shared.get()),
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
