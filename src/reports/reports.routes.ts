import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Executor } from '../db/index.js';
import { reportCsv } from './report-csv.js';
import { buildReport, dayPeriod, monthPeriod } from './report.service.js';
import { dailyReportQuery, monthlyReportQuery } from './reports.schemas.js';
import { resolveScope, staffScopeOf } from './scope.js';

type ScopeQuery = { site?: string; province?: string };

async function answer(
  db: Executor,
  request: FastifyRequest,
  reply: FastifyReply,
  q: ScopeQuery & { lang: 'vi' | 'en'; format: 'json' | 'csv' },
  kind: 'day' | 'month',
  when: string,
  csv: boolean,
) {
  const scope = await resolveScope(db, q, staffScopeOf(request.principal));
  const report = await buildReport(db, scope, kind === 'day' ? dayPeriod(when) : monthPeriod(when), kind);
  reply.header('cache-control', 'no-store');
  if (!csv && q.format !== 'csv') return report;
  const name = `report_${q.site ?? `province-${q.province}`}_${when}.csv`;
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(reportCsv(report, q.lang));
}

const description =
  'Figures from the rollups (never a scan of the sales): totals, cashless share, methods, payer banks, stalls (top ' +
  'and bottom), per hour or per day, refunds, invoices and their transmission, new stalls and activations in the ' +
  "sites' wards. A province report adds each site. As CSV with .csv or format=csv (lang=en for English labels).";

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['reports'];
  for (const csv of [false, true]) {
    const ext = csv ? '.csv' : '';
    app.get(
      `/api/v1/reports/daily${ext}`,
      {
        config: { auth: 'staff' },
        schema: {
          tags,
          summary: `A site's or a province's day${csv ? ', as CSV' : ''}`,
          description,
          querystring: dailyReportQuery,
        },
      },
      async (request, reply) => answer(app.db, request, reply, request.query, 'day', request.query.date, csv),
    );
    app.get(
      `/api/v1/reports/monthly${ext}`,
      {
        config: { auth: 'staff' },
        schema: {
          tags,
          summary: `A site's or a province's month${csv ? ', as CSV' : ''}`,
          description,
          querystring: monthlyReportQuery,
        },
      },
      async (request, reply) => answer(app.db, request, reply, request.query, 'month', request.query.month, csv),
    );
  }
};
