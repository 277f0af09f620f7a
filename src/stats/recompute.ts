import { sql } from 'kysely';
import type { Executor } from '../db/index.js';
import { vietnamDay, vietnamDaySql } from '../time/index.js';
import type { SaleTotals } from './stats.repository.js';

/**
 * The rollups recomputed from the base tables (sales, refunds, invoices). Slow on purpose (full scans): used by the
 * invariant check and by tests to prove the board's numbers equal the truth.
 */
export async function recomputeMerchantDaily(db: Executor) {
  const day = vietnamDaySql('occurred_at');
  const sales = await db
    .selectFrom('sales')
    .select([
      'merchant_id',
      day.as('day'),
      sql<number>`count(*)`.as('sales_count'),
      sql<number>`sum(amount)`.as('sales_value'),
      sql<number>`count(*) filter (where method = 'cash')`.as('cash_count'),
      sql<number>`coalesce(sum(amount) filter (where method = 'cash'), 0)`.as('cash_value'),
      sql<number>`count(*) filter (where method = 'bank_qr')`.as('bank_qr_count'),
      sql<number>`coalesce(sum(amount) filter (where method = 'bank_qr'), 0)`.as('bank_qr_value'),
      sql<number>`count(*) filter (where method = 'mobile_money')`.as('mobile_money_count'),
      sql<number>`coalesce(sum(amount) filter (where method = 'mobile_money'), 0)`.as('mobile_money_value'),
    ])
    .groupBy(['merchant_id', day])
    .execute();
  const refundDay = vietnamDaySql('created_at');
  const refunds = await db
    .selectFrom('refunds')
    .select([
      'merchant_id',
      refundDay.as('day'),
      sql<number>`count(*)`.as('refund_count'),
      sql<number>`sum(amount)`.as('refund_value'),
    ])
    .groupBy(['merchant_id', refundDay])
    .execute();
  // An original invoice counts on the day of its sale (that is how coverage reads: sales with an invoice).
  const invoices = await db
    .selectFrom('invoices')
    .innerJoin('sales', 'sales.id', 'invoices.sale_id')
    .select([
      'invoices.merchant_id',
      vietnamDaySql('sales.occurred_at').as('day'),
      sql<number>`count(*)`.as('invoice_count'),
    ])
    .where('invoices.kind', '=', 'original')
    .groupBy(['invoices.merchant_id', sql`2`])
    .execute();
  const rows = new Map<string, SaleTotals & { merchant_id: string; day: string }>();
  const row = (merchantId: string, d: string) => {
    const key = `${merchantId} ${d}`;
    if (!rows.has(key))
      rows.set(key, {
        merchant_id: merchantId,
        day: d,
        sales_count: 0,
        sales_value: 0,
        cash_count: 0,
        cash_value: 0,
        bank_qr_count: 0,
        bank_qr_value: 0,
        mobile_money_count: 0,
        mobile_money_value: 0,
        refund_count: 0,
        refund_value: 0,
        invoice_count: 0,
      });
    return rows.get(key)!;
  };
  for (const s of sales) {
    const r = row(s.merchant_id, s.day);
    for (const k of [
      'sales_count',
      'sales_value',
      'cash_count',
      'cash_value',
      'bank_qr_count',
      'bank_qr_value',
      'mobile_money_count',
      'mobile_money_value',
    ] as const)
      r[k] = Number(s[k]);
  }
  for (const f of refunds)
    Object.assign(row(f.merchant_id, f.day), {
      refund_count: Number(f.refund_count),
      refund_value: Number(f.refund_value),
    });
  for (const i of invoices) row(i.merchant_id, i.day).invoice_count = Number(i.invoice_count);
  return [...rows.values()];
}

/** Totals for one day (or all time) recomputed from base tables, in the shape of the rollup sums. */
export async function recomputeTotals(db: Executor, day?: string): Promise<SaleTotals> {
  const totals: SaleTotals = {
    sales_count: 0,
    sales_value: 0,
    cash_count: 0,
    cash_value: 0,
    bank_qr_count: 0,
    bank_qr_value: 0,
    mobile_money_count: 0,
    mobile_money_value: 0,
    refund_count: 0,
    refund_value: 0,
    invoice_count: 0,
  };
  for (const r of await recomputeMerchantDaily(db)) {
    if (day && r.day !== day) continue;
    for (const k of Object.keys(totals) as Array<keyof SaleTotals>) totals[k] += r[k];
  }
  return totals;
}

export const todayInVietnam = () => vietnamDay(new Date());
