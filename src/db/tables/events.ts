import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';

export type EventType =
  | 'merchant.onboarded'
  | 'payment.received'
  | 'sale.recorded'
  | 'sale.refunded'
  | 'invoice.issued'
  | 'activation.recorded'
  /** The stall's key was rotated: every instance closes that stall's open feeds (no data). */
  | 'merchant.key_rotated';

export interface EventsTable {
  id: Generated<number>;
  type: EventType;
  merchant_id: string | null;
  data: ColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
  /** The writing transaction (`pg_current_xact_id()`, by default): the feeds read by commit visibility. */
  xid: Generated<string | null>;
}

export interface EventTables {
  events: EventsTable;
}
