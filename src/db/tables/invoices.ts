import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';
import type { InvoiceDocument } from './invoice-document.js';

export type InvoiceKind = 'original' | 'replacement' | 'adjustment';

/** The stored content: everything but the lookup URL, which depends on where the service is reached. */
export type StoredInvoiceDocument = Omit<InvoiceDocument, 'lookupUrl'>;

export interface InvoiceCountersTable {
  merchant_id: string;
  template: string;
  series: string;
  year: number;
  last_number: number;
}

export interface InvoicesTable {
  id: Generated<string>;
  merchant_id: string;
  sale_id: string;
  refund_id: string | null;
  kind: InvoiceKind;
  status: Generated<'issued' | 'replaced'>;
  template: string;
  series: string;
  year: number;
  number: number;
  issued_at: Timestamp;
  payment_method: 'TM' | 'CK';
  total: number;
  document: ColumnType<StoredInvoiceDocument, string, string>;
  lookup_code: string;
  related_invoice_id: string | null;
  /** MCCQT, `M<template>-<yy>-<5 characters>-<11 digits>`: given by the write that numbers the invoice (null before 0016). */
  tax_authority_code: string | null;
  /** Issued for a test sale (the sandbox bank's money). */
  test: Generated<boolean>;
  created_at: Timestamp;
}

export interface InvoiceTables {
  invoice_counters: InvoiceCountersTable;
  invoices: InvoicesTable;
}
