import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from '../timestamp.js';
import type { VatRate } from './invoice-document.js';

/** One line of what was sold; prices are VAT-inclusive integer VND, as the stall shows them. */
export interface SaleItem {
  name: string;
  quantity: number;
  unitPrice: number;
  unit?: string;
  vatRate?: VatRate;
}

export type SaleMethod = 'bank_qr' | 'mobile_money' | 'cash';

export interface Buyer {
  name?: string;
  taxCode?: string;
  address?: string;
  email?: string;
  phone?: string;
}

export interface SalesTable {
  id: Generated<string>;
  merchant_id: string;
  method: SaleMethod;
  amount: number;
  refunded_amount: Generated<number>;
  items: ColumnType<SaleItem[] | null, string | null, string | null>;
  buyer: ColumnType<Buyer | null, string | null, string | null>;
  payment_request_id: string | null;
  occurred_at: Timestamp;
  /** Paid with the sandbox bank's test money. */
  test: Generated<boolean>;
  created_at: Timestamp;
}

export interface RefundsTable {
  id: Generated<string>;
  sale_id: string;
  merchant_id: string;
  amount: number;
  reason: string | null;
  created_at: Timestamp;
}

export interface MerchantDailyTable {
  day: ColumnType<string, string, string>;
  merchant_id: string;
  sales_count: Generated<number>;
  sales_value: Generated<number>;
  cash_count: Generated<number>;
  cash_value: Generated<number>;
  bank_qr_count: Generated<number>;
  bank_qr_value: Generated<number>;
  mobile_money_count: Generated<number>;
  mobile_money_value: Generated<number>;
  refund_count: Generated<number>;
  refund_value: Generated<number>;
  invoice_count: Generated<number>;
}

export interface MerchantHourlyTable {
  hour: Date;
  merchant_id: string;
  sales_count: Generated<number>;
  sales_value: Generated<number>;
  cashless_count: Generated<number>;
  cashless_value: Generated<number>;
}

export interface PayerDailyTable {
  day: ColumnType<string, string, string>;
  merchant_id: string;
  /** The payer's bank or wallet code (e.g. VCB, MOMO, VIETTELMONEY); 'UNKNOWN' when the provider does not say. */
  payer: string;
  method: SaleMethod;
  count: Generated<number>;
  value: Generated<number>;
}

/** All-time running totals of a stall: the sums of its merchant_daily rows, kept in the same statement. */
export type MerchantTotalsTable = Omit<MerchantDailyTable, 'day'>;

/** All-time running totals of a stall × payer × method: the sums of its payer_daily rows. */
export type PayerTotalsTable = Omit<PayerDailyTable, 'day'>;

export interface SaleTables {
  merchant_hourly: MerchantHourlyTable;
  merchant_totals: MerchantTotalsTable;
  payer_totals: PayerTotalsTable;
  payer_daily: PayerDailyTable;
  sales: SalesTable;
  refunds: RefundsTable;
  merchant_daily: MerchantDailyTable;
}

export type SaleRow = Selectable<SalesTable>;

/** Every column of a sale, in one order: what a repository selects and a batch write inserts. */
export const saleColumns = [
  'id',
  'merchant_id',
  'method',
  'amount',
  'refunded_amount',
  'items',
  'buyer',
  'payment_request_id',
  'occurred_at',
  'test',
  'created_at',
] as const;
