import type { Selectable } from 'kysely';
import type { BatchWrite } from '../db/batch-write.js';
import type { Executor } from '../db/database.js';
import { preparedQuery } from '../db/prepared.js';
import type { InvoicesTable } from './invoices.table.js';

export type InvoiceRow = Selectable<InvoicesTable>;

export const invoiceColumns = [
  'id', 'merchant_id', 'sale_id', 'refund_id', 'kind', 'status', 'template', 'series', 'year', 'number', 'issued_at',
  'payment_method', 'total', 'document', 'lookup_code', 'related_invoice_id', 'created_at',
] as const;

export interface SeriesKey {
  merchantId: string;
  template: string;
  series: string;
  year: number;
}

export const seriesKeyOf = (k: SeriesKey) => `${k.merchantId} ${k.template} ${k.series} ${k.year}`;

/**
 * Reserves the next `count` numbers of each series in one statement; returns the last number reserved per series.
 * The counter rows stay locked until the caller's transaction ends, so numbers are gapless (a rollback returns them)
 * and continuous. Keys are sorted so concurrent transactions lock counters in the same order.
 */
export async function reserveInvoiceNumbers(trx: Executor, wanted: Array<SeriesKey & { count: number }>): Promise<Map<string, number>> {
  const sorted = [...wanted].sort((a, b) => (seriesKeyOf(a) < seriesKeyOf(b) ? -1 : 1));
  const counters = sorted.map((k) => ({ merchant_id: k.merchantId, template: k.template, series: k.series, year: k.year, last_number: k.count }));
  // One text whatever the number of series (the rows travel as JSON), prepared once per connection; rows are
  // inserted, and so locked, in the order given.
  const { rows } = await trx.executeQuery(preparedQuery<CounterRow>(reserveStatement, [JSON.stringify(counters)]));
  return new Map(rows.map((r) => [seriesKeyOf({ merchantId: r.merchant_id, template: r.template, series: r.series, year: r.year }), r.last_number]));
}

type CounterRow = { merchant_id: string; template: string; series: string; year: number; last_number: number };

const reserveStatement = `insert into invoice_counters (merchant_id, template, series, year, last_number)
  select merchant_id, template, series, year, last_number from jsonb_populate_recordset(null::invoice_counters, $1::jsonb)
  on conflict (merchant_id, template, series, year) do update set last_number = invoice_counters.last_number + excluded.last_number
  returning merchant_id, template, series, year, last_number`;

/** Adds complete invoice rows to a batch write (the rows are what the caller keeps; nothing is read back). */
export function writeInvoices(write: BatchWrite, rows: InvoiceRow[]): void {
  write.insert('invoices', invoiceColumns, rows as unknown as Record<string, unknown>[]);
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

/** The adjusting invoices already issued for a sale (its earlier refunds), whichever invoice each one adjusted. */
export async function listSaleAdjustments(db: Executor, saleId: string): Promise<InvoiceRow[]> {
  return db.selectFrom('invoices').select(invoiceColumns).where('sale_id', '=', saleId).where('kind', '=', 'adjustment').orderBy('number').execute();
}
