// What anyone holding a receipt's lookup code may see (GET /i/:lookup and its .json/.xml, the buyer form's answers).
// The lookup code is printed on paper and shared in chats: it proves nothing about who holds it. So the buyer's phone
// is shown masked there; staff and the stall's own API keep the invoice as stored.

import type { Executor } from '../db/index.js';

import { findRefundReason, findSaleOfInvoice, listSaleInvoices, type InvoiceRow } from './invoices.repository.js';
import { isFullyRefunded } from './invoices.service.js';
import type { ReceiptRelations, RelatedReceipt } from './receipt-parts.js';

/** A phone as public pages show it: its last 3 digits behind a fixed mask (`*******678`), so not even its length shows. */
export function maskedPhone(phone: string): string {
  return `*******${phone.replace(/\D/g, '').slice(-3)}`;
}

/** The invoice as the public receipt shows it: the buyer's phone masked, everything else as issued. */
export function publicInvoice(invoice: InvoiceRow): InvoiceRow {
  const buyer = invoice.document.buyer;
  if (!buyer?.phone) return invoice;
  return { ...invoice, document: { ...invoice.document, buyer: { ...buyer, phone: maskedPhone(buyer.phone) } } };
}

const relatedReceipt = (inv: InvoiceRow): RelatedReceipt => ({
  lookupCode: inv.lookup_code,
  template: inv.template,
  series: inv.series,
  number: inv.number,
  issuedAt: inv.document.issuedAt,
  total: inv.total,
});

/** What the receipt page says around the invoice, from the sale's other invoices and the sale itself. */
export interface ReceiptContext {
  relations: ReceiptRelations;
  /** The sale refunded in full: no replacement can be asked for. */
  fullyRefunded: boolean;
  /** When the sale took place (ISO 8601). */
  soldAt?: string;
}

/**
 * The invoices around this one (every invoice of a sale refers to another of the same sale: one indexed read), the
 * refund behind an adjustment, and the sale: whether it was refunded in full, and when it took place.
 */
export async function receiptContext(db: Executor, invoice: InvoiceRow): Promise<ReceiptContext> {
  const siblings = await listSaleInvoices(db, invoice.sale_id);
  const original = siblings.find((i) => i.id === invoice.related_invoice_id);
  const replacement = siblings.find((i) => i.kind === 'replacement' && i.related_invoice_id === invoice.id);
  const adjustments = siblings.filter((i) => i.kind === 'adjustment' && i.related_invoice_id === invoice.id);
  const relations: ReceiptRelations = {
    original: original && relatedReceipt(original),
    replacement: replacement && relatedReceipt(replacement),
    adjustments: adjustments.map(relatedReceipt),
    refundReason: invoice.refund_id ? await findRefundReason(db, invoice.refund_id) : undefined,
  };
  const sale = await findSaleOfInvoice(db, invoice.sale_id);
  return {
    relations,
    fullyRefunded: sale ? isFullyRefunded(sale) : false,
    soldAt: sale?.occurred_at.toISOString(),
  };
}
