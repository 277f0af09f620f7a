import type { Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';

export type PaymentOutcome = 'matched' | 'unmatched' | 'overpaid' | 'underpaid' | 'late' | 'duplicate';

export interface NotificationsTable {
  id: Generated<number>;
  provider: string;
  provider_tx_id: string;
  raw_body: string;
  status: 'processed' | 'failed';
  error: string | null;
  received_at: Timestamp;
}

export interface WebhookRejectionsTable {
  id: Generated<number>;
  provider: string;
  reason: string;
  ip: string | null;
  received_at: Timestamp;
}

/** Every refused delivery per source and minute; webhook_rejections keeps only the first REJECTIONS_KEPT_PER_MINUTE. */
export interface WebhookRejectionCountsTable {
  source: string;
  minute: Date;
  rejected: number;
}

export interface PaymentsTable {
  id: Generated<string>;
  notification_id: number;
  provider: string;
  provider_tx_id: string;
  outcome: PaymentOutcome;
  merchant_id: string | null;
  payment_request_id: string | null;
  sale_id: string | null;
  amount: number;
  bin: string | null;
  account_number: string;
  description: string;
  payer_bank: string | null;
  payer_name: string | null;
  occurred_at: Timestamp;
  resolved_at: Date | null;
  resolved_by: string | null;
  /** How staff closed a payment that needs no sale (null for matched and assigned payments). */
  resolution_note: string | null;
  /** Made by the sandbox bank: test money, never real (migration 0011). */
  test: Generated<boolean>;
  created_at: Timestamp;
}

export interface PaymentTables {
  notifications: NotificationsTable;
  webhook_rejections: WebhookRejectionsTable;
  webhook_rejection_counts: WebhookRejectionCountsTable;
  payments: PaymentsTable;
}
