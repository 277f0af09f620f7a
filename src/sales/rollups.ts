import type { BatchWrite } from '../db/batch-write.js';
import { vietnamDay } from '../time/vietnam.js';
import type { SaleMethod } from './sales.table.js';

// The board's rollups, written in the same transaction (and the same statement) as the sales they count. Many sales
// are folded into one upsert per table; BatchWrite sums rows with the same key and sorts them, so concurrent
// transactions lock rollup rows in the same order (no deadlocks).

const dailyValues = [
  'sales_count', 'sales_value', 'cash_count', 'cash_value', 'bank_qr_count', 'bank_qr_value',
  'mobile_money_count', 'mobile_money_value', 'refund_count', 'refund_value', 'invoice_count',
] as const;
export type DailyDelta = Partial<Record<(typeof dailyValues)[number], number>>;

/** Adds to the stalls' rollups for their Vietnam days. */
export function addToMerchantDaily(write: BatchWrite, entries: Array<{ merchantId: string; at: Date; delta: DailyDelta }>): void {
  write.upsertAdding(
    'merchant_daily',
    ['day', 'merchant_id'],
    dailyValues,
    entries.map(({ merchantId, at, delta }) => ({ day: vietnamDay(at), merchant_id: merchantId, ...delta })),
  );
}

export interface SaleFact {
  merchantId: string;
  at: Date;
  method: SaleMethod;
  amount: number;
  payer: string | null;
}

/** Everything a batch of sales adds to the rollups: day × stall (with its invoices), hour × stall, day × stall × payer. */
export function addSales(write: BatchWrite, sales: SaleFact[]): void {
  addToMerchantDaily(
    write,
    sales.map((s) => ({
      merchantId: s.merchantId,
      at: s.at,
      delta: { sales_count: 1, sales_value: s.amount, [`${s.method}_count`]: 1, [`${s.method}_value`]: s.amount, invoice_count: 1 },
    })),
  );
  write.upsertAdding(
    'merchant_hourly',
    ['hour', 'merchant_id'],
    ['sales_count', 'sales_value', 'cashless_count', 'cashless_value'],
    sales.map((s) => {
      const cashless = s.method === 'cash' ? 0 : 1;
      return { hour: new Date(Math.floor(s.at.getTime() / 3600_000) * 3600_000), merchant_id: s.merchantId, sales_count: 1, sales_value: s.amount, cashless_count: cashless, cashless_value: cashless * s.amount };
    }),
  );
  write.upsertAdding(
    'payer_daily',
    ['day', 'merchant_id', 'payer', 'method'],
    ['count', 'value'],
    sales.filter((s) => s.method !== 'cash').map((s) => ({ day: vietnamDay(s.at), merchant_id: s.merchantId, payer: s.payer ?? 'UNKNOWN', method: s.method, count: 1, value: s.amount })),
  );
}
