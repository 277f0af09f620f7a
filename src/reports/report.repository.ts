import { sql } from 'kysely';
import type { Executor } from '../db/index.js';
import { inScope, type ReportScope } from './scope.js';

// Every figure of a report comes from the rollups the sales write keeps (day × stall, hour × stall, day × stall ×
// payer), so a month costs days × stalls rows, never a scan of its sales. Invoice transmission has no rollup: it is
// counted over the period's invoices through the (merchant_id, issued_at) index.

/** A report's days, both included, in Vietnam time: `YYYY-MM-DD`. */
export interface Period {
  firstDay: string;
  lastDay: string;
  /** The instants the period starts and ends (exclusive), for hourly rows and timestamps. */
  from: Date;
  to: Date;
}

const sum = (column: string) => sql<string>`coalesce(sum(${sql.ref(column)}), 0)::bigint`;

export const TOTAL_COLUMNS = [
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
export type Totals = Record<(typeof TOTAL_COLUMNS)[number], number>;

const numbers = <K extends string>(row: Record<K, unknown>, keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, Number(row[k])])) as Record<K, number>;

const daily = (db: Executor, scope: ReportScope, p: Period) =>
  db
    .selectFrom('merchant_daily as d')
    .where('d.day', '>=', p.firstDay)
    .where('d.day', '<=', p.lastDay)
    .where(inScope(scope, 'd.merchant_id'));

export async function totals(db: Executor, scope: ReportScope, p: Period): Promise<Totals> {
  const row = await daily(db, scope, p)
    .select(TOTAL_COLUMNS.map((c) => sum(`d.${c}`).as(c)))
    .executeTakeFirstOrThrow();
  return numbers(row, TOTAL_COLUMNS);
}

/** The totals of each site that sold in the period (a province report's columns). */
export async function totalsPerSite(db: Executor, scope: ReportScope, p: Period) {
  const rows = await daily(db, scope, p)
    .innerJoin('merchants as m', 'm.id', 'd.merchant_id')
    .select(['m.site_id', ...TOTAL_COLUMNS.map((c) => sum(`d.${c}`).as(c))])
    .groupBy('m.site_id')
    .execute();
  return new Map(rows.map((r) => [r.site_id, numbers(r, TOTAL_COLUMNS)]));
}

export async function perDay(db: Executor, scope: ReportScope, p: Period) {
  const rows = await daily(db, scope, p)
    .select([
      sql<string>`to_char(d.day, 'YYYY-MM-DD')`.as('day'),
      sum('d.sales_count').as('count'),
      sum('d.sales_value').as('value'),
      sql<string>`coalesce(sum(d.bank_qr_value + d.mobile_money_value), 0)::bigint`.as('cashless_value'),
    ])
    .groupBy('d.day')
    .orderBy('d.day')
    .execute();
  return rows.map((r) => ({ day: r.day, ...numbers(r, ['count', 'value', 'cashless_value'] as const) }));
}

export async function perHour(db: Executor, scope: ReportScope, p: Period) {
  const rows = await db
    .selectFrom('merchant_hourly as h')
    .select([
      'h.hour',
      sum('h.sales_count').as('count'),
      sum('h.sales_value').as('value'),
      sum('h.cashless_value').as('cashless_value'),
    ])
    .where('h.hour', '>=', p.from)
    .where('h.hour', '<', p.to)
    .where(inScope(scope, 'h.merchant_id'))
    .groupBy('h.hour')
    .orderBy('h.hour')
    .execute();
  return rows.map((r) => ({ hour: new Date(r.hour), ...numbers(r, ['count', 'value', 'cashless_value'] as const) }));
}

export async function perPayer(db: Executor, scope: ReportScope, p: Period) {
  const rows = await db
    .selectFrom('payer_daily as y')
    .select(['y.payer', 'y.method', sum('y.count').as('count'), sum('y.value').as('value')])
    .where('y.day', '>=', p.firstDay)
    .where('y.day', '<=', p.lastDay)
    .where(inScope(scope, 'y.merchant_id'))
    .groupBy(['y.payer', 'y.method'])
    .orderBy('value', 'desc')
    .orderBy('y.payer')
    .execute();
  return rows.map((r) => ({ payer: r.payer, method: r.method, ...numbers(r, ['count', 'value'] as const) }));
}

/** Every stall of the scope (those that sold nothing too, at 0), best first by value. */
export async function perStall(db: Executor, scope: ReportScope, p: Period) {
  const sold = daily(db, scope, p)
    .select([
      'd.merchant_id',
      sum('d.sales_count').as('count'),
      sum('d.sales_value').as('value'),
      sql<string>`coalesce(sum(d.bank_qr_value + d.mobile_money_value), 0)::bigint`.as('cashless_value'),
    ])
    .groupBy('d.merchant_id');
  const rows = await db
    .selectFrom('merchants as m')
    .leftJoin(sold.as('s'), 's.merchant_id', 'm.id')
    .leftJoin('sites as site', 'site.id', 'm.site_id')
    .select(['m.id', 'm.stall_code', 'm.name', 'm.created_at', 'site.slug as site', 's.count', 's.value', 's.cashless_value'])
    .where(inScope(scope, 'm.id'))
    .where('m.created_at', '<', p.to)
    .orderBy(sql`coalesce(s.value, 0)`, 'desc')
    .orderBy('m.stall_code')
    .execute();
  return rows.map((r) => ({
    stallCode: r.stall_code,
    name: r.name,
    site: r.site,
    createdAt: new Date(r.created_at),
    count: Number(r.count ?? 0),
    value: Number(r.value ?? 0),
    cashlessValue: Number(r.cashless_value ?? 0),
  }));
}

/** Where the period's invoices stand with the tax authority (test invoices are never sent, so never counted). */
export async function transmissions(db: Executor, scope: ReportScope, p: Period) {
  const rows = await db
    .selectFrom('invoices as i')
    .innerJoin('invoice_transmissions as t', 't.invoice_id', 'i.id')
    .select(['t.status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('i.issued_at', '>=', p.from)
    .where('i.issued_at', '<', p.to)
    .where(inScope(scope, 'i.merchant_id'))
    .groupBy('t.status')
    .execute();
  const counts = { queued: 0, sent: 0, accepted: 0, rejected: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Mobile-money activations recorded in the period in the given wards (activations count per ward, not per stall). */
export async function activationsIn(db: Executor, wards: readonly string[], p: Period) {
  if (wards.length === 0) return [];
  const rows = await db
    .selectFrom('activation_daily as a')
    .select(['a.ward_code', 'a.provider', sum('a.count').as('count')])
    .where('a.day', '>=', p.firstDay)
    .where('a.day', '<=', p.lastDay)
    .where('a.ward_code', 'in', wards)
    .groupBy(['a.ward_code', 'a.provider'])
    .execute();
  return rows.map((r) => ({ ward: r.ward_code!, provider: r.provider, count: Number(r.count) }));
}
