import { sql, type Selectable } from 'kysely';
import type { BatchWrite, Executor, PaymentOutcome, PaymentsTable } from '../db/index.js';
import { merchantInScopeFilter, type StaffScope } from '../auth/index.js';

export type PaymentRow = Selectable<PaymentsTable>;

export const paymentColumns = [
  'id',
  'notification_id',
  'provider',
  'provider_tx_id',
  'outcome',
  'merchant_id',
  'payment_request_id',
  'sale_id',
  'amount',
  'bin',
  'account_number',
  'description',
  'payer_bank',
  'payer_name',
  'occurred_at',
  'resolved_at',
  'resolved_by',
  'resolution_note',
  'test',
  'created_at',
] as const;

/** Adds complete payment rows to a batch write (the rows are what the caller keeps; nothing is read back). */
export function writePayments(write: BatchWrite, rows: readonly PaymentRow[]): void {
  write.insert('payments', paymentColumns, rows);
}

export async function findPaymentsByProviderTx(db: Executor, keys: Array<{ provider: string; providerTxId: string }>) {
  return db
    .selectFrom('payments')
    .select(paymentColumns)
    .where((eb) =>
      eb.or(keys.map((k) => eb.and([eb('provider', '=', k.provider), eb('provider_tx_id', '=', k.providerTxId)]))),
    )
    .execute();
}

export async function findPaymentForUpdate(db: Executor, id: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').select(paymentColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listPayments(
  db: Executor,
  q: {
    outcome?: PaymentOutcome;
    open?: boolean;
    /** A staff member's scope: payments of stalls in it (unmatched money, in no site, only for `all`). */
    scope: StaffScope;
    before?: { createdAt: Date; id: string };
    limit: number;
  },
) {
  let query = db
    .selectFrom('payments')
    .where(merchantInScopeFilter(q.scope, 'payments.merchant_id'))
    .select(paymentColumns)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  if (q.open) query = query.where('resolved_at', 'is', null);
  if (q.before) {
    const { createdAt, id } = q.before;
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]),
    );
  }
  return query.execute();
}

/** A stall's payments still waiting for review, newest first (read through the partial index payments_open_by_stall). */
export async function listWaitingPayments(db: Executor, merchantId: string, limit: number) {
  return db
    .selectFrom('payments')
    .select(['id', 'outcome', 'amount', 'payment_request_id', 'occurred_at'])
    .where('merchant_id', '=', merchantId)
    .where('resolved_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function resolvePayment(
  db: Executor,
  id: string,
  values: { merchant_id?: string; sale_id?: string; resolved_by: string; resolution_note?: string },
) {
  return db
    .updateTable('payments')
    .set({ ...values, resolved_at: new Date() })
    .where('id', '=', id)
    .returning(paymentColumns)
    .executeTakeFirstOrThrow();
}

/** Refused deliveries kept in detail per source (client IP) and minute; the rest are only counted. */
export const REJECTIONS_KEPT_PER_MINUTE = 20;

/**
 * Logs a refused delivery in one statement: the source's counter for this minute goes up (the row lock orders
 * concurrent refusals), and the detail row is written only while that count is within the bound. A flood of bad
 * signatures from one address thus stores at most REJECTIONS_KEPT_PER_MINUTE rows a minute, and the count of all.
 * Returns that count so far (this refusal included).
 */
export async function recordRejection(
  db: Executor,
  provider: string,
  reason: string,
  ip: string | null,
): Promise<{ rejected: number }> {
  const source = ip ?? '';
  const result = await sql<{ rejected: number }>`
    with counted as (
      insert into webhook_rejection_counts (source, minute, rejected)
      values (${source}, date_trunc('minute', now()), 1)
      on conflict (source, minute) do update set rejected = webhook_rejection_counts.rejected + 1
      returning rejected
    )
    , kept as (
      insert into webhook_rejections (provider, reason, ip)
      select ${provider}, ${reason}, ${ip} from counted where rejected <= ${REJECTIONS_KEPT_PER_MINUTE}
    )
    select rejected from counted`.execute(db);
  return { rejected: Number(result.rows[0].rejected) };
}

/** Keeps a notification whose processing failed, so it is never lost; a later delivery reprocesses it. */
export async function storeFailedNotification(
  db: Executor,
  provider: string,
  providerTxId: string,
  rawBody: string,
  error: string,
) {
  await db
    .insertInto('notifications')
    .values({
      provider,
      provider_tx_id: providerTxId,
      raw_body: rawBody,
      status: 'failed',
      error: error.slice(0, 2000),
    })
    .onConflict((oc) => oc.columns(['provider', 'provider_tx_id']).doNothing())
    .execute();
}
