import type { Insertable, Selectable } from 'kysely';
import type { SaleItem } from '../db/index.js';
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
 * (src/db/prepared.ts): no query building per call, and Postgres parses and plans it once. Only what the database
 * decides comes back (the creation time); the rest of the row is what was inserted, as the other columns' defaults
 * (pending, not paid) say.
 */
const INSERT_REQUEST = `insert into "payment_requests"
  ("id", "merchant_id", "reference", "amount", "description", "items", "expires_at")
  values ($1, $2, $3, $4, $5, $6, $7)
  returning "created_at"`;

export async function insertPaymentRequest(
  db: Executor,
  values: Omit<Insertable<PaymentRequestsTable>, 'items' | 'expires_at'> & {
    items: SaleItem[] | null;
    expires_at: Date;
  },
): Promise<PaymentRequestRow> {
  const id = values.id ?? uuidV7();
  const description = values.description ?? null;
  const { rows } = await db.executeQuery(
    preparedQuery<{ created_at: Date }>(INSERT_REQUEST, [
      id,
      values.merchant_id,
      values.reference,
      values.amount,
      description,
      values.items ? JSON.stringify(values.items) : null,
      values.expires_at,
    ]),
  );
  return {
    id,
    merchant_id: values.merchant_id,
    reference: values.reference,
    amount: values.amount,
    description,
    items: values.items,
    status: 'pending',
    expires_at: values.expires_at,
    paid_at: null,
    created_at: rows[0].created_at,
  };
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
