import type { Selectable } from 'kysely';
import { insertInBatch, type RequestInsert } from './request-inserts.js';
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

/** One request alone, for when its batch failed: its own error (a unique violation, say) reaches the caller. */
const INSERT_REQUEST = `insert into "payment_requests"
  ("id", "merchant_id", "reference", "amount", "description", "items", "expires_at")
  values ($1, $2, $3, $4, $5, $6, $7)
  returning "created_at"`;

/** A unique violation, as Postgres reports it: the caller draws another reference and tries again. */
const referenceTaken = () => Object.assign(new Error('payment request reference already taken'), { code: '23505' });

/**
 * Inserts a payment request with the others being created at the same moment (one statement and one commit for the
 * lot, request-inserts.ts); both statements have a fixed text, prepared once per connection. Only what the database
 * decides comes back (the creation time); the rest of the row is what was inserted, as the other columns' defaults
 * (pending, not paid) say. `db` is the pool, never a transaction.
 */
export async function insertPaymentRequest(
  db: Executor,
  values: Omit<RequestInsert, 'id' | 'description'> & { id?: string; description?: string | null },
): Promise<PaymentRequestRow> {
  const row: RequestInsert = { ...values, id: values.id ?? uuidV7(), description: values.description ?? null };
  let createdAt = await insertInBatch(db, row);
  if (createdAt === 'reference-taken') throw referenceTaken();
  if (createdAt === 'batch-failed') {
    const { rows } = await db.executeQuery(
      preparedQuery<{ created_at: Date }>(INSERT_REQUEST, [
        row.id,
        row.merchant_id,
        row.reference,
        row.amount,
        row.description,
        row.items ? JSON.stringify(row.items) : null,
        row.expires_at,
      ]),
    );
    createdAt = rows[0].created_at;
  }
  return { ...row, status: 'pending', paid_at: null, created_at: createdAt };
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
