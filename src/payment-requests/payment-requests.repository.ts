import type { Insertable, Selectable } from 'kysely';
import { type BatchWrite, type Executor, preparedQuery, uuidV7, type PaymentRequestsTable } from '../db/index.js';

export type PaymentRequestRow = Selectable<PaymentRequestsTable>;

export const paymentRequestColumns = [
  'id',
  'merchant_id',
  'reference',
  'amount',
  'description',
  'items',
  'status',
  'expires_at',
  'paid_at',
  'created_at',
] as const;

/**
 * Every dynamic QR inserts one request, so the statement has a fixed text and is prepared once per connection
 * (src/db/prepared.ts): no query building per call, and Postgres parses and plans it once.
 */
const INSERT_REQUEST = `insert into "payment_requests"
  ("id", "merchant_id", "reference", "amount", "description", "items", "expires_at")
  values ($1, $2, $3, $4, $5, $6, $7)
  returning ${paymentRequestColumns.map((c) => `"${c}"`).join(', ')}`;

export async function insertPaymentRequest(
  db: Executor,
  values: Insertable<PaymentRequestsTable>,
): Promise<PaymentRequestRow> {
  const { rows } = await db.executeQuery(
    preparedQuery<PaymentRequestRow>(INSERT_REQUEST, [
      values.id ?? uuidV7(),
      values.merchant_id,
      values.reference,
      values.amount,
      values.description ?? null,
      values.items ?? null,
      values.expires_at,
    ]),
  );
  return rows[0];
}

export async function findPaymentRequest(db: Executor, id: string): Promise<PaymentRequestRow | undefined> {
  return db.selectFrom('payment_requests').select(paymentRequestColumns).where('id', '=', id).executeTakeFirst();
}

export async function cancelPendingRequest(db: Executor, id: string): Promise<PaymentRequestRow | undefined> {
  return db
    .updateTable('payment_requests')
    .set({ status: 'cancelled' })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '>', new Date())
    .returning(paymentRequestColumns)
    .executeTakeFirst();
}

/** A request a credit paid: its new status and when. */
export interface PaidRequest {
  readonly id: string;
  readonly status: 'paid';
  readonly paid_at: Date;
}

/** Adds the requests a batch of credits paid to that batch's write (this module owns payment_requests). */
export function writeRequestsPaid(write: BatchWrite, rows: readonly PaidRequest[]): void {
  write.update('payment_requests', 'id', ['status', 'paid_at'], rows);
}
