import { recordUsage } from '../catalog/index.js';
import { BatchWrite, type Db, type Executor } from '../db/index.js';
import { appendEvents, type StoredEvent } from '../realtime/index.js';
import { conflict, notFound } from '../http/index.js';
import {
  invoiceIssuedEvent,
  numberedBy,
  refundAdjustmentRow,
  writeNumberedInvoices,
  type InvoiceRow,
} from '../invoices/index.js';
import type { MerchantRow } from '../merchants/index.js';
import {
  addRefundedAmount,
  findSale,
  insertRefund,
  writeSales,
  type RefundRow,
  type SaleRow,
} from './sales.repository.js';
import { addToMerchantDaily, dailyRow, writeRollups } from './rollups.js';
import { planSale, storedSale, type NewSale, type SalePlan } from './sale-rows.js';

export { planSale, saleEventData, storedSale, type NewSale, type SalePlan } from './sale-rows.js';

/**
 * Adds sales (see planSale) to a write: their rows, their e-invoices (numbered by the write's own statement) and the
 * rollups. Events are the caller's: a confirmation writes one per payment, a cash sale appends its own.
 */
export function writeSalePlans(write: BatchWrite, plans: readonly SalePlan[]): void {
  writeSales(
    write,
    plans.map((p) => p.sale),
  );
  writeNumberedInvoices(
    write,
    plans.map((p) => p.invoice),
  );
  writeRollups(
    write,
    plans.map((p) => p.rollups),
  );
}

/** One sale, written before this returns, as stored (its events are the caller's to append). */
export async function recordSaleInTransaction(trx: Executor, input: NewSale) {
  const write = new BatchWrite();
  const plan = planSale(input, new Date());
  writeSalePlans(write, [plan]);
  const { sale, invoice, event } = storedSale(plan, await write.execute(trx));
  return { sale, invoice, events: [event] };
}

/** Called inside the change's transaction, just before it commits (the idempotent answer is saved there). */
export type BeforeCommit<T> = (trx: Executor, result: T) => Promise<void>;

export async function recordCashSale(
  db: Db,
  input: Omit<NewSale, 'method' | 'occurredAt' | 'paymentRequestId'>,
  beforeCommit?: BeforeCommit<{ sale: SaleRow; invoice: InvoiceRow }>,
  /** Units sold per catalog item, counted in the sale's own transaction. */
  catalogUsage?: ReadonlyMap<string, number>,
) {
  return db.transaction().execute(async (trx) => {
    const { sale, invoice, events } = await recordSaleInTransaction(trx, {
      ...input,
      method: 'cash',
      occurredAt: new Date(),
    });
    if (catalogUsage) await recordUsage(trx, input.merchant.id, catalogUsage);
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
      throw conflict(
        'refund_exceeds_sale',
        `At most ${current.amount - current.refunded_amount} đồng can still be refunded`,
        {
          refundable: current.amount - current.refunded_amount,
        },
      );
    }
    const refund = await insertRefund(trx, { sale_id: sale.id, merchant_id: sale.merchant_id, amount, reason });
    // The rollup and the adjusting invoice go in one statement, which also numbers the invoice.
    const write = new BatchWrite();
    addToMerchantDaily(write, [
      dailyRow(sale.merchant_id, refund.created_at, { refund_count: 1, refund_value: amount }),
    ]);
    const draft = await refundAdjustmentRow(trx, merchant, updated, refund.id, amount);
    if (draft) writeNumberedInvoices(write, [draft]);
    const numbers = await write.execute(trx);
    const adjustment = draft && numberedBy(draft, numbers);
    await beforeCommit?.(trx, { refund, sale: updated, adjustment });
    const events: StoredEvent[] = await appendEvents(trx, [
      {
        type: 'sale.refunded',
        merchantId: sale.merchant_id,
        data: { saleId: sale.id, refundId: refund.id, stallCode: merchant.stall_code, amount, method: sale.method },
      },
      ...(adjustment ? [invoiceIssuedEvent(adjustment, merchant.stall_code)] : []),
    ]);
    return { refund, sale: updated, adjustment, events };
  });
}
