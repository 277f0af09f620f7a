import type { Selectable } from 'kysely';
import { merchantInScopeFilter, type StaffScope } from '../auth/index.js';
import {
  type BatchWrite,
  type Executor,
  saleColumns,
  type SaleRow,
  type InvoicesTable,
  type TransmissionStatus,
} from '../db/index.js';

export type InvoiceRow = Selectable<InvoicesTable>;

export const invoiceColumns = [
  'id',
  'merchant_id',
  'sale_id',
  'refund_id',
  'kind',
  'status',
  'template',
  'series',
  'year',
  'number',
  'issued_at',
  'payment_method',
  'total',
  'document',
  'lookup_code',
  'related_invoice_id',
  'tax_authority_code',
  'test',
  'created_at',
] as const;

/** The 11 digits of each invoice's MCCQT: a sequence (migration 0016), taken in the statement that numbers it. */
export const TAX_CODE_SEQUENCE = { name: 'invoice_tax_code_seq', digits: 11 } as const;

/**
 * Numbers the invoices from their series' counters in the statement of the write that inserts them (BatchWrite's
 * numbering): each series' counter row is upserted and so locked until the transaction ends, so numbers are gapless
 * (a rollback returns them) and continuous, handed out in the order given. Until the write runs an invoice carries no
 * number (0, never stored: the insert takes the number from the statement); the write returns each one's number.
 * The same statement appends to each invoice's MCCQT prefix the next value of TAX_CODE_SEQUENCE (see migration 0016).
 */
export function numberInvoices(write: BatchWrite, invoices: readonly InvoiceRow[]): void {
  write.numbered({
    table: 'invoice_counters',
    keys: ['merchant_id', 'template', 'series', 'year'],
    last: 'last_number',
    items: invoices.map((i) => ({
      id: i.id,
      key: { merchant_id: i.merchant_id, template: i.template, series: i.series, year: i.year },
    })),
    sequence: TAX_CODE_SEQUENCE,
  });
}

/** Adds invoice rows to a batch write, each numbered by the write (numberInvoices); nothing else is read back. */
export function writeInvoices(write: BatchWrite, rows: readonly InvoiceRow[]): void {
  write.insert('invoices', invoiceColumns, rows, {
    id: 'id',
    set: ['number', 'document.number'],
    every: true,
    suffixed: ['tax_authority_code', 'document.taxAuthorityCode'],
  });
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

export async function listInvoices(
  db: Executor,
  q: {
    merchantId?: string;
    scope?: StaffScope;
    transmission?: TransmissionStatus;
    before?: { at: Date; id: string };
    limit: number;
  },
) {
  let query = db
    .selectFrom('invoices')
    .select(invoiceColumns)
    .orderBy('issued_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.merchantId) query = query.where('merchant_id', '=', q.merchantId);
  if (q.scope) query = query.where(merchantInScopeFilter(q.scope, 'invoices.merchant_id'));
  // Read, never written, here: invoice_transmissions belongs to tax-authority (indexed by status and day, 0018).
  const status = q.transmission;
  if (status)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('invoice_transmissions as t')
          .select('t.invoice_id')
          .whereRef('t.invoice_id', '=', 'invoices.id')
          .where('t.status', '=', status),
      ),
    );
  if (q.before) {
    const { at, id } = q.before;
    query = query.where((eb) =>
      eb.or([eb('issued_at', '<', at), eb.and([eb('issued_at', '=', at), eb('id', '<', id)])]),
    );
  }
  return query.execute();
}

/** The adjusting invoices already issued for a sale (its earlier refunds), whichever invoice each one adjusted. */
export async function listSaleAdjustments(db: Executor, saleId: string): Promise<InvoiceRow[]> {
  return db
    .selectFrom('invoices')
    .select(invoiceColumns)
    .where('sale_id', '=', saleId)
    .where('kind', '=', 'adjustment')
    .orderBy('number')
    .execute();
}

/**
 * The sale an invoice stands for, locked until the transaction ends. A refund locks the same row (its UPDATE of
 * refunded_amount), so a replacement and a refund of one sale never interleave: each sees the other's outcome.
 */
export async function lockSaleOfInvoice(trx: Executor, saleId: string): Promise<SaleRow | undefined> {
  return trx.selectFrom('sales').select(saleColumns).where('id', '=', saleId).forUpdate().executeTakeFirst();
}

/** The sale an invoice stands for, read for its receipt (the sales table is read here, written only by sales). */
export async function findSaleOfInvoice(db: Executor, saleId: string): Promise<SaleRow | undefined> {
  return db.selectFrom('sales').select(saleColumns).where('id', '=', saleId).executeTakeFirst();
}

/** Every invoice of one sale (its original, replacements and adjustments), in the order they were issued. */
export async function listSaleInvoices(db: Executor, saleId: string): Promise<InvoiceRow[]> {
  return db
    .selectFrom('invoices')
    .select(invoiceColumns)
    .where('sale_id', '=', saleId)
    .orderBy('issued_at')
    .orderBy('id')
    .execute();
}

/** Why a refund was made, as the stall wrote it (the refunds table is read here, written only by sales). */
export async function findRefundReason(db: Executor, refundId: string): Promise<string | null> {
  const refund = await db.selectFrom('refunds').select('reason').where('id', '=', refundId).executeTakeFirst();
  return refund?.reason ?? null;
}
