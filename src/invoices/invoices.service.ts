import { BatchWrite, type Db, type Executor, type SaleRow, type InvoiceDocument } from '../db/index.js';
import { appendEvents, type NewEvent } from '../realtime/index.js';
import { queueTransmissions } from '../tax-authority/index.js';
import { conflict, notFound } from '../http/index.js';
import { type MerchantRow, findMerchant } from '../merchants/index.js';
import { invoiceLines } from './invoice-lines.js';
import { invoiceRow, numberedBy, saleInvoiceRow, templateOf } from './invoice-rows.js';
import { refundByRate, refundedByRate } from './refund-adjustment.js';
import type { RateTotal } from './vat.js';
import {
  findCurrentSaleInvoice,
  findInvoiceByLookupCode,
  listSaleAdjustments,
  lockSaleOfInvoice,
  markReplaced,
  numberInvoices,
  type InvoiceRow,
  writeInvoices,
} from './invoices.repository.js';

export { invoiceSummary, newLookupCode, numbered, numberedBy, saleInvoiceRow, templateOf } from './invoice-rows.js';

/**
 * Adds invoice rows (see invoice-rows.ts) to a write, which numbers them per series in its own statement and queues
 * each for transmission to the tax authority in the same statement (every invoice is written through here: sales,
 * confirmations, refunds, replacements).
 */
export function writeNumberedInvoices(write: BatchWrite, invoices: readonly InvoiceRow[]): void {
  numberInvoices(write, invoices);
  writeInvoices(write, invoices);
  queueTransmissions(write, invoices);
}

/** The event of an invoice issued on its own (an adjustment, a replacement), once it has its number. */
export function invoiceIssuedEvent(invoice: InvoiceRow, stallCode: string): NewEvent {
  const data = {
    invoiceId: invoice.id,
    saleId: invoice.sale_id,
    stallCode,
    kind: invoice.kind,
    series: invoice.series,
    number: invoice.number,
    total: invoice.total,
  };
  return { type: 'invoice.issued', merchantId: invoice.merchant_id, data };
}

/** One sale's invoice at a given time, written before this returns (tests use it for the year roll-over). */
export async function issueSaleInvoice(trx: Executor, merchant: MerchantRow, sale: SaleRow, issuedAt = new Date()) {
  const draft = saleInvoiceRow(merchant, sale, issuedAt);
  const write = new BatchWrite();
  writeNumberedInvoices(write, [draft]);
  return { invoice: numberedBy(draft, await write.execute(trx)) };
}

/**
 * The VAT rates a refund of this sale is taken back at: those of the invoice standing for it (a replacement carries
 * the same lines as the original). An invoice issued under template 2 has none, so a seller who has since moved to
 * the VAT method refunds at the rates the sale's items would have had.
 */
function saleRates(original: InvoiceRow, sale: SaleRow): RateTotal[] {
  if (original.document.template === '1' && original.document.totals.byRate.length > 0)
    return original.document.totals.byRate as RateTotal[];
  return invoiceLines(1, sale.items, sale.amount).totals.byRate;
}

/**
 * A refund is an adjusting invoice that refers to the one standing for the sale. On a VAT-method seller's invoice it
 * takes VAT back at the sale's own rates, split as refund-adjustment.ts explains, continuing from the sale's earlier
 * adjustments (the sale row is locked by the refund's UPDATE, so concurrent refunds of a sale see each other's).
 */
export async function refundAdjustmentRow(
  trx: Executor,
  merchant: MerchantRow,
  sale: SaleRow,
  refundId: string,
  amount: number,
): Promise<InvoiceRow | null> {
  const original = await findCurrentSaleInvoice(trx, sale.id);
  if (!original) return null;
  let byRate: RateTotal[] | undefined;
  if (templateOf(merchant) === 1) {
    const earlier = await listSaleAdjustments(trx, sale.id);
    byRate = refundByRate(saleRates(original, sale), refundedByRate(earlier.map((a) => a.document.totals)), amount);
  }
  return invoiceRow(
    {
      merchant,
      sale,
      kind: 'adjustment',
      buyer: original.document.buyer,
      adjustment: { refundId, amount, of: original, byRate },
    },
    new Date(),
  );
}

/** A sale whose money was all given back: nothing is left to invoice. */
export const isFullyRefunded = (sale: Pick<SaleRow, 'amount' | 'refunded_amount'>) =>
  sale.refunded_amount >= sale.amount;

/**
 * The buyer asks for their details after the fact: the invoice is replaced by a new one carrying them (new number,
 * referring to the original), and the original is marked replaced, never edited. A sale refunded in full gets no
 * replacement (409 sale_fully_refunded): its adjustments took the whole amount back, and a fresh invoice for it would
 * show the buyer (and the tax authority) a purchase that no longer stands.
 */
export async function replaceWithBuyer(db: Db, lookupCode: string, buyer: NonNullable<InvoiceDocument['buyer']>) {
  return db.transaction().execute(async (trx) => {
    const original = await findInvoiceByLookupCode(trx, lookupCode);
    if (!original || original.kind === 'adjustment') throw notFound('invoice');
    // The sale first (the order a refund takes its locks in: sale, then invoices), so a refund racing this sees it.
    const sale = (await lockSaleOfInvoice(trx, original.sale_id))!;
    if (isFullyRefunded(sale))
      throw conflict('sale_fully_refunded', 'This sale was refunded in full, so its invoice cannot be replaced');
    if (!(await markReplaced(trx, original.id)))
      throw conflict('invoice_already_replaced', 'This invoice was already replaced; use the newer one');
    const merchant = (await findMerchant(trx, original.merchant_id))!;
    const draft = invoiceRow({ merchant, sale, kind: 'replacement', buyer, replaces: original }, new Date());
    const write = new BatchWrite();
    writeNumberedInvoices(write, [draft]);
    const invoice = numberedBy(draft, await write.execute(trx));
    return { invoice, events: await appendEvents(trx, [invoiceIssuedEvent(invoice, merchant.stall_code)]) };
  });
}

export function fullDocument(invoice: InvoiceRow, baseUrl: string): InvoiceDocument {
  return { ...invoice.document, lookupUrl: `${baseUrl}/i/${invoice.lookup_code}` };
}
