import type { Db, Executor } from '../db/database.js';
import { appendEvents, type NewEvent, type StoredEvent } from '../events/events.repository.js';
import { conflict, notFound } from '../http/errors.js';
import type { SaleItem } from '../payment-requests/payment-requests.schemas.js';
import {
  addRefundedAmount,
  bumpMerchantDaily,
  findSale,
  insertRefund,
  insertSale,
  saleDelta,
  type SaleRow,
} from './sales.repository.js';
import type { Buyer, SaleMethod } from './sales.table.js';

export interface NewSale {
  merchantId: string;
  stallCode: string;
  method: SaleMethod;
  amount: number;
  items?: SaleItem[] | null;
  buyer?: Buyer | null;
  paymentRequestId?: string | null;
  occurredAt: Date;
}

/** What a sale looks like on the board and in the merchant's feed: no personal detail. */
export function saleEventData(sale: SaleRow, stallCode: string) {
  return { saleId: sale.id, stallCode, amount: sale.amount, method: sale.method, occurredAt: sale.occurred_at.toISOString() };
}

/**
 * Records a sale inside the caller's transaction: the row, the stall's daily rollup and the event.
 * Payments call it for bank-confirmed money; cash sales call it directly.
 */
export async function recordSaleInTransaction(trx: Executor, input: NewSale): Promise<{ sale: SaleRow; events: NewEvent[] }> {
  const sale = await insertSale(trx, {
    merchant_id: input.merchantId,
    method: input.method,
    amount: input.amount,
    items: input.items ? JSON.stringify(input.items) : null,
    buyer: input.buyer ? JSON.stringify(input.buyer) : null,
    payment_request_id: input.paymentRequestId ?? null,
    occurred_at: input.occurredAt,
  });
  await bumpMerchantDaily(trx, input.merchantId, input.occurredAt, saleDelta(input.method, input.amount));
  return { sale, events: [{ type: 'sale.recorded', merchantId: input.merchantId, data: saleEventData(sale, input.stallCode) }] };
}

export async function recordCashSale(db: Db, input: Omit<NewSale, 'method' | 'occurredAt' | 'paymentRequestId'>) {
  return db.transaction().execute(async (trx) => {
    const { sale, events } = await recordSaleInTransaction(trx, { ...input, method: 'cash', occurredAt: new Date() });
    const stored = await appendEvents(trx, events);
    return { sale, events: stored };
  });
}

export async function refundSale(db: Db, sale: SaleRow, stallCode: string, amount: number, reason: string | null) {
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
    const events: StoredEvent[] = await appendEvents(trx, [
      { type: 'sale.refunded', merchantId: sale.merchant_id, data: { saleId: sale.id, refundId: refund.id, stallCode, amount, method: sale.method } },
    ]);
    return { refund, sale: updated, events };
  });
}
