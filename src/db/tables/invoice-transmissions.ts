import type { Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';

/**
 * Where an invoice stands with the tax authority: `queued` (waiting to be sent, or to be sent again after a failure),
 * `sent` (the technical receipt, MLTDiep 999, said received; the result is awaited), `accepted` or `rejected` (the
 * result message, MLTDiep 204, or a receipt that refused it). docs/tax-authority.md.
 */
export type TransmissionStatus = 'queued' | 'sent' | 'accepted' | 'rejected';

/** One row per invoice to transmit (never a test invoice), written only by the tax-authority module. */
export interface InvoiceTransmissionsTable {
  invoice_id: string;
  merchant_id: string;
  status: Generated<TransmissionStatus>;
  /** MTDiep: fixed by the first attempt (sender code + the invoice id's 32 hex digits) and never changed after. */
  message_id: string | null;
  /** Attempts begun (a claim counts one): the backoff grows with it. */
  attempts: Generated<number>;
  /** When the sender may next take the row; a claim moves it ahead as a lease, so a crashed sender's row comes back. */
  next_attempt_at: Timestamp;
  /** Why the last attempt did not reach the authority (a network error, a timeout); null once it did. */
  last_error: string | null;
  /** The authority's code and text when it rejected the invoice (MLoi and MTa/MTLoi). */
  error_code: string | null;
  error_text: string | null;
  /** The technical receipt (999) and the result (204) as received, for audit. */
  receipt_xml: string | null;
  result_xml: string | null;
  queued_at: Timestamp;
  sent_at: Timestamp | null;
  decided_at: Timestamp | null;
}

export interface InvoiceTransmissionTables {
  invoice_transmissions: InvoiceTransmissionsTable;
}
