import type { BatchRow, BatchWrite, DB, SaleMethod } from '../db/index.js';
import { vietnamDay } from '../time/index.js';

// The board's rollups, written in the same transaction (and the same statement) as the sales they count. Many sales
// are folded into one upsert per table; BatchWrite sums rows with the same key and sorts them, so concurrent
// transactions lock rollup rows in the same order (no deadlocks). Each day × stall rollup also feeds the stall's
// all-time running total (merchant_totals, payer_totals) in that same statement: one more upsert per table for the
// batch, so the board's all-time figures cost one row per stall whatever the length of the history.

const dailyValues = [
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
export type DailyDelta = Partial<Record<(typeof dailyValues)[number], number>>;
const hourlyValues = ['sales_count', 'sales_value', 'cashless_count', 'cashless_value'] as const;
const payerValues = ['count', 'value'] as const;

type DailyRow = BatchRow<DB, 'merchant_daily', 'day' | 'merchant_id'> & DailyDelta;
type HourlyRow = BatchRow<DB, 'merchant_hourly', 'hour' | 'merchant_id' | (typeof hourlyValues)[number]>;
type PayerRow = BatchRow<DB, 'payer_daily', 'day' | 'merchant_id' | 'payer' | 'method' | (typeof payerValues)[number]>;

/** What some change adds to the rollups, as rows (summed per key when written). */
export interface RollupChanges {
  readonly merchantDaily: readonly DailyRow[];
  readonly merchantHourly: readonly HourlyRow[];
  readonly payerDaily: readonly PayerRow[];
}

export const dailyRow = (merchantId: string, at: Date, delta: DailyDelta): DailyRow => ({
  day: vietnamDay(at),
  merchant_id: merchantId,
  ...delta,
});

/** The same figures without their day: what they add to the all-time running totals. */
const allTime = <R extends { day: string }>({ day: _day, ...rest }: R): Omit<R, 'day'> => rest;

/** Adds to the stalls' rollups for their Vietnam days, and to their all-time running totals. */
export function addToMerchantDaily(write: BatchWrite, rows: readonly DailyRow[]): void {
  write.upsertAdding('merchant_daily', ['day', 'merchant_id'], dailyValues, rows);
  write.upsertAdding('merchant_totals', ['merchant_id'], dailyValues, rows.map(allTime));
}

export interface SaleFact {
  merchantId: string;
  at: Date;
  method: SaleMethod;
  amount: number;
  payer: string | null;
}

/** What one sale adds: day × stall (with its invoice), hour × stall, and day × stall × payer for cashless money. Pure. */
export function saleRollups(s: SaleFact): RollupChanges {
  const delta: DailyDelta = { sales_count: 1, sales_value: s.amount, invoice_count: 1 };
  delta[`${s.method}_count`] = 1;
  delta[`${s.method}_value`] = s.amount;
  const cashless = s.method === 'cash' ? 0 : 1;
  const hour = new Date(Math.floor(s.at.getTime() / 3600_000) * 3600_000);
  return {
    merchantDaily: [dailyRow(s.merchantId, s.at, delta)],
    merchantHourly: [
      {
        hour,
        merchant_id: s.merchantId,
        sales_count: 1,
        sales_value: s.amount,
        cashless_count: cashless,
        cashless_value: cashless * s.amount,
      },
    ],
    payerDaily:
      s.method === 'cash'
        ? []
        : [
            {
              day: vietnamDay(s.at),
              merchant_id: s.merchantId,
              payer: s.payer ?? 'UNKNOWN',
              method: s.method,
              count: 1,
              value: s.amount,
            },
          ],
  };
}

/** Adds rollup changes to a write: one upsert per rollup table for the lot. */
export function writeRollups(write: BatchWrite, changes: readonly RollupChanges[]): void {
  addToMerchantDaily(
    write,
    changes.flatMap((c) => c.merchantDaily),
  );
  write.upsertAdding(
    'merchant_hourly',
    ['hour', 'merchant_id'],
    hourlyValues,
    changes.flatMap((c) => c.merchantHourly),
  );
  write.upsertAdding(
    'payer_daily',
    ['day', 'merchant_id', 'payer', 'method'],
    payerValues,
    changes.flatMap((c) => c.payerDaily),
  );
  write.upsertAdding(
    'payer_totals',
    ['merchant_id', 'payer', 'method'],
    payerValues,
    changes.flatMap((c) => c.payerDaily.map(allTime)),
  );
}
