import t from 'tap';
import { sql } from 'kysely';
import { createTestDatabase } from '../helpers/database.js';

const database = await createTestDatabase();
t.teardown(() => database.close());

// Every confirmation writes into these tables, so each index on them costs every payment an entry (and WAL). The
// list is pinned: an index is added here on purpose, with the query that reads it and a write-path benchmark run.
const expected: Record<string, string[]> = {
  notifications: ['notifications_pkey', 'notifications_provider_tx'],
  // payments_open and payments_open_by_stall are partial: only payments waiting for review enter them.
  payments: [
    'payments_open',
    'payments_open_by_stall',
    'payments_outcome',
    'payments_pkey',
    'payments_provider_tx',
    'payments_sale_id_key',
  ],
  sales: ['sales_merchant_time', 'sales_payment_request_id_key', 'sales_pkey', 'sales_time'],
  // invoices_tax_authority_code: the tax authority's code (MCCQT) is unique by rule (docs/e-invoices.md).
  invoices: [
    'invoices_lookup_code_key',
    'invoices_merchant_time',
    'invoices_number',
    'invoices_pkey',
    'invoices_sale',
    'invoices_tax_authority_code',
  ],
  // Each invoice is queued for the tax authority in the same statement; _due is partial (only rows still to send),
  // the message id is unique so one invoice never travels under two ids (docs/tax-authority.md), and partial too: a
  // new row has none yet, so the insert adds no entry (migration 0024, which also dropped an index on the stall's
  // foreign key that no query read).
  invoice_transmissions: [
    'invoice_transmissions_due',
    'invoice_transmissions_message_id',
    'invoice_transmissions_pkey',
    // the staff filter by status and the board's count of today's invoices by status (docs/live-board.md)
    'invoice_transmissions_status_day',
  ],
  invoice_counters: ['invoice_counters_pk'],
  // events_xid: the live feeds read new events by the writing transaction (docs/live-feeds.md, with its write-path run).
  // events_sales_by_stall: a site's ticker reads its stalls' latest sales (migration 0025); partial, one entry per sale.
  events: ['events_pkey', 'events_sales_by_stall', 'events_xid'],
  merchant_daily: ['merchant_daily_pk'],
  // merchant_hourly_stall: a site's board reads its stalls' hours of the day (migration 0025); a sale pays an entry
  // only when its stall's hour row is first inserted, later sales that hour update it in place (HOT).
  merchant_hourly: ['merchant_hourly_pk', 'merchant_hourly_stall'],
  payer_daily: ['payer_daily_pk'],
  // the all-time running totals (migration 0021): their keys only, as the rollups
  merchant_totals: ['merchant_totals_pkey'],
  payer_totals: ['payer_totals_pk'],
};

t.test('the tables a confirmation writes carry only the indexes some query reads or a constraint needs', async (t) => {
  const { rows } = await sql<{ tablename: string; indexname: string }>`
    select tablename, indexname from pg_indexes
    where schemaname = current_schema() and tablename = any(${Object.keys(expected)}) order by tablename, indexname`.execute(
    database.db,
  );
  const actual: Record<string, string[]> = Object.fromEntries(Object.keys(expected).map((table) => [table, []]));
  for (const { tablename, indexname } of rows) actual[tablename].push(indexname);
  t.same(actual, expected);
});

t.test('a message id is still unique once given, while new rows (no id yet) enter no index for it', async (t) => {
  const { rows } = await sql<{ indexdef: string }>`
    select indexdef from pg_indexes
    where schemaname = current_schema() and indexname = 'invoice_transmissions_message_id'`.execute(database.db);
  t.equal(rows.length, 1);
  t.match(rows[0].indexdef, /^CREATE UNIQUE INDEX .* \(message_id\) WHERE \(message_id IS NOT NULL\)$/);
});
