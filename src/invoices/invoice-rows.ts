import { randomBytes } from 'node:crypto';
import {
  WrittenNumbers,
  uuidV7,
  type SaleRow,
  type InvoiceDocument,
  type RelatedInvoice,
  type InvoiceKind,
  type StoredInvoiceDocument,
} from '../db/index.js';
import type { MerchantRow } from '../merchants/index.js';
import { vietnamIso } from '../time/index.js';
import { amountInWords } from './amount-in-words.js';
import { invoiceLines } from './invoice-lines.js';
import type { InvoiceRow } from './invoices.repository.js';
import { adjustmentLinesByRate } from './refund-adjustment.js';
import { invoiceSeries, vietnamYear } from '../tax/index.js';
import type { RateTotal } from './vat.js';
import { completeTaxAuthorityCode, solutionProviderTaxCode, taxAuthorityCodePrefix } from './tax-authority-code.js';

// Pure builders of invoice rows: they read nothing and write nothing. The caller puts the rows into its write, which
// hands out their numbers (numberInvoices); `numbered` then gives the rows as stored.

/** 120 random bits: public on the receipt, but not guessable. */
export const newLookupCode = () => randomBytes(15).toString('base64url');

export const templateOf = (m: Pick<MerchantRow, 'tax_method'>): 1 | 2 => (m.tax_method === 'vat' ? 1 : 2);

const related = (inv: InvoiceRow): RelatedInvoice => ({
  template: inv.template,
  series: inv.series,
  number: inv.number,
  issuedAt: vietnamIso(inv.issued_at),
});

export interface IssueInput {
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
  return invoiceLines(
    template,
    [{ name: label, quantity: 1, unitPrice: adjustment.amount, unit: 'lần' }],
    adjustment.amount,
  );
}

/** The invoice row for one sale, but for its number (see numberInvoices): lines, totals in figures and words, relations. */
export function invoiceRow(input: IssueInput, issuedAt: Date, id: string = uuidV7()): InvoiceRow {
  const { merchant, sale } = input;
  const template = templateOf(merchant);
  const key = seriesOf(merchant, issuedAt);
  const number = 0; // never stored: the write that inserts the row numbers it (numberInvoices)
  // Only the prefix: the same write appends the 11 digits that make it unique (numberInvoices).
  const taxAuthorityCode = taxAuthorityCodePrefix(template, key.year);
  const { lines, totals } = input.adjustment
    ? adjustmentContent(template, input.adjustment)
    : invoiceLines(template, sale.items, sale.amount);
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
    solutionProviderTaxCode: solutionProviderTaxCode(),
    taxAuthorityCode,
  };
  return {
    id,
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
    tax_authority_code: taxAuthorityCode,
    test: sale.test, // a test sale's every invoice (original, replacement, adjustment) is test too
    created_at: issuedAt,
  };
}

/**
 * A sale's own invoice (an original), but for its number. A buyer's tax code was checked where it came in (the cash
 * sale route, the receipt form); bank-confirmed sales never carry a buyer, so money that arrived is never refused.
 */
export const saleInvoiceRow = (merchant: MerchantRow, sale: SaleRow, issuedAt: Date, id?: string): InvoiceRow =>
  invoiceRow({ merchant, sale, kind: 'original', buyer: sale.buyer }, issuedAt, id);

/**
 * The row as stored once its write handed it `number` (in the column and in the document) and, when it carries an
 * MCCQT prefix, the sequence value that completes it.
 */
export function numbered(invoice: InvoiceRow, number: number, sequence?: number): InvoiceRow {
  const prefix = invoice.tax_authority_code;
  const code = prefix === null ? null : sequence === undefined ? prefix : completeTaxAuthorityCode(prefix, sequence);
  return {
    ...invoice,
    number,
    tax_authority_code: code,
    document: { ...invoice.document, number, ...(code === null ? {} : { taxAuthorityCode: code }) },
  };
}

/** The row as stored, given the numbers (and sequence values) a write returned: every invoice it inserted has both. */
export function numberedBy(invoice: InvoiceRow, numbers: ReadonlyMap<string, number>): InvoiceRow {
  const number = numbers.get(invoice.id);
  if (number === undefined) throw new Error(`invoice ${invoice.id} was written without a number`);
  const sequence = numbers instanceof WrittenNumbers ? numbers.sequences.get(invoice.id) : undefined;
  if (invoice.tax_authority_code !== null && sequence === undefined)
    throw new Error(`invoice ${invoice.id} was written without its MCCQT sequence`);
  return numbered(invoice, number, sequence);
}

/** What a sale's event says of the invoice issued with it (stored with its number: the write fills it in). */
export const invoiceSummary = (invoice: InvoiceRow) => ({
  invoiceId: invoice.id,
  series: invoice.series,
  number: invoice.number,
});
