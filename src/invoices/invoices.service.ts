import { randomBytes } from 'node:crypto';
import { BatchWrite } from '../db/batch-write.js';
import type { Db, Executor } from '../db/database.js';
import { uuidV7 } from '../db/uuid-v7.js';
import { appendEvents, type NewEvent } from '../realtime/index.js';
import { conflict, notFound } from '../http/errors.js';
import type { MerchantRow } from '../merchants/merchants.repository.js';
import { findMerchant } from '../merchants/merchants.repository.js';
import type { SaleRow } from '../sales/sales.repository.js';
import { vietnamIso } from '../time/vietnam.js';
import { amountInWords } from './amount-in-words.js';
import type { InvoiceDocument, RelatedInvoice } from './invoice-document.js';
import { invoiceLines } from './invoice-lines.js';
import { adjustmentLinesByRate, refundByRate, refundedByRate } from './refund-adjustment.js';
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
  buyer: InvoiceDocument['buyer'];
  /**
   * For an adjustment: the refunded amount, as one decreasing line (template 2) or one per VAT rate of the adjusted
   * invoice (template 1: `byRate` from refundByRate).
   */
  adjustment?: { refundId: string; amount: number; of: InvoiceRow; byRate?: RateTotal[] };
  replaces?: InvoiceRow;
}

function seriesOf(merchant: MerchantRow, issuedAt: Date) {
  const year = vietnamYear(issuedAt);
  return { year, ...invoiceSeries(templateOf(merchant), year, merchant.invoice_letters) };
}

function adjustmentContent(template: 1 | 2, adjustment: NonNullable<IssueInput['adjustment']>) {
  const label = `Điều chỉnh giảm (hoàn tiền) theo hóa đơn số ${adjustment.of.number}`;
  if (template === 1 && adjustment.byRate) return adjustmentLinesByRate(adjustment.byRate, label);
  return invoiceLines(template, [{ name: label, quantity: 1, unitPrice: adjustment.amount, unit: 'lần' }], adjustment.amount);
}

/** The invoice row for one sale, but for its number (see numberInvoices): lines, totals in figures and words, relations. */
function invoiceRow(input: IssueInput, issuedAt: Date): InvoiceRow {
  const { merchant, sale } = input;
  const template = templateOf(merchant);
  const key = seriesOf(merchant, issuedAt);
  const number = 0; // never stored: the write that inserts the row numbers it (numberInvoices)
  const { lines, totals } = input.adjustment ? adjustmentContent(template, input.adjustment) : invoiceLines(template, sale.items, sale.amount);
  const document: StoredInvoiceDocument = {
    template: key.template as '1' | '2',
    series: key.series,
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
  return {
    id: uuidV7(),
    merchant_id: merchant.id,
    sale_id: sale.id,
    refund_id: input.adjustment?.refundId ?? null,
    kind: input.kind,
    status: 'issued',
    template: key.template,
    series: key.series,
    year: key.year,
    number,
    issued_at: issuedAt,
    payment_method: document.paymentMethod,
    total: totals.total,
    document,
    lookup_code: document.lookupCode,
    related_invoice_id: input.replaces?.id ?? input.adjustment?.of.id ?? null,
    test: sale.test, // a test sale's every invoice (original, replacement, adjustment) is test too
    created_at: issuedAt,
  };
}

/** What a sale's event says of the invoice issued with it (its number once the write has run). */
export const invoiceSummary = (invoice: InvoiceRow) => ({ invoiceId: invoice.id, series: invoice.series, number: invoice.number });

/**
 * Issues invoices inside the caller's transaction: the rows go into `write`, which numbers them per series in its own
 * statement (numberInvoices) as the caller runs it before committing; `numbered` is told each invoice once it has its
 * number (to complete what the caller built from it). Rollups are the caller's (sales count their invoice with the sale).
 */
function issueMany(write: BatchWrite, inputs: IssueInput[], issuedAt: Date, numbered: (invoice: InvoiceRow) => void = () => {}): InvoiceRow[] {
  const invoices = inputs.map((input) => invoiceRow(input, issuedAt));
  if (invoices.length === 0) return invoices;
  numberInvoices(write, invoices, numbered);
  writeInvoices(write, invoices);
  return invoices;
}

/** An invoice issued on its own (an adjustment, a replacement), with its `invoice.issued` event. */
function issueWithEvent(write: BatchWrite, input: IssueInput, issuedAt: Date): { invoice: InvoiceRow; events: NewEvent[] } {
  // eslint-disable-next-line prefer-const -- the closure below is made before `data` is, and fills in its number
  let data!: { number: number } & Record<string, unknown>; // told its number when the write runs, after this returns
  const [invoice] = issueMany(write, [input], issuedAt, (inv) => (data.number = inv.number));
  data = { invoiceId: invoice.id, saleId: invoice.sale_id, stallCode: input.merchant.stall_code, kind: invoice.kind, series: invoice.series, number: invoice.number, total: invoice.total };
  return { invoice, events: [{ type: 'invoice.issued', merchantId: invoice.merchant_id, data }] };
}

/**
 * Every sale gets its invoice in the sale's own transaction; the sale's event carries it (invoiceSummary), so
 * `numbered` is told each invoice once the write has given it its number. A buyer's tax code was checked where it came
 * in (the cash sale route, the receipt form); bank-confirmed sales never carry a buyer, so money that arrived is never
 * refused.
 */
export function issueSaleInvoices(write: BatchWrite, sales: Array<{ merchant: MerchantRow; sale: SaleRow }>, issuedAt = new Date(), numbered?: (invoice: InvoiceRow) => void) {
  return issueMany(write, sales.map(({ merchant, sale }) => ({ merchant, sale, kind: 'original' as const, buyer: sale.buyer })), issuedAt, numbered);
}

/** One sale's invoice at a given time, written before this returns (tests use it for the year roll-over). */
export async function issueSaleInvoice(trx: Executor, merchant: MerchantRow, sale: SaleRow, issuedAt = new Date()) {
  const write = new BatchWrite();
  const [invoice] = issueSaleInvoices(write, [{ merchant, sale }], issuedAt);
  await write.execute(trx);
  return { invoice };
}

/**
 * The VAT rates a refund of this sale is taken back at: those of the invoice standing for it (a replacement carries
 * the same lines as the original). An invoice issued under template 2 has none, so a seller who has since moved to
 * the VAT method refunds at the rates the sale's items would have had.
 */
function saleRates(original: InvoiceRow, sale: SaleRow): RateTotal[] {
  if (original.document.template === '1' && original.document.totals.byRate.length > 0) return original.document.totals.byRate as RateTotal[];
  return invoiceLines(1, sale.items, sale.amount).totals.byRate;
}

/**
 * A refund is an adjusting invoice that refers to the one standing for the sale. On a VAT-method seller's invoice it
 * takes VAT back at the sale's own rates, split as refund-adjustment.ts explains, continuing from the sale's earlier
 * adjustments (the sale row is locked by the refund's UPDATE, so concurrent refunds of a sale see each other's).
 */
export async function issueRefundAdjustment(trx: Executor, write: BatchWrite, merchant: MerchantRow, sale: SaleRow, refundId: string, amount: number) {
  const original = await findCurrentSaleInvoice(trx, sale.id);
  if (!original) return { invoice: null, events: [] as NewEvent[] };
  let byRate: RateTotal[] | undefined;
  if (templateOf(merchant) === 1) {
    const earlier = await listSaleAdjustments(trx, sale.id);
    byRate = refundByRate(saleRates(original, sale), refundedByRate(earlier.map((a) => a.document.totals)), amount);
  }
  return issueWithEvent(write, { merchant, sale, kind: 'adjustment', buyer: original.document.buyer, adjustment: { refundId, amount, of: original, byRate } }, new Date());
}

/** A sale whose money was all given back: nothing is left to invoice. */
export const isFullyRefunded = (sale: Pick<SaleRow, 'amount' | 'refunded_amount'>) => sale.refunded_amount >= sale.amount;

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
    if (isFullyRefunded(sale)) throw conflict('sale_fully_refunded', 'This sale was refunded in full, so its invoice cannot be replaced');
    if (!(await markReplaced(trx, original.id))) throw conflict('invoice_already_replaced', 'This invoice was already replaced; use the newer one');
    const merchant = (await findMerchant(trx, original.merchant_id))!;
    const write = new BatchWrite();
    const { invoice, events } = issueWithEvent(write, { merchant, sale, kind: 'replacement', buyer, replaces: original }, new Date());
    await write.execute(trx);
    return { invoice, events: await appendEvents(trx, events) };
  });
}

export function fullDocument(invoice: InvoiceRow, baseUrl: string): InvoiceDocument {
  return { ...invoice.document, lookupUrl: `${baseUrl}/i/${invoice.lookup_code}` };
}
