import { uuidV7, type Buyer, type SaleMethod } from '../db/index.js';
import type { NewEvent } from '../realtime/index.js';
import { invoiceSummary, numberedBy, saleInvoiceRow, type InvoiceRow } from '../invoices/index.js';
import type { MerchantRow } from '../merchants/index.js';
import type { SaleItem } from '../payment-requests/index.js';
import { saleRollups, type RollupChanges } from './rollups.js';
import type { SaleRow } from './sales.repository.js';

// Pure builders of what a sale writes: they read nothing and write nothing (the caller's write does, see
// writeSalePlans). Ids come from `ids` when given, so a plan can be built the same way twice (tests).

export interface NewSale {
  merchant: MerchantRow;
  method: SaleMethod;
  amount: number;
  items?: SaleItem[] | null;
  buyer?: Buyer | null;
  paymentRequestId?: string | null;
  occurredAt: Date;
  /** The payer's bank or wallet code, for cashless sales. */
  payer?: string | null;
  /** Paid with test money (the sandbox bank's). */
  test?: boolean;
}

/** Everything one sale writes: its row, its invoice (but for the number its write hands out), rollups and event. */
export interface SalePlan {
  readonly sale: SaleRow;
  readonly invoice: InvoiceRow;
  readonly rollups: RollupChanges;
  /** `sale.recorded`, carrying the invoice; the write that numbers the invoice stores the event with that number. */
  readonly event: NewEvent;
}

/** What a sale looks like on the board and in the merchant's feed: no personal detail. */
export function saleEventData(sale: SaleRow, stallCode: string) {
  return {
    saleId: sale.id,
    stallCode,
    amount: sale.amount,
    method: sale.method,
    occurredAt: sale.occurred_at.toISOString(),
  };
}

export function planSale(input: NewSale, now: Date, ids: { sale?: string; invoice?: string } = {}): SalePlan {
  const sale: SaleRow = {
    id: ids.sale ?? uuidV7(),
    merchant_id: input.merchant.id,
    method: input.method,
    amount: input.amount,
    refunded_amount: 0,
    items: input.items ?? null,
    buyer: input.buyer ?? null,
    payment_request_id: input.paymentRequestId ?? null,
    occurred_at: input.occurredAt,
    test: input.test ?? false,
    created_at: now,
  };
  const invoice = saleInvoiceRow(input.merchant, sale, now, ids.invoice);
  const rollups = saleRollups({
    merchantId: sale.merchant_id,
    at: sale.occurred_at,
    method: sale.method,
    amount: sale.amount,
    payer: input.payer ?? null,
  });
  const event: NewEvent = {
    type: 'sale.recorded',
    merchantId: sale.merchant_id,
    data: { ...saleEventData(sale, input.merchant.stall_code), invoice: invoiceSummary(invoice) },
  };
  return { sale, invoice, rollups, event };
}

/** The plan as stored, given the numbers its write returned: the invoice and the event carry the invoice's number. */
export function storedSale(plan: SalePlan, numbers: ReadonlyMap<string, number>): SalePlan {
  const invoice = numberedBy(plan.invoice, numbers);
  return { ...plan, invoice, event: { ...plan.event, data: { ...plan.event.data, invoice: invoiceSummary(invoice) } } };
}
