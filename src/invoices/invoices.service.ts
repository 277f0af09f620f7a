import { randomBytes } from 'node:crypto';
import type { Db, Executor } from '../db/database.js';
import { appendEvents, type NewEvent } from '../events/events.repository.js';
import { conflict, notFound } from '../http/errors.js';
import type { MerchantRow } from '../merchants/merchants.repository.js';
import { findMerchant } from '../merchants/merchants.repository.js';
import { bumpMerchantDaily, findSale, type SaleRow } from '../sales/sales.repository.js';
import type { Buyer } from '../sales/sales.table.js';
import { vietnamIso } from '../time/vietnam.js';
import { amountInWords } from './amount-in-words.js';
import type { InvoiceDocument, RelatedInvoice } from './invoice-document.js';
import { invoiceLines } from './invoice-lines.js';
import { findCurrentSaleInvoice, findInvoiceByLookupCode, insertInvoice, markReplaced, nextInvoiceNumber, type InvoiceRow } from './invoices.repository.js';
import type { InvoiceKind, StoredInvoiceDocument } from './invoices.table.js';
import { invoiceSeries, vietnamYear } from './series.js';

/** 120 random bits: public on the receipt, but not guessable. */
export const newLookupCode = () => randomBytes(15).toString('base64url');

export const templateOf = (m: Pick<MerchantRow, 'tax_method'>): 1 | 2 => (m.tax_method === 'vat' ? 1 : 2);

const related = (inv: InvoiceRow): RelatedInvoice => ({ template: inv.template, series: inv.series, number: inv.number, issuedAt: vietnamIso(inv.issued_at) });

interface IssueInput {
  merchant: MerchantRow;
  sale: SaleRow;
  kind: InvoiceKind;
  issuedAt: Date;
  buyer: InvoiceDocument['buyer'];
  /** For an adjustment: the refunded amount, as one decreasing line. */
  adjustment?: { refundId: string; amount: number; of: InvoiceRow };
  replaces?: InvoiceRow;
}

/** Issues one invoice inside the caller's transaction: the next number of the series, the document, the event. */
async function issue(trx: Executor, input: IssueInput): Promise<{ invoice: InvoiceRow; events: NewEvent[] }> {
  const { merchant, sale, issuedAt } = input;
  const template = templateOf(merchant);
  const year = vietnamYear(issuedAt);
  const { template: khms, series } = invoiceSeries(template, year, merchant.invoice_letters);
  const number = await nextInvoiceNumber(trx, { merchantId: merchant.id, template: khms, series, year });
  const { lines, totals } = input.adjustment
    ? invoiceLines(template, [{ name: `Điều chỉnh giảm (hoàn tiền) theo hóa đơn số ${input.adjustment.of.number}`, quantity: 1, unitPrice: input.adjustment.amount, unit: 'lần' }], input.adjustment.amount)
    : invoiceLines(template, sale.items, sale.amount);
  const document: StoredInvoiceDocument = {
    template: khms as '1' | '2',
    series,
    number,
    issuedAt: vietnamIso(issuedAt),
    currency: 'VND',
    paymentMethod: sale.method === 'cash' ? 'TM' : 'CK',
    lookupCode: newLookupCode(),
    seller: { name: merchant.name, taxCode: merchant.tax_code, address: merchant.address },
    buyer: input.buyer,
    lines,
    totals: { ...totals, totalInWords: amountInWords(totals.total) },
    replaces: input.replaces ? related(input.replaces) : null,
    adjusts: input.adjustment ? related(input.adjustment.of) : null,
  };
  const invoice = await insertInvoice(trx, {
    merchant_id: merchant.id,
    sale_id: sale.id,
    refund_id: input.adjustment?.refundId ?? null,
    kind: input.kind,
    template: khms,
    series,
    year,
    number,
    issued_at: issuedAt,
    payment_method: document.paymentMethod,
    total: totals.total,
    document: JSON.stringify(document),
    lookup_code: document.lookupCode,
    related_invoice_id: input.replaces?.id ?? input.adjustment?.of.id ?? null,
  });
  if (input.kind === 'original') await bumpMerchantDaily(trx, merchant.id, sale.occurred_at, { invoice_count: 1 });
  const event: NewEvent = {
    type: 'invoice.issued',
    merchantId: merchant.id,
    data: { invoiceId: invoice.id, saleId: sale.id, stallCode: merchant.stall_code, kind: input.kind, series, number, total: totals.total },
  };
  return { invoice, events: [event] };
}

/** Every sale gets its invoice in the sale's own transaction. */
export function issueSaleInvoice(trx: Executor, merchant: MerchantRow, sale: SaleRow, issuedAt = new Date()) {
  return issue(trx, { merchant, sale, kind: 'original', issuedAt, buyer: sale.buyer });
}

/** A refund is an adjusting invoice that refers to the one standing for the sale. */
export async function issueRefundAdjustment(trx: Executor, merchant: MerchantRow, sale: SaleRow, refundId: string, amount: number) {
  const original = await findCurrentSaleInvoice(trx, sale.id);
  if (!original) return { invoice: null, events: [] as NewEvent[] };
  return issue(trx, { merchant, sale, kind: 'adjustment', issuedAt: new Date(), buyer: original.document.buyer, adjustment: { refundId, amount, of: original } });
}

/**
 * The buyer asks for their details after the fact: the invoice is replaced by a new one carrying them (new number,
 * referring to the original), and the original is marked replaced, never edited.
 */
export async function replaceWithBuyer(db: Db, lookupCode: string, buyer: Buyer) {
  return db.transaction().execute(async (trx) => {
    const original = await findInvoiceByLookupCode(trx, lookupCode);
    if (!original || original.kind === 'adjustment') throw notFound('invoice');
    if (!(await markReplaced(trx, original.id))) throw conflict('invoice_already_replaced', 'This invoice was already replaced; use the newer one');
    const merchant = (await findMerchant(trx, original.merchant_id))!;
    const sale = (await findSale(trx, original.sale_id))!;
    const result = await issue(trx, { merchant, sale, kind: 'replacement', issuedAt: new Date(), buyer, replaces: original });
    return { invoice: result.invoice, events: await appendEvents(trx, result.events) };
  });
}

export function fullDocument(invoice: InvoiceRow, baseUrl: string): InvoiceDocument {
  return { ...invoice.document, lookupUrl: `${baseUrl}/i/${invoice.lookup_code}` };
}
