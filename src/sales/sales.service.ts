import type { Db, Executor } from '../db/database.js';
import { appendEvents, type NewEvent, type StoredEvent } from '../events/events.repository.js';
import { conflict, notFound } from '../http/errors.js';
import type { SaleItem } from '../payment-requests/payment-requests.schemas.js';
import {
  addRefundedAmount,
  bumpMerchantDaily,
  bumpMerchantHourly,
  bumpPayerDaily,
  findSale,
  insertRefund,
  insertSale,
  saleDelta,
  type SaleRow,
} from './sales.repository.js';
import type { Buyer, SaleMethod } from './sales.table.js';
import { issueRefundAdjustment, issueSaleInvoice } from '../invoices/invoices.service.js';
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
}

/** What a sale looks like on the board and in the merchant's feed: no personal detail. */
export function saleEventData(sale: SaleRow, stallCode: string) {
  return { saleId: sale.id, stallCode, amount: sale.amount, method: sale.method, occurredAt: sale.occurred_at.toISOString() };
}

/**
 * Records a sale inside the caller's transaction: the row, the stall's daily rollup, its e-invoice and the events.
 * Payments call it for bank-confirmed money; cash sales call it directly.
 */
export async function recordSaleInTransaction(
  trx: Executor,
  input: NewSale,
): Promise<{ sale: SaleRow; invoice: InvoiceRow; events: NewEvent[] }> {
  const { merchant } = input;
  const sale = await insertSale(trx, {
    merchant_id: merchant.id,
    method: input.method,
    amount: input.amount,
    items: input.items ? JSON.stringify(input.items) : null,
    buyer: input.buyer ? JSON.stringify(input.buyer) : null,
    payment_request_id: input.paymentRequestId ?? null,
    occurred_at: input.occurredAt,
  });
  await bumpMerchantDaily(trx, merchant.id, input.occurredAt, saleDelta(input.method, input.amount));
  await bumpMerchantHourly(trx, merchant.id, input.occurredAt, input.method, input.amount);
  if (input.method !== 'cash') await bumpPayerDaily(trx, merchant.id, input.occurredAt, input.payer ?? 'UNKNOWN', input.method, input.amount);
  const { invoice, events } = await issueSaleInvoice(trx, merchant, sale);
  return { sale, invoice, events: [{ type: 'sale.recorded', merchantId: merchant.id, data: saleEventData(sale, merchant.stall_code) }, ...events] };
}

export async function recordCashSale(db: Db, input: Omit<NewSale, 'method' | 'occurredAt' | 'paymentRequestId'>) {
  return db.transaction().execute(async (trx) => {
    const { sale, invoice, events } = await recordSaleInTransaction(trx, { ...input, method: 'cash', occurredAt: new Date() });
    return { sale, invoice, events: await appendEvents(trx, events) };
  });
}

export async function refundSale(db: Db, sale: SaleRow, merchant: MerchantRow, amount: number, reason: string | null) {
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
    await bumpMerchantDaily(trx, sale.merchant_id, refund.created_at, { refund_count: 1, refund_value: amount });
    const adjustment = await issueRefundAdjustment(trx, merchant, updated, refund.id, amount);
    const events: StoredEvent[] = await appendEvents(trx, [
      { type: 'sale.refunded', merchantId: sale.merchant_id, data: { saleId: sale.id, refundId: refund.id, stallCode: merchant.stall_code, amount, method: sale.method } },
      ...adjustment.events,
    ]);
    return { refund, sale: updated, adjustment: adjustment.invoice, events };
  });
}
