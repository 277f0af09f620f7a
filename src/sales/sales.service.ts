import { BatchWrite } from '../db/batch-write.js';
import type { Db, Executor } from '../db/database.js';
import { uuidV7 } from '../db/uuid-v7.js';
import { appendEvents, type NewEvent, type StoredEvent } from '../realtime/index.js';
import { conflict, notFound } from '../http/errors.js';
import type { SaleItem } from '../payment-requests/payment-requests.schemas.js';
import { addRefundedAmount, findSale, insertRefund, writeSales, type RefundRow, type SaleRow } from './sales.repository.js';
import { addSales, addToMerchantDaily } from './rollups.js';
import type { Buyer, SaleMethod } from './sales.table.js';
import { invoiceSummary, issueRefundAdjustment, issueSaleInvoices } from '../invoices/invoices.service.js';
import type { InvoiceRow } from '../invoices/invoices.repository.js';
import type { MerchantRow } from '../merchants/merchants.repository.js';

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

/** What a sale looks like on the board and in the merchant's feed: no personal detail. */
export function saleEventData(sale: SaleRow, stallCode: string) {
  return { saleId: sale.id, stallCode, amount: sale.amount, method: sale.method, occurredAt: sale.occurred_at.toISOString() };
}

/**
 * Records sales: the rows, their e-invoices, the rollups and the events all go into `write` (one statement for the
 * whole batch, invoice numbers included), which the caller runs inside its transaction. Payments call it for a batch
 * of bank-confirmed money; cash sales and staff assignments through recordSaleInTransaction with one sale.
 */
export function recordSales(inputs: NewSale[], write: BatchWrite): { sales: SaleRow[]; invoices: InvoiceRow[]; events: NewEvent[] } {
  if (inputs.length === 0) return { sales: [], invoices: [], events: [] };
  const now = new Date();
  const sales: SaleRow[] = inputs.map((input) => ({
    id: uuidV7(),
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
  }));
  writeSales(write, sales);
  // One event per sale, carrying the invoice issued with it; its number is filled in once the write has run.
  const summaries = new Map<string, ReturnType<typeof invoiceSummary>>();
  const invoices = issueSaleInvoices(write, sales.map((sale, i) => ({ merchant: inputs[i].merchant, sale })), now, (inv) => (summaries.get(inv.id)!.number = inv.number));
  addSales(write, inputs.map((input) => ({ merchantId: input.merchant.id, at: input.occurredAt, method: input.method, amount: input.amount, payer: input.payer ?? null })));
  const events: NewEvent[] = sales.map((sale, i) => {
    const invoice = invoiceSummary(invoices[i]);
    summaries.set(invoice.invoiceId, invoice);
    return { type: 'sale.recorded', merchantId: sale.merchant_id, data: { ...saleEventData(sale, inputs[i].merchant.stall_code), invoice } };
  });
  return { sales, invoices, events };
}

/** One sale, written before this returns (its events are the caller's to append). */
export async function recordSaleInTransaction(trx: Executor, input: NewSale) {
  const write = new BatchWrite();
  const { sales, invoices, events } = recordSales([input], write);
  await write.execute(trx);
  return { sale: sales[0], invoice: invoices[0], events };
}

/** Called inside the change's transaction, just before it commits (the idempotent answer is saved there). */
export type BeforeCommit<T> = (trx: Executor, result: T) => Promise<void>;

export async function recordCashSale(
  db: Db,
  input: Omit<NewSale, 'method' | 'occurredAt' | 'paymentRequestId'>,
  beforeCommit?: BeforeCommit<{ sale: SaleRow; invoice: InvoiceRow }>,
) {
  return db.transaction().execute(async (trx) => {
    const { sale, invoice, events } = await recordSaleInTransaction(trx, { ...input, method: 'cash', occurredAt: new Date() });
    await beforeCommit?.(trx, { sale, invoice });
    return { sale, invoice, events: await appendEvents(trx, events) };
  });
}

export async function refundSale(
  db: Db,
  sale: SaleRow,
  merchant: MerchantRow,
  amount: number,
  reason: string | null,
  beforeCommit?: BeforeCommit<{ refund: RefundRow; sale: SaleRow; adjustment: InvoiceRow | null }>,
) {
  return db.transaction().execute(async (trx) => {
    const updated = await addRefundedAmount(trx, sale.id, amount);
    if (!updated) {
      const current = await findSale(trx, sale.id);
      if (!current) throw notFound('sale');
      throw conflict('refund_exceeds_sale', `At most ${current.amount - current.refunded_amount} đồng can still be refunded`, {
        refundable: current.amount - current.refunded_amount,
      });
    }
    const refund = await insertRefund(trx, { sale_id: sale.id, merchant_id: sale.merchant_id, amount, reason });
    const write = new BatchWrite();
    addToMerchantDaily(write, [{ merchantId: sale.merchant_id, at: refund.created_at, delta: { refund_count: 1, refund_value: amount } }]);
    const adjustment = await issueRefundAdjustment(trx, write, merchant, updated, refund.id, amount);
    await write.execute(trx);
    await beforeCommit?.(trx, { refund, sale: updated, adjustment: adjustment.invoice });
    const events: StoredEvent[] = await appendEvents(trx, [
      { type: 'sale.refunded', merchantId: sale.merchant_id, data: { saleId: sale.id, refundId: refund.id, stallCode: merchant.stall_code, amount, method: sale.method } },
      ...adjustment.events,
    ]);
    return { refund, sale: updated, adjustment: adjustment.invoice, events };
  });
}
