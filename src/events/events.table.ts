import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../db/timestamp.js';

export type EventType =
  | 'merchant.onboarded'
  | 'payment.received'
  | 'sale.recorded'
  | 'sale.refunded'
  | 'invoice.issued'
  | 'activation.recorded';

export interface EventsTable {
  id: Generated<number>;
  type: EventType;
  merchant_id: string | null;
  data: ColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
}

export interface EventTables {
  events: EventsTable;
}
