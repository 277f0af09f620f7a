import { sql } from 'kysely';
import type { Executor } from '../db/index.js';
import { ALL, inScope, scopeStalls, type StatsScope } from './scope.js';

// Every query here reads rollups (rows per day × stall, hour × stall, day × stall × payer), never the sales table,
// so the cost of a snapshot follows the number of stalls and days, not the number of past sales. The all-time figures
// read the running totals (one row per stall, or stall × payer × method), so they do not follow the days either. Each
// takes a scope (everything, a site, a province): a scoped query reads only the rows of the scope's stalls.

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

export const totalColumns = [
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

export const asTotals = (row: Record<string, unknown>): SaleTotals => {
  const totals: Partial<SaleTotals> = {};
  for (const c of totalColumns) totals[c] = Number(row[c]);
  return totals as SaleTotals; // every column of SaleTotals is in totalColumns
};

/** One day's totals from the day × stall rollup (without a day: the sum of every day, as the check recomputes). */
export async function saleTotals(db: Executor, day?: string, scope: StatsScope = ALL): Promise<SaleTotals> {
  let q = db
    .selectFrom('merchant_daily')
    .select(totalColumns.map((c) => sums(c).as(c)))
    .where(inScope(scope, 'merchant_id'));
  if (day) q = q.where('day', '=', day);
  return asTotals(await q.executeTakeFirstOrThrow());
}

/** All-time totals from the stalls' running totals: one row per stall, whatever the number of days. */
export async function allTimeTotals(db: Executor, scope: StatsScope = ALL): Promise<SaleTotals> {
  const row = await db
    .selectFrom('merchant_totals')
    .select(totalColumns.map((c) => sums(c).as(c)))
    .where(inScope(scope, 'merchant_id'))
    .executeTakeFirstOrThrow();
  return asTotals(row);
}

/** Stalls with at least one cashless sale that day. */
export async function activeStalls(db: Executor, day: string, scope: StatsScope = ALL): Promise<number> {
  const row = await db
    .selectFrom('merchant_daily')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('day', '=', day)
    .where(sql<boolean>`bank_qr_count + mobile_money_count > 0`)
    .where(inScope(scope, 'merchant_id'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function stallCounts(db: Executor, scope: StatsScope = ALL): Promise<{ onboarded: number }> {
  const row = await db
    .selectFrom('merchants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(inScope(scope, 'id'))
    .executeTakeFirstOrThrow();
  return { onboarded: Number(row.n) };
}

/**
 * The day's sales per hour between `from` and `to`. A site's reads each of its stalls' hours by the stall-first index
 * (migration 0025) in a lateral subquery; `offset 0` keeps the planner from folding it into a join that scans every
 * stall's hours of the day and keeps the site's (which it picks while the day's rows are most of the table, as on a
 * fresh deployment). A province holds a quarter of the stalls or more: reading the day's rows once and keeping its
 * stalls' costs less than a probe per stall.
 */
export async function salesPerHour(db: Executor, from: Date, to: Date, scope: StatsScope = ALL) {
  if (scope.kind === 'site') {
    const { rows } = await sql<{ hour: Date; count: number; value: number; cashless_count: number }>`
      select h.hour, ${sums('h.sales_count')} as count, ${sums('h.sales_value')} as value,
             ${sums('h.cashless_count')} as cashless_count
        from (${scopeStalls(scope)}) m
       cross join lateral (select hour, sales_count, sales_value, cashless_count from merchant_hourly
                            where merchant_id = m.id and hour >= ${from} and hour < ${to} offset 0) h
       group by h.hour order by h.hour`.execute(db);
    return rows;
  }
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
    .where(inScope(scope, 'merchant_id'))
    .groupBy('hour')
    .orderBy('hour')
    .execute();
}

/** The payer banks and wallets of one day (from payer_daily) or of all time (from the running totals, payer_totals). */
export async function payerMix(db: Executor, day?: string, scope: StatsScope = ALL) {
  const columns = ['payer', 'method', sums('count').as('count'), sums('value').as('value')] as const;
  if (!day)
    return db
      .selectFrom('payer_totals')
      .select(columns)
      .where(inScope(scope, 'merchant_id'))
      .groupBy(['payer', 'method'])
      .orderBy('value', 'desc')
      .execute();
  return db
    .selectFrom('payer_daily')
    .select(columns)
    .where('day', '=', day)
    .where(inScope(scope, 'merchant_id'))
    .groupBy(['payer', 'method'])
    .orderBy('value', 'desc')
    .execute();
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

/** How far back (in events) a province's ticker looks for its sales: bounds its cost whatever the history. */
export const SCOPED_TICKER_WINDOW = 20_000;

type TickerRow = { id: number; type: string; data: Record<string, unknown>; created_at: Date };

/**
 * The latest sales and activations for the ticker (newest first), read by primary key from the events table. A site
 * shows its stalls' latest sales: each stall's newest `limit` by the index of sale events by stall (migration 0025),
 * then the newest `limit` of those, so its cost follows the site's stalls, never the outbox. A province (a quarter of
 * the stalls or more) shows its stalls' sales found among the latest SCOPED_TICKER_WINDOW events: a quiet province's
 * ticker may be short, but no snapshot walks the whole outbox looking for one.
 */
export async function recentEvents(db: Executor, limit: number, scope: StatsScope = ALL): Promise<TickerRow[]> {
  if (scope.kind === 'site') {
    // The type is a literal, not a parameter, so the planner can match the partial index's predicate.
    const { rows } = await sql<TickerRow>`
      select e.id, e.type, e.data, e.created_at
        from (select l.id from (${scopeStalls(scope)}) m
               cross join lateral (select id from events
                                    where merchant_id = m.id and type = 'sale.recorded'
                                    order by id desc limit ${limit}) l
               order by l.id desc limit ${limit}) latest
        join events e on e.id = latest.id
       order by e.id desc`.execute(db);
    return rows;
  }
  let q = db
    .selectFrom('events')
    .select(['id', 'type', 'data', 'created_at'])
    .where('type', 'in', scope.kind === 'all' ? ['sale.recorded', 'activation.recorded'] : ['sale.recorded']);
  if (scope.kind !== 'all')
    q = q
      .where(inScope(scope, 'merchant_id'))
      .where(sql<boolean>`id > (select coalesce(max(id), 0) from events) - ${SCOPED_TICKER_WINDOW}`);
  return q.orderBy('id', 'desc').limit(limit).execute();
}
