import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import { uuidV7 } from '../db/uuid-v7.js';
import type { PaymentRequestsTable } from './payment-requests.table.js';

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

export async function insertPaymentRequest(
  db: Executor,
  values: Insertable<PaymentRequestsTable>,
): Promise<PaymentRequestRow> {
  return db
    .insertInto('payment_requests')
    .values({ id: uuidV7(), ...values })
    .returning(paymentRequestColumns)
    .executeTakeFirstOrThrow();
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
