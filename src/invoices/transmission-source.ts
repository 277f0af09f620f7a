import type { Executor } from '../db/index.js';
import { findTransmissions, type InvoiceMessageSource, transmissionView } from '../tax-authority/index.js';
import { buildInvoiceXml } from './invoice-xml.js';
import { invoiceColumns, type InvoiceRow } from './invoices.repository.js';
import { justIssued } from './invoices.schemas.js';

/**
 * The invoices' XML for the tax authority's sender (its InvoiceMessageSource): the document as issued, with the
 * lookup URL under PUBLIC_URL (none without it: a URL made up from no request would mislead).
 */
export function invoiceMessageSource(publicUrl: string | undefined): InvoiceMessageSource {
  const base = publicUrl?.replace(/\/+$/, '');
  return async (db, ids) => {
    const rows = ids.length
      ? await db
          .selectFrom('invoices')
          .select(invoiceColumns)
          .where('id', 'in', [...ids])
          .execute()
      : [];
    return new Map(
      rows.map((r) => {
        const lookupUrl = base ? `${base}/i/${r.lookup_code}` : '';
        return [r.id, { xml: buildInvoiceXml({ ...r.document, lookupUrl }), sellerTaxCode: r.document.seller.taxCode }];
      }),
    );
  };
}

/** Each invoice's transmission as stored, for its JSON (null for a test invoice). */
export async function transmissionsOf(db: Executor, invoices: readonly InvoiceRow[]) {
  const stored = await findTransmissions(
    db,
    invoices.map((i) => i.id),
  );
  return (invoice: InvoiceRow) => {
    const row = stored.get(invoice.id);
    return row ? transmissionView(row) : justIssued(invoice);
  };
}
