import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { vietnamDay } from '../time/vietnam.js';
import type { SaleMethod } from './sales.table.js';

// The board's rollups, written in the same transaction as the sales they count. Many sales are folded into one
// multi-row upsert per table, keys sorted so concurrent transactions lock rows in the same order (no deadlocks).

type Row = Record<string, string | number | Date>;

async function upsertAdding(trx: Executor, table: string, keys: string[], values: string[], rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = [...keys, ...values];
  const keyOf = (r: Row) => keys.map((k) => (r[k] instanceof Date ? (r[k] as Date).toISOString() : String(r[k]))).join('\u0000');
  const merged = new Map<string, Row>();
  for (const r of rows) {
    const k = keyOf(r);
    const prev = merged.get(k);
    if (!prev) merged.set(k, { ...r });
    else for (const v of values) prev[v] = Number(prev[v]) + Number(r[v]);
  }
  const sorted = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))})
    values ${sql.join(sorted.map((r) => sql`(${sql.join(cols.map((c) => r[c]))})`))}
    on conflict (${sql.join(keys.map((k) => sql.ref(k)))}) do update set
    ${sql.join(values.map((v) => sql`${sql.ref(v)} = ${sql.table(table)}.${sql.ref(v)} + ${sql.ref(`excluded.${v}`)}`))}`.execute(trx);
}

const dailyValues = [
  'sales_count', 'sales_value', 'cash_count', 'cash_value', 'bank_qr_count', 'bank_qr_value',
  'mobile_money_count', 'mobile_money_value', 'refund_count', 'refund_value', 'invoice_count',
] as const;
export type DailyDelta = Partial<Record<(typeof dailyValues)[number], number>>;

/** Adds to the stalls' rollups for their Vietnam days. */
export async function addToMerchantDaily(trx: Executor, entries: Array<{ merchantId: string; at: Date; delta: DailyDelta }>) {
  const rows = entries.map(({ merchantId, at, delta }) => ({
    day: vietnamDay(at),
    merchant_id: merchantId,
    ...Object.fromEntries(dailyValues.map((v) => [v, delta[v] ?? 0])),
  }));
  await upsertAdding(trx, 'merchant_daily', ['day', 'merchant_id'], [...dailyValues], rows);
}

export interface SaleFact {
  merchantId: string;
  at: Date;
  method: SaleMethod;
  amount: number;
  payer: string | null;
}

/** Everything a batch of sales adds to the rollups: day × stall (with its invoices), hour × stall, day × stall × payer. */
export async function addSales(trx: Executor, sales: SaleFact[]): Promise<void> {
  await addToMerchantDaily(
    trx,
    sales.map((s) => ({
      merchantId: s.merchantId,
      at: s.at,
      delta: { sales_count: 1, sales_value: s.amount, [`${s.method}_count`]: 1, [`${s.method}_value`]: s.amount, invoice_count: 1 },
    })),
  );
  await upsertAdding(
    trx,
    'merchant_hourly',
    ['hour', 'merchant_id'],
    ['sales_count', 'sales_value', 'cashless_count', 'cashless_value'],
    sales.map((s) => {
      const cashless = s.method === 'cash' ? 0 : 1;
      return { hour: new Date(Math.floor(s.at.getTime() / 3600_000) * 3600_000), merchant_id: s.merchantId, sales_count: 1, sales_value: s.amount, cashless_count: cashless, cashless_value: cashless * s.amount };
    }),
  );
  await upsertAdding(
    trx,
    'payer_daily',
    ['day', 'merchant_id', 'payer', 'method'],
    ['count', 'value'],
    sales.filter((s) => s.method !== 'cash').map((s) => ({ day: vietnamDay(s.at), merchant_id: s.merchantId, payer: s.payer ?? 'UNKNOWN', method: s.method, count: 1, value: s.amount })),
  );
}
