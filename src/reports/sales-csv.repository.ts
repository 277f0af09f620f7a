import { sql } from 'kysely';
import type { Executor } from '../db/index.js';
import { inScope, type ReportScope } from './scope.js';

export interface SalesCsvFilter {
  scope: ReportScope;
  /** One stall only (a stall's own export, or staff choosing one). */
  merchantId?: string;
  from?: Date;
  to?: Date;
}

/**
 * One page of sales with what a reader needs beside them: the stall and its site, the payer's bank (from the payment
 * that made the sale, if any) and the sale's current invoice (the original or its replacement; adjustments for
 * refunds have their own rows in the invoice list). Newest first, keyset-paged on (occurred_at, id) like the sales list.
 */
export async function salesCsvPage(
  db: Executor,
  f: SalesCsvFilter,
  limit: number,
  before?: { occurredAt: Date; id: string },
) {
  let q = db
    .selectFrom('sales as s')
    .innerJoin('merchants as m', 'm.id', 's.merchant_id')
    .leftJoin('sites as site', 'site.id', 'm.site_id')
    .leftJoin('payments as p', 'p.sale_id', 's.id')
    .leftJoin('invoices as i', (j) =>
      j.onRef('i.sale_id', '=', 's.id').on('i.kind', '!=', 'adjustment').on('i.status', '=', 'issued'),
    )
    .select([
      's.id',
      's.occurred_at',
      's.method',
      's.amount',
      's.refunded_amount',
      's.items',
      's.test',
      'm.stall_code',
      'm.name as stall_name',
      'site.name as site_name',
      'p.payer_bank',
      'i.template',
      'i.series',
      'i.number',
    ])
    .where(inScope(f.scope, 's.merchant_id'))
    .orderBy('s.occurred_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit);
  if (f.merchantId) q = q.where('s.merchant_id', '=', f.merchantId);
  if (f.from) q = q.where('s.occurred_at', '>=', f.from);
  if (f.to) q = q.where('s.occurred_at', '<', f.to);
  if (before) {
    const { occurredAt, id } = before;
    q = q.where((eb) =>
      eb.or([
        eb('s.occurred_at', '<', occurredAt),
        eb.and([eb('s.occurred_at', '=', occurredAt), eb('s.id', '<', id)]),
      ]),
    );
  }
  return q.execute();
}

export type SalesCsvRow = Awaited<ReturnType<typeof salesCsvPage>>[number];

/** The first and last sale the filter holds (two index lookups on sales_time), for the file's name. */
export async function salesRange(db: Executor, f: SalesCsvFilter): Promise<{ first: Date | null; last: Date | null }> {
  let q = db
    .selectFrom('sales as s')
    .select([sql<Date | null>`min(s.occurred_at)`.as('first'), sql<Date | null>`max(s.occurred_at)`.as('last')])
    .where(inScope(f.scope, 's.merchant_id'));
  if (f.merchantId) q = q.where('s.merchant_id', '=', f.merchantId);
  if (f.from) q = q.where('s.occurred_at', '>=', f.from);
  if (f.to) q = q.where('s.occurred_at', '<', f.to);
  const row = await q.executeTakeFirstOrThrow();
  const at = (v: Date | string | null) => (v === null ? null : new Date(v));
  return { first: at(row.first), last: at(row.last) };
}
