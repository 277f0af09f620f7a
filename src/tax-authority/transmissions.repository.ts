import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import type { BatchWrite, Executor, InvoiceTransmissionsTable, TransmissionStatus } from '../db/index.js';

export type TransmissionRow = Selectable<InvoiceTransmissionsTable>;

/** What a write needs of an invoice to queue it (an InvoiceRow has all of it). */
export interface QueuedInvoice {
  readonly id: string;
  readonly merchant_id: string;
  readonly test: boolean;
  readonly issued_at: Date;
}

/**
 * Queues invoices for transmission in the write that inserts them (this module owns invoice_transmissions): one more
 * part of the same statement, so no round trip of its own. A test invoice is never queued: the sandbox bank's money
 * is not a sale the tax authority hears of.
 */
export function queueTransmissions(write: BatchWrite, invoices: readonly QueuedInvoice[]): void {
  write.insert(
    'invoice_transmissions',
    ['invoice_id', 'merchant_id', 'queued_at', 'next_attempt_at'],
    invoices
      .filter((i) => !i.test)
      .map((i) => ({
        invoice_id: i.id,
        merchant_id: i.merchant_id,
        queued_at: i.issued_at,
        next_attempt_at: i.issued_at,
      })),
  );
}

/**
 * Takes up to `limit` rows that are due, skipping those another sender holds (FOR UPDATE SKIP LOCKED), in one
 * statement: each taken row counts an attempt, is leased until `leaseUntil` (so a sender that dies mid-send gives it
 * back) and gets its message id if it had none: the id is fixed by the first attempt and kept for ever after.
 */
export async function claimDue(
  db: Executor,
  q: { now: Date; leaseUntil: Date; limit: number; senderCode: string },
): Promise<TransmissionRow[]> {
  const { rows } = await sql<TransmissionRow>`
    with due as (
      select invoice_id from invoice_transmissions
      where status in ('queued', 'sent') and next_attempt_at <= ${q.now}
      order by next_attempt_at
      limit ${q.limit}
      for update skip locked
    )
    update invoice_transmissions as t
    set attempts = t.attempts + 1,
        next_attempt_at = ${q.leaseUntil},
        message_id = coalesce(t.message_id, ${q.senderCode} || upper(replace(t.invoice_id::text, '-', '')))
    from due where t.invoice_id = due.invoice_id
    returning t.*`.execute(db);
  return rows;
}

/** What one attempt found out, written back to its row (only while the row is still in flight). */
export type AttemptOutcome =
  | { kind: 'unreachable'; error: string; retryAt: Date }
  | { kind: 'sent'; receipt: string; pollAt: Date; at: Date }
  | {
      kind: 'decided';
      status: 'accepted' | 'rejected';
      receipt: string | null;
      result: string | null;
      code?: string;
      text?: string;
      at: Date;
    };

export async function recordAttempt(db: Executor, invoiceId: string, outcome: AttemptOutcome): Promise<void> {
  const update = db
    .updateTable('invoice_transmissions')
    .where('invoice_id', '=', invoiceId)
    .where('status', 'in', ['queued', 'sent']);
  if (outcome.kind === 'unreachable') {
    await update.set({ last_error: outcome.error.slice(0, 500), next_attempt_at: outcome.retryAt }).execute();
  } else if (outcome.kind === 'sent') {
    await update
      .set((eb) => ({
        status: 'sent',
        receipt_xml: outcome.receipt,
        last_error: null,
        sent_at: eb.fn.coalesce('sent_at', sql<Date>`${outcome.at}`),
        next_attempt_at: outcome.pollAt,
      }))
      .execute();
  } else {
    await update
      .set((eb) => ({
        status: outcome.status,
        receipt_xml: eb.fn.coalesce(sql<string | null>`${outcome.receipt}`, 'receipt_xml'),
        result_xml: outcome.result,
        error_code: outcome.code ?? null,
        error_text: outcome.text ?? null,
        last_error: null,
        sent_at: eb.fn.coalesce('sent_at', sql<Date>`${outcome.at}`),
        decided_at: outcome.at,
      }))
      .execute();
  }
}

/** The transmission state of each of these invoices that has one (test invoices have none). */
export async function findTransmissions(db: Executor, invoiceIds: readonly string[]) {
  if (invoiceIds.length === 0) return new Map<string, TransmissionRow>();
  const rows = await db
    .selectFrom('invoice_transmissions')
    .selectAll()
    .where('invoice_id', 'in', [...invoiceIds])
    .execute();
  return new Map(rows.map((r) => [r.invoice_id, r]));
}

/** How an invoice's transmission reads in its JSON: status, MTDiep, and the authority's code and text if rejected. */
export interface TransmissionView {
  status: TransmissionStatus;
  messageId: string | null;
  error?: { code: string; text: string };
}

export function transmissionView(row: TransmissionRow): TransmissionView {
  const view: TransmissionView = { status: row.status, messageId: row.message_id };
  if (row.status === 'rejected') view.error = { code: row.error_code ?? '', text: row.error_text ?? '' };
  return view;
}

/** Invoices issued in [from, to) by where they stand with the tax authority (test invoices are never counted). */
export interface TransmissionCounts {
  issued: number;
  queued: number;
  sent: number;
  accepted: number;
  rejected: number;
}

/**
 * Counts by status the transmissions queued in [from, to) (queued_at is the invoice's issued_at): one short range of
 * the (status, queued_at) index per status (migration 0018), read without touching the table, so the board's cost
 * follows the day's invoices, not all past ones.
 */
export async function transmissionCounts(
  db: Executor,
  from: Date,
  to: Date,
  /** Only some stalls' invoices (a board's site or province): a condition on `merchant_id`. */
  stalls: Expression<SqlBool> = sql<boolean>`true`,
): Promise<TransmissionCounts> {
  const rows = await db
    .selectFrom('invoice_transmissions')
    .where(stalls)
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', 'in', ['queued', 'sent', 'accepted', 'rejected'])
    .where('queued_at', '>=', from)
    .where('queued_at', '<', to)
    .groupBy('status')
    .execute();
  const counts: TransmissionCounts = { issued: 0, queued: 0, sent: 0, accepted: 0, rejected: 0 };
  for (const r of rows) {
    counts[r.status] = Number(r.n);
    counts.issued += Number(r.n);
  }
  return counts;
}
