import { sql } from 'kysely';
import { type BatchWrite, type Executor, saleColumns, type SaleRow } from '../db/index.js';
import { merchantInScopeFilter, type StaffScope } from '../auth/index.js';

export { saleColumns, type SaleRow };

/** Adds complete sale rows to a batch write (the rows are what the caller keeps; nothing is read back). */
export function writeSales(write: BatchWrite, rows: readonly SaleRow[]): void {
  write.insert('sales', saleColumns, rows);
}

export async function findSale(db: Executor, id: string): Promise<SaleRow | undefined> {
  return db.selectFrom('sales').select(saleColumns).where('id', '=', id).executeTakeFirst();
}

export interface SaleQuery {
  merchantId?: string;
  /** A staff member's scope: only sales of stalls in it (none given: every stall). */
  scope?: StaffScope;
  from?: Date;
  to?: Date;
  /** Newest first; the cursor is the last row's (occurred_at, id). */
  before?: { occurredAt: Date; id: string };
  limit: number;
}

export async function listSales(db: Executor, q: SaleQuery): Promise<SaleRow[]> {
  let query = db
    .selectFrom('sales')
    .select(saleColumns)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.merchantId) query = query.where('merchant_id', '=', q.merchantId);
  if (q.scope) query = query.where(merchantInScopeFilter(q.scope, 'sales.merchant_id'));
  if (q.from) query = query.where('occurred_at', '>=', q.from);
  if (q.to) query = query.where('occurred_at', '<', q.to);
  if (q.before) {
    const { occurredAt, id } = q.before;
    query = query.where((eb) =>
      eb.or([eb('occurred_at', '<', occurredAt), eb.and([eb('occurred_at', '=', occurredAt), eb('id', '<', id)])]),
    );
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

export type RefundRow = Awaited<ReturnType<typeof insertRefund>>;

export async function insertRefund(
  db: Executor,
  values: { sale_id: string; merchant_id: string; amount: number; reason: string | null },
) {
  return db
    .insertInto('refunds')
    .values(values)
    .returning(['id', 'sale_id', 'amount', 'reason', 'created_at'])
    .executeTakeFirstOrThrow();
}
