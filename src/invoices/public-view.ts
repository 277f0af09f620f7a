// What anyone holding a receipt's lookup code may see (GET /i/:lookup and its .json/.xml, the buyer form's answers).
// The lookup code is printed on paper and shared in chats: it proves nothing about who holds it. So the buyer's phone
// is shown masked there; staff and the stall's own API keep the invoice as stored.

import type { Executor } from '../db/index.js';

import { findReplacementOf, findSaleOfInvoice, type InvoiceRow } from './invoices.repository.js';
import { isFullyRefunded } from './invoices.service.js';

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

/** What the receipt page says around the invoice: the newer invoice that replaced it, and whether the sale was refunded in full. */
export async function receiptContext(
  db: Executor,
  invoice: InvoiceRow,
): Promise<{ replacedBy?: string; fullyRefunded: boolean }> {
  const replacement = invoice.status === 'replaced' ? await findReplacementOf(db, invoice.id) : undefined;
  const sale = await findSaleOfInvoice(db, invoice.sale_id);
  return { replacedBy: replacement?.lookup_code, fullyRefunded: sale ? isFullyRefunded(sale) : false };
}
