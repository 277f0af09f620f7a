import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';

export interface PaymentRequestItem {
  name: string;
  quantity: number;
  unitPrice: number;
  unit?: string;
}

export interface PaymentRequestsTable {
  id: Generated<string>;
  merchant_id: string;
  reference: string;
  amount: number;
  description: string | null;
  items: ColumnType<PaymentRequestItem[] | null, string | null, string | null>;
  status: Generated<'pending' | 'paid' | 'cancelled'>;
  expires_at: Timestamp;
  paid_at: Date | null;
  created_at: Timestamp;
}

export interface PaymentRequestTables {
  payment_requests: PaymentRequestsTable;
}
