import type { Executor } from '../db/index.js';
import { invoiceMessage, readReceipt, readResult, type AuthorityError } from './messages.js';
import type { TaxAuthorityTransport } from './transport.js';
import { claimDue, recordAttempt, type AttemptOutcome, type TransmissionRow } from './transmissions.repository.js';

/**
 * The invoices' own XML (their HDon) and seller tax codes, by invoice id. The invoices module gives it (the app wires
 * it in), so this module, below invoices, never reads their documents itself.
 */
export type InvoiceMessageSource = (
  db: Executor,
  invoiceIds: readonly string[],
) => Promise<Map<string, { xml: string; sellerTaxCode: string | null }>>;

export interface SenderOptions {
  db: Executor;
  transport: TaxAuthorityTransport;
  source: InvoiceMessageSource;
  /** MNGui: the sender's code (a T-VAN provider gives it; at most 14 characters). */
  senderCode: string;
  /** Rows one pass takes at most. */
  batch?: number;
  /** How long a taken row is held before another sender may take it (a sender that died mid-send). */
  leaseMs?: number;
  /** First wait after an attempt that did not reach the authority, doubled each time up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Wait before asking again for the result of a message the authority received. */
  pollMs?: number;
}

/** What one pass did, for logs and tests. */
export interface PassReport {
  taken: number;
  sent: number;
  accepted: number;
  rejected: number;
  unreachable: number;
}

const firstError = (errors: AuthorityError[], fallback: string): AuthorityError =>
  errors[0] ?? { code: '', text: fallback };

/**
 * One pass of the sender: takes the due rows and carries each one step further. A row whose earlier attempt may have
 * reached the authority (any attempt after the first) is looked up by its message id before anything is sent, so a
 * message is sent again only when the authority never got it, and always under the id it was first given.
 */
export function transmissionSender(options: SenderOptions) {
  const { db, transport, source, senderCode } = options;
  const batch = options.batch ?? 50;
  const leaseMs = options.leaseMs ?? 60_000;
  const retryMs = options.retryMs ?? 5_000;
  const maxRetryMs = options.maxRetryMs ?? 15 * 60_000;
  const pollMs = options.pollMs ?? 10_000;
  const later = (now: Date, ms: number) => new Date(now.getTime() + ms);
  const backoff = (attempts: number) => Math.min(maxRetryMs, retryMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));

  function decide(receipt: string, found: { receipt: string; result: string | null } | null, at: Date): AttemptOutcome {
    const r = readReceipt(found?.receipt ?? receipt);
    if (!r.received) {
      const e = firstError(r.errors, 'refused by the technical receipt');
      return { kind: 'decided', status: 'rejected', receipt: found?.receipt ?? receipt, result: null, ...e, at };
    }
    if (!found?.result) return { kind: 'sent', receipt: found?.receipt ?? receipt, pollAt: later(at, pollMs), at };
    const result = readResult(found.result);
    if (result.valid) return { kind: 'decided', status: 'accepted', receipt: found.receipt, result: found.result, at };
    const e = firstError(result.errors, 'rejected by the check result');
    return { kind: 'decided', status: 'rejected', receipt: found.receipt, result: found.result, ...e, at };
  }

  async function step(row: TransmissionRow, payload: { xml: string; sellerTaxCode: string | null } | undefined) {
    const messageId = row.message_id!;
    const now = new Date();
    let found = row.attempts > 1 ? await transport.lookup(messageId) : null;
    let receipt = found?.receipt ?? '';
    if (!found) {
      if (!payload) throw new Error(`invoice ${row.invoice_id} has no document to send`);
      receipt = await transport.send(
        invoiceMessage({ senderCode, messageId, sellerTaxCode: payload.sellerTaxCode }, payload.xml),
      );
      if (readReceipt(receipt).received) found = await transport.lookup(messageId);
    }
    return decide(receipt, found, now);
  }

  async function runOnce(now = new Date()): Promise<PassReport> {
    const rows = await claimDue(db, { now, leaseUntil: later(now, leaseMs), limit: batch, senderCode });
    const report: PassReport = { taken: rows.length, sent: 0, accepted: 0, rejected: 0, unreachable: 0 };
    if (rows.length === 0) return report;
    const payloads = await source(
      db,
      rows.map((r) => r.invoice_id),
    );
    for (const row of rows) {
      let outcome: AttemptOutcome;
      try {
        outcome = await step(row, payloads.get(row.invoice_id));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcome = { kind: 'unreachable', error: message, retryAt: later(now, backoff(row.attempts)) };
      }
      await recordAttempt(db, row.invoice_id, outcome);
      if (outcome.kind === 'unreachable') report.unreachable++;
      else if (outcome.kind === 'sent') report.sent++;
      else report[outcome.status]++;
    }
    return report;
  }

  return { runOnce, transport };
}

export type TransmissionSender = ReturnType<typeof transmissionSender>;
