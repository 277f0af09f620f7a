import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import t from 'tap';
import { BatchWrite } from '../../src/db/batch-write.js';
import type { DB } from '../../src/db/schema.js';
import { invoiceRow, saleInvoiceRow } from '../../src/invoices/invoice-rows.js';
import { writeNumberedInvoices } from '../../src/invoices/invoices.service.js';
import { planConfirmations } from '../../src/payments/confirmation-plan.js';
import { confirmationWrite } from '../../src/payments/confirmation-write.js';
import { generateReference } from '../../src/payment-requests/reference.js';
import { storeAndLockStatement } from '../../src/payments/store-and-lock.js';
import { addToMerchantDaily, dailyRow } from '../../src/sales/rollups.js';
import { planSale } from '../../src/sales/sale-rows.js';
import { writeSalePlans } from '../../src/sales/sales.service.js';
import { counter, credit, merchant, NOW, request } from '../payments/plan-fixtures.js';

// Every statement shape of the write path, as checked-in SQL (test/sql/<name>.sql), so a change of the SQL the
// service sends shows in review. Built without a database. When a change is meant, regenerate the files with
//   UPDATE_SQL_SNAPSHOTS=1 npx tap test/sql/write-path-sql.test.ts
// and commit them with it.

const DIR = new URL('./', import.meta.url);
const update = process.env.UPDATE_SQL_SNAPSHOTS === '1';

/** One CTE or clause a line: a statement reads top to bottom instead of as one long line. */
function layout(sql: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth === 0 && sql.startsWith(', ', i)) {
      out += ',\n';
      i++;
      continue;
    }
    if (depth === 0 && sql.startsWith(' select ', i) && out.trimStart().startsWith('with')) {
      out += '\nselect ';
      i += ' select '.length - 1;
      continue;
    }
    out += c;
  }
  return out.split('\n').map((line) => line.trim()).filter((line) => line !== '').join('\n') + '\n';
}

const m1 = merchant(1);
const m2 = merchant(2, { tax_method: 'vat', invoice_letters: 'BH' });
const ref = generateReference();
const locked = { requests: [request(m1, ref, 50_000)], merchants: [m1, m2] };
const batchSql = (credits: ReturnType<typeof credit>[]) => confirmationWrite(planConfirmations(credits, locked, NOW, counter())).compile()!.sql;
const written = (write: BatchWrite) => write.compile()!.sql;

const sale = planSale({ merchant: m1, method: 'cash', amount: 30_000, occurredAt: NOW }, NOW);
const dummy = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const shapes: Record<string, () => string> = {
  // storeAndLock: the batch's reading half (inbox, locked requests, stalls).
  'confirm-store-and-lock': () => storeAndLockStatement(dummy, [{ provider: 'sepay', provider_tx_id: 'TX1', raw_body: '{}' }], [ref], [m1.payout_account]).sql,
  // A batch that pays a request (and makes a static-QR sale): every part of the confirmation write.
  'confirm-pays-request': () => batchSql([credit(m1, 50_000, ref), credit(m2, 20_000, 'chuyen tien')]),
  // Static-QR sales only: no request is marked paid.
  'confirm-static-qr': () => batchSql([credit(m2, 20_000, 'chuyen tien')]),
  // No sale at all (unmatched, underpaid, late...): payments and events only, nothing numbered.
  'confirm-no-sale': () => batchSql([credit(merchant(9), 20_000, 'chuyen tien')]),
  // A cash sale (and a staff assignment of a waiting payment): sale, invoice, rollups, no payer row.
  'sale-cash': () => {
    const write = new BatchWrite();
    writeSalePlans(write, [sale]);
    return written(write);
  },
  // A refund with its adjusting invoice.
  'refund-with-adjustment': () => {
    const write = new BatchWrite();
    addToMerchantDaily(write, [dailyRow(m1.id, NOW, { refund_count: 1, refund_value: 10_000 })]);
    writeNumberedInvoices(write, [invoiceRow({ merchant: m1, sale: sale.sale, kind: 'adjustment', buyer: null, adjustment: { refundId: 'r', amount: 10_000, of: sale.invoice } }, NOW)]);
    return written(write);
  },
  // A refund of a sale without a standing invoice: the rollup alone.
  'refund-rollup-only': () => {
    const write = new BatchWrite();
    addToMerchantDaily(write, [dailyRow(m1.id, NOW, { refund_count: 1, refund_value: 10_000 })]);
    return written(write);
  },
  // An invoice on its own (a replacement with the buyer's details).
  'invoice-alone': () => {
    const write = new BatchWrite();
    writeNumberedInvoices(write, [saleInvoiceRow(m1, sale.sale, NOW)]);
    return written(write);
  },
};
for (const [name, build] of Object.entries(shapes)) {
  t.test(name, async (t) => {
    const file = new URL(`${name}.sql`, DIR);
    const sql = layout(build());
    if (update) writeFileSync(file, sql);
    let stored = '';
    try {
      stored = readFileSync(file, 'utf8');
    } catch {
      t.fail(`test/sql/${name}.sql is missing: run with UPDATE_SQL_SNAPSHOTS=1 and commit it`);
      return;
    }
    t.equal(sql, stored, `the SQL of ${name} is the checked-in one (if the change is meant: UPDATE_SQL_SNAPSHOTS=1)`);
  });
}

t.test('no stale snapshot: every file in test/sql is a shape built here', async (t) => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -'.sql'.length)).sort();
  t.same(files, Object.keys(shapes).sort());
});
