import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { InvoicesTable } from './invoices.table.js';

export type InvoiceRow = Selectable<InvoicesTable>;

export const invoiceColumns = [
  'id', 'merchant_id', 'sale_id', 'refund_id', 'kind', 'status', 'template', 'series', 'year', 'number', 'issued_at',
  'payment_method', 'total', 'document', 'lookup_code', 'related_invoice_id', 'created_at',
] as const;

/** Takes the next number of a series; the counter row stays locked until the caller's transaction ends. */
export async function nextInvoiceNumber(trx: Executor, key: { merchantId: string; template: string; series: string; year: number }): Promise<number> {
  const row = await trx
    .insertInto('invoice_counters')
    .values({ merchant_id: key.merchantId, template: key.template, series: key.series, year: key.year, last_number: 1 })
    .onConflict((oc) =>
      oc.columns(['merchant_id', 'template', 'series', 'year']).doUpdateSet({ last_number: sql`invoice_counters.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

export async function insertInvoice(trx: Executor, values: Insertable<InvoicesTable>): Promise<InvoiceRow> {
  return trx.insertInto('invoices').values(values).returning(invoiceColumns).executeTakeFirstOrThrow();
}

export async function findInvoice(db: Executor, id: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('invoices').select(invoiceColumns).where('id', '=', id).executeTakeFirst();
}

export async function findInvoiceByLookupCode(db: Executor, code: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('invoices').select(invoiceColumns).where('lookup_code', '=', code).executeTakeFirst();
}

/** The invoice currently standing for a sale (originals and replacements; not adjustments). */
export async function findCurrentSaleInvoice(db: Executor, saleId: string): Promise<InvoiceRow | undefined> {
  return db
    .selectFrom('invoices')
    .select(invoiceColumns)
    .where('sale_id', '=', saleId)
    .where('kind', '!=', 'adjustment')
    .where('status', '=', 'issued')
    .executeTakeFirst();
}

/** Marks an issued invoice replaced; undefined if it was not (or no longer) the standing one. */
export async function markReplaced(trx: Executor, id: string): Promise<InvoiceRow | undefined> {
  return trx
    .updateTable('invoices')
    .set({ status: 'replaced' })
    .where('id', '=', id)
    .where('status', '=', 'issued')
    .returning(invoiceColumns)
    .executeTakeFirst();
}

export async function findReplacementOf(db: Executor, id: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('invoices').select(invoiceColumns).where('related_invoice_id', '=', id).where('kind', '=', 'replacement').executeTakeFirst();
}

export async function listInvoices(db: Executor, q: { merchantId?: string; before?: { at: Date; id: string }; limit: number }) {
  let query = db.selectFrom('invoices').select(invoiceColumns).orderBy('issued_at', 'desc').orderBy('id', 'desc').limit(q.limit);
  if (q.merchantId) query = query.where('merchant_id', '=', q.merchantId);
  if (q.before) {
    const { at, id } = q.before;
    query = query.where((eb) => eb.or([eb('issued_at', '<', at), eb.and([eb('issued_at', '=', at), eb('id', '<', id)])]));
  }
  return query.execute();
}
