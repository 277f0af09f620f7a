import { sql } from 'kysely';
import type { Executor } from '../db/index.js';

// Every query here reads rollups (rows per day × stall, hour × stall, day × stall × payer), never the sales table,
// so the cost of a snapshot follows the number of stalls and days, not the number of past sales.

const sums = (column: string) => sql<number>`coalesce(sum(${sql.ref(column)}), 0)::bigint`;

export interface SaleTotals {
  sales_count: number;
  sales_value: number;
  cash_count: number;
  cash_value: number;
  bank_qr_count: number;
  bank_qr_value: number;
  mobile_money_count: number;
  mobile_money_value: number;
  refund_count: number;
  refund_value: number;
  invoice_count: number;
}

const totalColumns = [
  'sales_count',
  'sales_value',
  'cash_count',
  'cash_value',
  'bank_qr_count',
  'bank_qr_value',
  'mobile_money_count',
  'mobile_money_value',
  'refund_count',
  'refund_value',
  'invoice_count',
] as const;

export async function saleTotals(db: Executor, day?: string): Promise<SaleTotals> {
  let q = db.selectFrom('merchant_daily').select(totalColumns.map((c) => sums(c).as(c)));
  if (day) q = q.where('day', '=', day);
  const row = await q.executeTakeFirstOrThrow();
  const totals: Partial<SaleTotals> = {};
  for (const c of totalColumns) totals[c] = Number(row[c]);
  return totals as SaleTotals; // every column of SaleTotals is in totalColumns
}

/** Stalls with at least one cashless sale that day. */
export async function activeStalls(db: Executor, day: string): Promise<number> {
  const row = await db
    .selectFrom('merchant_daily')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('day', '=', day)
    .where(sql<boolean>`bank_qr_count + mobile_money_count > 0`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function stallCounts(db: Executor): Promise<{ onboarded: number }> {
  const row = await db
    .selectFrom('merchants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { onboarded: Number(row.n) };
}

export async function salesPerHour(db: Executor, from: Date, to: Date) {
  return db
    .selectFrom('merchant_hourly')
    .select([
      'hour',
      sums('sales_count').as('count'),
      sums('sales_value').as('value'),
      sums('cashless_count').as('cashless_count'),
    ])
    .where('hour', '>=', from)
    .where('hour', '<', to)
    .groupBy('hour')
    .orderBy('hour')
    .execute();
}

export async function payerMix(db: Executor, day?: string) {
  let q = db
    .selectFrom('payer_daily')
    .select(['payer', 'method', sums('count').as('count'), sums('value').as('value')])
    .groupBy(['payer', 'method']);
  if (day) q = q.where('day', '=', day);
  return q.orderBy('value', 'desc').execute();
}

/** Per Vietnam day totals (for the daily CSV), from the day × stall rollup. */
export async function dailyRows(db: Executor) {
  return db
    .selectFrom('merchant_daily')
    .select([
      sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
      ...totalColumns.map((c) => sums(c).as(c)),
      sql<number>`count(*) filter (where bank_qr_count + mobile_money_count > 0)`.as('active_stalls'),
    ])
    .groupBy('day')
    .orderBy('day')
    .execute();
}

/** The latest sales and activations for the ticker (newest first), read by primary key from the events table. */
export async function recentEvents(db: Executor, limit: number) {
  return db
    .selectFrom('events')
    .select(['id', 'type', 'data', 'created_at'])
    .where('type', 'in', ['sale.recorded', 'activation.recorded'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
