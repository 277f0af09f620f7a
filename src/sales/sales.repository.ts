import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import { vietnamDay } from '../time/vietnam.js';
import type { SaleMethod, SalesTable } from './sales.table.js';

export type SaleRow = Selectable<SalesTable>;

export const saleColumns = [
  'id', 'merchant_id', 'method', 'amount', 'refunded_amount', 'items', 'buyer', 'payment_request_id', 'occurred_at', 'created_at',
] as const;

export async function insertSale(db: Executor, values: Insertable<SalesTable>): Promise<SaleRow> {
  return db.insertInto('sales').values(values).returning(saleColumns).executeTakeFirstOrThrow();
}

export async function findSale(db: Executor, id: string): Promise<SaleRow | undefined> {
  return db.selectFrom('sales').select(saleColumns).where('id', '=', id).executeTakeFirst();
}

export interface SaleQuery {
  merchantId?: string;
  from?: Date;
  to?: Date;
  /** Newest first; the cursor is the last row's (occurred_at, id). */
  before?: { occurredAt: Date; id: string };
  limit: number;
}

export async function listSales(db: Executor, q: SaleQuery): Promise<SaleRow[]> {
  let query = db.selectFrom('sales').select(saleColumns).orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(q.limit);
  if (q.merchantId) query = query.where('merchant_id', '=', q.merchantId);
  if (q.from) query = query.where('occurred_at', '>=', q.from);
  if (q.to) query = query.where('occurred_at', '<', q.to);
  if (q.before) {
    const { occurredAt, id } = q.before;
    query = query.where((eb) => eb.or([eb('occurred_at', '<', occurredAt), eb.and([eb('occurred_at', '=', occurredAt), eb('id', '<', id)])]));
  }
  return query.execute();
}

/**
 * Adds a refund to a sale only if the total refunded stays within the sale: one conditional UPDATE, so concurrent
 * refunds can never together exceed it. Returns undefined when the refund does not fit.
 */
export async function addRefundedAmount(db: Executor, saleId: string, amount: number): Promise<SaleRow | undefined> {
  return db
    .updateTable('sales')
    .set({ refunded_amount: sql`refunded_amount + ${amount}` })
    .where('id', '=', saleId)
    .where(sql<boolean>`refunded_amount + ${amount} <= amount`)
    .returning(saleColumns)
    .executeTakeFirst();
}

export async function insertRefund(db: Executor, values: { sale_id: string; merchant_id: string; amount: number; reason: string | null }) {
  return db.insertInto('refunds').values(values).returning(['id', 'sale_id', 'amount', 'reason', 'created_at']).executeTakeFirstOrThrow();
}

type DailyDelta = Partial<Record<'sales_count' | 'sales_value' | 'cash_count' | 'cash_value' | 'bank_qr_count' | 'bank_qr_value' | 'mobile_money_count' | 'mobile_money_value' | 'refund_count' | 'refund_value' | 'invoice_count', number>>;

/** Adds to the stall's rollup for that Vietnam day (one upsert; the row is per stall, so stalls never contend). */
export async function bumpMerchantDaily(db: Executor, merchantId: string, at: Date, delta: DailyDelta): Promise<void> {
  const entries = Object.entries(delta).filter(([, v]) => v);
  if (entries.length === 0) return;
  await db
    .insertInto('merchant_daily')
    .values({ day: vietnamDay(at), merchant_id: merchantId, ...delta })
    .onConflict((oc) =>
      oc.columns(['day', 'merchant_id']).doUpdateSet(
        Object.fromEntries(entries.map(([k, v]) => [k, sql`merchant_daily.${sql.ref(k)} + ${v}`])),
      ),
    )
    .execute();
}

export function saleDelta(method: SaleMethod, amount: number): DailyDelta {
  return { sales_count: 1, sales_value: amount, [`${method}_count`]: 1, [`${method}_value`]: amount };
}

/** The hour rollup behind "sales per hour today". */
export async function bumpMerchantHourly(db: Executor, merchantId: string, at: Date, method: SaleMethod, amount: number): Promise<void> {
  const hour = new Date(Math.floor(at.getTime() / 3600_000) * 3600_000);
  const cashless = method === 'cash' ? 0 : 1;
  await db
    .insertInto('merchant_hourly')
    .values({ hour, merchant_id: merchantId, sales_count: 1, sales_value: amount, cashless_count: cashless, cashless_value: cashless * amount })
    .onConflict((oc) =>
      oc.columns(['hour', 'merchant_id']).doUpdateSet({
        sales_count: sql`merchant_hourly.sales_count + 1`,
        sales_value: sql`merchant_hourly.sales_value + ${amount}`,
        cashless_count: sql`merchant_hourly.cashless_count + ${cashless}`,
        cashless_value: sql`merchant_hourly.cashless_value + ${cashless * amount}`,
      }),
    )
    .execute();
}

/** The payer-bank/wallet mix of cashless sales. */
export async function bumpPayerDaily(db: Executor, merchantId: string, at: Date, payer: string, method: SaleMethod, amount: number): Promise<void> {
  await db
    .insertInto('payer_daily')
    .values({ day: vietnamDay(at), merchant_id: merchantId, payer, method, count: 1, value: amount })
    .onConflict((oc) =>
      oc.columns(['day', 'merchant_id', 'payer', 'method']).doUpdateSet({ count: sql`payer_daily.count + 1`, value: sql`payer_daily.value + ${amount}` }),
    )
    .execute();
}
