import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerScope, siteInScopeFilter } from '../auth/index.js';
import { startOfVietnamDay, vietnamDay, vietnamIso } from '../time/index.js';

const item = z.object({
  invoiceId: z.string(),
  stallCode: z.string(),
  stallName: z.string(),
  series: z.string(),
  number: z.number(),
  kind: z.enum(['original', 'replacement', 'adjustment']),
  total: z.number(),
  issuedAt: z.string(),
  lookupCode: z.string(),
  status: z.enum(['queued', 'sent', 'accepted', 'rejected']),
  messageId: z.string().nullable(),
  attempts: z.number(),
  lastError: z.string().nullable().describe('Why the last attempt did not reach the authority'),
  error: z
    .object({ code: z.string(), text: z.string() })
    .nullable()
    .describe("The tax authority's reason, for a rejected invoice"),
});

const LIMIT = 500;

/**
 * For staff: today's invoices the tax authority has not accepted yet (queued, sent, rejected: the same-day rule), and
 * every rejected invoice of earlier days with the authority's reason, for review. Reads invoices and merchants.
 */
export const transmissionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/tax-authority/unaccepted',
    {
      config: { auth: 'staff' },
      schema: {
        tags: ['invoices'],
        summary: "Invoices not accepted by the tax authority: today's not yet accepted, and every rejected one",
        response: { 200: z.object({ day: z.string(), items: z.array(item), truncated: z.boolean() }) },
      },
    },
    async (request) => {
      const day = vietnamDay(new Date());
      const inScope = siteInScopeFilter(callerScope(request.principal), 'm.site_id');
      const { rows } = await sql<{
        invoice_id: string;
        stall_code: string;
        stall_name: string;
        series: string;
        number: number;
        kind: 'original' | 'replacement' | 'adjustment';
        total: string | number;
        issued_at: Date;
        lookup_code: string;
        status: 'queued' | 'sent' | 'accepted' | 'rejected';
        message_id: string | null;
        attempts: number;
        last_error: string | null;
        error_code: string | null;
        error_text: string | null;
      }>`
        select t.invoice_id, m.stall_code, m.name as stall_name, i.series, i.number, i.kind, i.total, i.issued_at,
               i.lookup_code, t.status, t.message_id, t.attempts, t.last_error, t.error_code, t.error_text
        from invoice_transmissions t
        join invoices i on i.id = t.invoice_id
        join merchants m on m.id = t.merchant_id
        where (t.status = 'rejected' or (t.status <> 'accepted' and i.issued_at >= ${startOfVietnamDay(day)}))
          and ${inScope}
        order by (t.status = 'rejected') desc, i.issued_at desc, t.invoice_id
        limit ${LIMIT + 1}`.execute(app.db);
      return {
        day,
        truncated: rows.length > LIMIT,
        items: rows.slice(0, LIMIT).map((r) => ({
          invoiceId: r.invoice_id,
          stallCode: r.stall_code,
          stallName: r.stall_name,
          series: r.series,
          number: r.number,
          kind: r.kind,
          total: Number(r.total),
          issuedAt: vietnamIso(r.issued_at),
          lookupCode: r.lookup_code,
          status: r.status,
          messageId: r.message_id,
          attempts: r.attempts,
          lastError: r.last_error,
          error: r.status === 'rejected' ? { code: r.error_code ?? '', text: r.error_text ?? '' } : null,
        })),
      };
    },
  );
};
