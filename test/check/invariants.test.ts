import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Transaction } from 'kysely';
import t from 'tap';
import { checkInvariants, checkNames, runInvariantChecks, type Violation } from '../../src/check/invariants.js';
import { formatReport } from '../../src/check/report.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import type { DB } from '../../src/db/schema.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { deliver, newTxId, sandboxDelivery, SECRETS } from '../helpers/webhooks.js';

const ctx = await startTestApp(t, SECRETS);
const { call, database, adminToken } = ctx;
const db = database.db;
const root = fileURLToPath(new URL('../..', import.meta.url));

// A realistic little street: dynamic and static QR payments (bank apps and a wallet), every payment outcome, staff
// assigning money under review, a repeated notification, cash sales with items, refunds, a buyer's replacement
// invoice, and mobile-money activations.
const a = await onboardStall(ctx, { name: 'Phở chua Cao Bằng', taxCode: '4701304564' });
const b = await onboardStall(ctx, {
  name: 'Đặc sản Non Nước',
  taxMethod: 'vat',
  taxCode: '0100233488',
  payout: { bin: '970418', accountNumber: '21510001234567' },
});
const c = await onboardStall(ctx, { name: 'Thổ cẩm Tày Nùng', category: 'souvenirs' });

const request = async (stall: typeof a, amount: number, extra: Record<string, unknown> = {}) => {
  const res = await call({
    method: 'POST',
    url: '/api/v1/payment-requests',
    token: stall.apiKey,
    payload: { amount, ...extra },
  });
  if (res.status !== 201) throw new Error(`payment request: ${res.status} ${res.raw}`);
  return res.body;
};
const transfer = async (payload: string, payerBank = 'VCB', amount?: number) => {
  const res = await call({
    method: 'POST',
    url: '/sandbox/transfers',
    payload: { payload, payerBank, ...(amount ? { amount } : {}) },
  });
  if (res.status !== 201) throw new Error(`transfer: ${res.status} ${res.raw}`);
  return res.body.payment as { id: string; outcome: string };
};
const cashSale = async (stall: typeof a, amount: number, items?: unknown[]) => {
  const res = await call({
    method: 'POST',
    url: '/api/v1/sales',
    token: stall.apiKey,
    payload: { amount, method: 'cash', ...(items ? { items } : {}) },
  });
  if (res.status !== 201) throw new Error(`cash sale: ${res.status} ${res.raw}`);
  return res.body as { sale: { id: string }; invoice: { lookupCode: string; number: number } };
};
const refund = async (stall: typeof a, saleId: string, amount: number) => {
  const res = await call({
    method: 'POST',
    url: `/api/v1/sales/${saleId}/refunds`,
    token: stall.apiKey,
    payload: { amount },
  });
  if (res.status !== 201) throw new Error(`refund: ${res.status} ${res.raw}`);
};
const assign = async (paymentId: string, stall: typeof a) => {
  const res = await call({
    method: 'POST',
    url: `/api/v1/payments/${paymentId}/assign`,
    token: adminToken,
    payload: { merchantId: stall.merchant.id },
  });
  if (res.status !== 200) throw new Error(`assign: ${res.status} ${res.raw}`);
};
const saleOf = async (paymentId: string) =>
  (await db.selectFrom('payments').select('sale_id').where('id', '=', paymentId).executeTakeFirstOrThrow()).sale_id!;

const paidA: Array<{ id: string; outcome: string }> = [];
for (const [amount, bank] of [
  [45000, 'VCB'],
  [30000, 'MOMO'],
  [62000, 'MBB'],
  [18000, 'VIETTELMONEY'],
] as const) {
  paidA.push(await transfer((await request(a, amount)).qr.payload, bank));
}
const overpaidRequest = await request(b, 50000, {
  items: [{ name: 'Lạp sườn', quantity: 2, unitPrice: 25000, vatRate: '8%' }],
});
const overpaid = await transfer(overpaidRequest.qr.payload, 'TCB', 60000);
const duplicate = await transfer(overpaidRequest.qr.payload, 'TCB');
const underpaid = await transfer((await request(a, 40000)).qr.payload, 'VCB', 30000);
const cancelled = await request(c, 22000);
await call({ method: 'POST', url: `/api/v1/payment-requests/${cancelled.id}/cancel`, token: c.apiKey });
const late = await transfer(cancelled.qr.payload, 'ACB');
const staticQr = (
  await call({ method: 'GET', url: `/api/v1/merchants/${c.merchant.id}/qr.txt`, token: adminToken })
).raw.trim();
const staticPaid = await transfer(staticQr, 'BIDV', 25000);
await transfer(staticQr, 'MOMO', 15000);
const unmatched = await deliver(
  ctx,
  'sandbox',
  sandboxDelivery({ accountNumber: '99990000111', amount: 12000, description: 'chuyen tien' }),
);
const repeated = sandboxDelivery({
  id: newTxId(),
  accountNumber: c.merchant.payout.accountNumber,
  amount: 33000,
  description: 'mua khan',
});
await deliver(ctx, 'sandbox', repeated);
await deliver(ctx, 'sandbox', repeated);
await assign(duplicate.id, c);
await assign(underpaid.id, a);

const cashA = await cashSale(a, 70000, [{ name: 'Phở chua', quantity: 2, unitPrice: 35000 }]);
const cashB = await cashSale(b, 120000, [
  { name: 'Hạt dẻ Trùng Khánh', quantity: 1, unitPrice: 120000, vatRate: '5%' },
]);
await cashSale(c, 90000);
await refund(a, cashA.sale.id, 20000);
const qrRefunded = await saleOf(paidA[2]!.id);
await refund(a, qrRefunded, 30000);
await refund(a, qrRefunded, 32000); // the whole sale, in two refunds
const replaced = await call({
  method: 'POST',
  url: `/i/${cashB.invoice.lookupCode}/buyer`,
  payload: { name: 'Công ty TNHH Du lịch Bản Giốc', taxCode: '0100047516' },
});
if (replaced.status !== 201) throw new Error(`replacement: ${replaced.status} ${replaced.raw}`);
await refund(b, cashB.sale.id, 10000); // adjusts the replacement
for (const [provider, phone] of [
  ['viettel_money', '0912345678'],
  ['vnpt_money', '0987654321'],
  ['viettel_money', '0912345678'],
  ['mobifone_money', '0901234567'],
]) {
  const res = await call({
    method: 'POST',
    url: '/api/v1/activations',
    token: adminToken,
    payload: { provider, phone, ward: 'Thục Phán' },
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`activation: ${res.status} ${res.raw}`);
}
const pending = await request(b, 11000);
// Resolved up front: inside a transaction on PGlite, a query through \`db\` would wait for the held connection forever.
const saleA0 = await saleOf(paidA[0]!.id);
const saleA1 = await saleOf(paidA[1]!.id);

t.test('the dataset covers what the checks look at', async (t) => {
  t.same(
    [overpaid.outcome, duplicate.outcome, underpaid.outcome, late.outcome, staticPaid.outcome],
    ['overpaid', 'duplicate', 'underpaid', 'late', 'matched'],
  );
  t.equal(unmatched.body.results[0].outcome, 'unmatched');
  const counts = await sql<{ sales: number; payments: number; refunds: number; invoices: number; activations: number }>`
    select (select count(*)::int from sales) as sales, (select count(*)::int from payments) as payments, (select count(*)::int from refunds) as refunds,
           (select count(*)::int from invoices) as invoices, (select count(*)::int from activations) as activations`.execute(
    db,
  );
  t.same(counts.rows[0], { sales: 13, payments: 12, refunds: 4, invoices: 18, activations: 3 });
});

t.test('a clean database passes every check', async (t) => {
  const report = await runInvariantChecks(db);
  t.same(report.violations, []);
  t.same(
    report.results.map((r) => r.name),
    checkNames,
  );
  t.ok(
    report.results.every((r) => r.checked > 0),
    'every check had something to look at',
  );
  t.equal(report.failedNotifications, 0);
});

const ROLLBACK = new Error('rollback');

/** The violations after `corrupt` runs, in a transaction rolled back afterwards so each case starts clean. */
async function violationsAfter(corrupt: (trx: Transaction<DB>) => Promise<unknown>): Promise<Violation[]> {
  let found: Violation[] = [];
  await db
    .transaction()
    .execute(async (trx) => {
      await corrupt(trx);
      found = await checkInvariants(trx);
      throw ROLLBACK;
    })
    .catch((error) => {
      if (error !== ROLLBACK) throw error;
    });
  return found;
}

const firstOriginal = (trx: Transaction<DB>, saleId: string) =>
  trx
    .selectFrom('invoices')
    .select(['id', 'number'])
    .where('sale_id', '=', saleId)
    .where('kind', '=', 'original')
    .executeTakeFirstOrThrow();

/**
 * What a replacement after a full refund leaves behind (the abuse the receipt form now refuses): the standing invoice
 * marked replaced and a new one, numbered next in its series, standing in its place.
 */
const reissuedCode = (code: string | null) => code && `${code.slice(0, -11)}99999999999`;

async function reissue(trx: Transaction<DB>, saleId: string) {
  const standing = await trx
    .selectFrom('invoices')
    .selectAll()
    .where('sale_id', '=', saleId)
    .where('kind', '!=', 'adjustment')
    .where('status', '=', 'issued')
    .executeTakeFirstOrThrow();
  const counter = await trx
    .updateTable('invoice_counters')
    .set({ last_number: sql`last_number + 1` })
    .where('merchant_id', '=', standing.merchant_id)
    .where('template', '=', standing.template)
    .where('series', '=', standing.series)
    .where('year', '=', standing.year)
    .returning('last_number')
    .executeTakeFirstOrThrow();
  await trx.updateTable('invoices').set({ status: 'replaced' }).where('id', '=', standing.id).execute();
  const { id: _id, created_at: _c, document, ...rest } = standing;
  await trx
    .insertInto('invoices')
    .values({
      ...rest,
      kind: 'replacement',
      status: 'issued',
      number: counter.last_number,
      related_invoice_id: standing.id,
      lookup_code: 'REISSUEDREISSUEDREIS',
      // A real replacement takes a code of its own (the unique index refuses a copied one).
      tax_authority_code: reissuedCode(standing.tax_authority_code),
      issued_at: new Date(),
      document: JSON.stringify({
        ...document,
        number: counter.last_number,
        taxAuthorityCode: reissuedCode(standing.tax_authority_code),
      }),
    })
    .execute();
}

const corruptions: Array<[string, string[], (trx: Transaction<DB>) => Promise<unknown>]> = [
  [
    'an invoice deleted',
    ['sale_has_standing_invoice', 'invoice_numbers_continuous', 'merchant_daily_rollup'],
    async (trx) => {
      const invoice = await firstOriginal(trx, saleA1);
      await trx.deleteFrom('invoices').where('id', '=', invoice.id).execute();
    },
  ],
  [
    'a rollup bumped',
    ['merchant_daily_rollup'],
    (trx) =>
      trx
        .updateTable('merchant_daily')
        .set({ sales_value: sql`sales_value + 1000` })
        .where('merchant_id', '=', a.merchant.id)
        .execute(),
  ],
  [
    'a sale inserted without a payment',
    [
      'sale_has_one_payment',
      'sales_equal_payments_plus_cash',
      'sale_has_standing_invoice',
      'merchant_daily_rollup',
      'merchant_hourly_rollup',
    ],
    (trx) =>
      trx
        .insertInto('sales')
        .values({ merchant_id: a.merchant.id, method: 'bank_qr', amount: 99000, occurred_at: new Date() })
        .execute(),
  ],
  [
    'refunded_amount set above the refunds',
    ['refunds_within_sales'],
    (trx) =>
      trx
        .updateTable('sales')
        .set({ refunded_amount: sql`refunded_amount + 1000` })
        .where('id', '=', cashA.sale.id)
        .execute(),
  ],
  [
    'a request marked paid without a payment',
    ['paid_requests_have_one_payment'],
    (trx) =>
      trx
        .updateTable('payment_requests')
        .set({ status: 'paid', paid_at: new Date() })
        .where('id', '=', pending.id)
        .execute(),
  ],
  [
    "a paid sale's amount changed",
    [
      'paid_requests_have_one_payment',
      'payment_sale_consistent',
      'sale_has_standing_invoice',
      'merchant_daily_rollup',
      'merchant_hourly_rollup',
      'payer_daily_rollup',
    ],
    async (trx) =>
      trx
        .updateTable('sales')
        .set({ amount: sql`amount + 1` })
        .where('id', '=', saleA0)
        .execute(),
  ],
  [
    'an invoice renumbered past the end',
    ['invoice_numbers_continuous'],
    async (trx) => {
      const invoice = await firstOriginal(trx, saleA0);
      await trx.updateTable('invoices').set({ number: 1000 }).where('id', '=', invoice.id).execute();
    },
  ],
  [
    'an invoice counter bumped',
    ['invoice_numbers_continuous'],
    (trx) =>
      trx
        .updateTable('invoice_counters')
        .set({ last_number: sql`last_number + 1` })
        .where('merchant_id', '=', c.merchant.id)
        .execute(),
  ],
  [
    'a payment deleted',
    ['notifications_have_payments', 'sale_has_one_payment', 'sales_equal_payments_plus_cash', 'payer_daily_rollup'],
    (trx) => trx.deleteFrom('payments').where('id', '=', staticPaid.id).execute(),
  ],
  [
    'a matched payment without its sale',
    ['payment_sale_consistent', 'sale_has_one_payment', 'sales_equal_payments_plus_cash', 'payer_daily_rollup'],
    (trx) => trx.updateTable('payments').set({ sale_id: null }).where('id', '=', staticPaid.id).execute(),
  ],
  [
    'a refund without its adjustment invoice',
    ['invoice_links', 'invoice_numbers_continuous'],
    async (trx) => {
      const refunds = await trx.selectFrom('refunds').select('id').where('sale_id', '=', qrRefunded).execute();
      await trx.deleteFrom('invoices').where('refund_id', '=', refunds[0]!.id).execute();
    },
  ],
  [
    'an activation rollup bumped',
    ['activation_daily_rollup'],
    (trx) =>
      trx
        .updateTable('activation_daily')
        .set({ count: sql`count + 1` })
        .where('provider', '=', 'vnpt_money')
        .execute(),
  ],
  [
    'an hourly rollup bumped',
    ['merchant_hourly_rollup'],
    (trx) =>
      trx
        .updateTable('merchant_hourly')
        .set({ cashless_count: sql`cashless_count + 1` })
        .where('merchant_id', '=', b.merchant.id)
        .execute(),
  ],
  [
    'a payer rollup bumped',
    ['payer_daily_rollup'],
    (trx) =>
      trx
        .updateTable('payer_daily')
        .set({ value: sql`value + 5` })
        .where('payer', '=', 'MOMO')
        .execute(),
  ],
  [
    'a processed notification without a payment',
    ['notifications_have_payments'],
    (trx) => {
      const body = sandboxDelivery({
        id: 'TXLOST0001',
        accountNumber: c.merchant.payout.accountNumber,
        amount: 5000,
        description: 'x',
      }).body;
      return trx
        .insertInto('notifications')
        .values({ provider: 'sandbox', provider_tx_id: 'TXLOST0001', raw_body: body, status: 'processed' })
        .execute();
    },
  ],
  [
    'a processed notice that carried no money (not a violation)',
    [],
    (trx) => {
      const body = JSON.stringify({
        id: 77,
        gateway: 'Vietcombank',
        transactionDate: '2026-01-01 10:00:00',
        accountNumber: '1',
        code: null,
        content: 'x',
        transferType: 'out',
        transferAmount: 5000,
        accumulated: 0,
        subAccount: null,
        referenceCode: 'FT1',
      });
      return trx
        .insertInto('notifications')
        .values({ provider: 'sepay', provider_tx_id: '77', raw_body: body, status: 'processed' })
        .execute();
    },
  ],
  [
    'a matched payment whose amount is not the requested one',
    ['payment_outcome_fits_amount'],
    (trx) =>
      trx
        .updateTable('payments')
        .set({ amount: sql`amount + 1000` })
        .where('id', '=', paidA[1]!.id)
        .execute(),
  ],
  [
    'an overpaid payment recorded as underpaid',
    ['payment_outcome_fits_amount', 'paid_requests_have_one_payment', 'payment_sale_consistent'],
    (trx) => trx.updateTable('payments').set({ outcome: 'underpaid' }).where('id', '=', overpaid.id).execute(),
  ],
  [
    'an underpaid payment recorded as overpaid',
    ['payment_outcome_fits_amount', 'payment_sale_consistent', 'paid_requests_have_one_payment'],
    (trx) => trx.updateTable('payments').set({ outcome: 'overpaid' }).where('id', '=', underpaid.id).execute(),
  ],
  [
    'a replacement issued for a sale refunded in full',
    ['refunded_sale_not_reissued'],
    (trx) => reissue(trx, qrRefunded),
  ],
  [
    'a replaced invoice standing again beside its replacement',
    ['replacement_chain_ends_once', 'sale_has_standing_invoice', 'invoice_links'],
    (trx) =>
      trx
        .updateTable('invoices')
        .set({ status: 'issued' })
        .where('lookup_code', '=', cashB.invoice.lookupCode)
        .execute(),
  ],
  [
    'a replacement relinked to an adjustment of its sale (the chain from the original ends nowhere)',
    ['replacement_chain_ends_once', 'invoice_links'],
    async (trx) => {
      const adjustment = await trx
        .selectFrom('invoices')
        .select('id')
        .where('sale_id', '=', cashB.sale.id)
        .where('kind', '=', 'adjustment')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('invoices')
        .set({ related_invoice_id: adjustment.id })
        .where('sale_id', '=', cashB.sale.id)
        .where('kind', '=', 'replacement')
        .execute();
    },
  ],
];

for (const [what, expected, corrupt] of corruptions) {
  t.test(`${what}: reported by ${expected.join(', ') || 'nothing'}`, async (t) => {
    const found = await violationsAfter(corrupt);
    t.same(
      [...new Set(found.map((v) => v.check))].sort(),
      [...expected].sort(),
      found.map((v) => `${v.check}: ${v.message}`).join('\n'),
    );
    t.ok(
      found.every((v) => v.message.length > 10),
      'each violation says what is wrong',
    );
  });
}

t.test("the operator's report names the three invoice and payment rules when they break", async (t) => {
  let report = '';
  await db
    .transaction()
    .execute(async (trx) => {
      await trx
        .updateTable('payments')
        .set({ amount: sql`amount + 1000` })
        .where('id', '=', paidA[1]!.id)
        .execute();
      await reissue(trx, qrRefunded);
      await trx
        .updateTable('invoices')
        .set({ status: 'issued' })
        .where('lookup_code', '=', cashB.invoice.lookupCode)
        .execute();
      report = formatReport(await runInvariantChecks(trx), 'a corrupted copy');
      throw ROLLBACK;
    })
    .catch((error) => {
      if (error !== ROLLBACK) throw error;
    });
  t.match(
    report,
    /FAIL +payment_outcome_fits_amount .*\n +- payment sandbox\/\S+ is matched but paid 31\.?000 đ for request \S+ of 30\.?000 đ/,
  );
  t.match(
    report,
    new RegExp(
      `FAIL +refunded_sale_not_reissued .*\\n +- sale ${qrRefunded} of ${a.merchant.stallCode} \\(62,?000 đ\\) was refunded in full, yet its replacement invoice`,
    ),
  );
  t.match(
    report,
    new RegExp(
      `FAIL +replacement_chain_ends_once .*\\n +- sale ${cashB.sale.id} of ${b.merchant.stallCode}: 2 original/replacement invoice\\(s\\), 2 on the chain from its original, 1 chain end\\(s\\), 2 standing on it`,
    ),
  );
  t.same(await checkInvariants(db), [], 'rolled back: clean again');
});

t.test('the report names the rows: a gap in invoice numbers lists the missing number', async (t) => {
  const found = await violationsAfter(async (trx) => {
    const invoice = await firstOriginal(trx, saleA1);
    await trx.deleteFrom('invoices').where('id', '=', invoice.id).execute();
    return invoice;
  });
  const gap = found.find((v) => v.check === 'invoice_numbers_continuous')!;
  t.match(
    gap.message,
    new RegExp(
      `^${a.merchant.stallCode} 2C\\d\\dM[A-Z]{2}/\\d{4}: numbers 1\\.\\.\\d+ for \\d+ invoices, missing 2; counter at`,
    ),
  );
  t.same(await checkInvariants(db), [], 'and the rollback left the database clean');
});

/** Runs `npm run check` (the CLI) with this environment; resolves with its exit code and output. */
function runCli(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/check/check-cli.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

t.test('the CLI exits 0 on a consistent database and 1 naming each violation', async (t) => {
  const url = (database as { url?: string }).url;
  if (url) {
    // Postgres: this test file's own database, with the realistic dataset.
    const clean = await runCli({ DATABASE_URL: url });
    t.equal(clean.code, 0, clean.output);
    t.match(clean.output, /OK +invoice_numbers_continuous/);
    t.match(clean.output, /17 checks: all OK/);
    await db
      .updateTable('merchant_daily')
      .set({ refund_value: sql`refund_value + 7` })
      .where('merchant_id', '=', a.merchant.id)
      .execute();
    const broken = await runCli({ DATABASE_URL: url });
    await db
      .updateTable('merchant_daily')
      .set({ refund_value: sql`refund_value - 7` })
      .where('merchant_id', '=', a.merchant.id)
      .execute();
    t.equal(broken.code, 1, broken.output);
    t.match(broken.output, /FAIL +merchant_daily_rollup/);
    t.match(
      broken.output,
      new RegExp(
        `merchant_daily ${a.merchant.stallCode} \\d{4}-\\d\\d-\\d\\d: refund_value \\d+ in the rollup, \\d+ recomputed`,
      ),
    );
    return;
  }
  // Embedded: a database directory of our own (PGlite files belong to one process at a time).
  const dir = mkdtempSync(path.join(tmpdir(), 'cs-check-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, 'data');
  const embedded = await openDatabase({ dataDir });
  await migrateToLatest(embedded.db);
  await embedded.close();
  const clean = await runCli({ DATA_DIR: dataDir });
  t.equal(clean.code, 0, clean.output);
  t.match(clean.output, /17 checks: all OK/);
  const again = await openDatabase({ dataDir });
  const merchant = await again.db
    .insertInto('merchants')
    .values({
      stall_code: 'KD-900',
      name: 'Quán thử',
      qr_name: 'QUAN THU',
      category: 'food',
      mcc: '5812',
      ward: 'Thục Phán',
      site_id: (await again.db.selectFrom('sites').select('id').executeTakeFirstOrThrow()).id,
      payout_bin: '970436',
      payout_account: '1234567',
      tax_method: 'household',
      invoice_letters: 'QT',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await again.db
    .insertInto('invoice_counters')
    .values({ merchant_id: merchant.id, template: '2', series: 'C26MQT', year: 2026, last_number: 3 })
    .execute();
  await again.close();
  const broken = await runCli({ DATA_DIR: dataDir });
  t.equal(broken.code, 1, broken.output);
  t.match(broken.output, /FAIL +invoice_numbers_continuous/);
  t.match(broken.output, /KD-900 2C26MQT\/2026: counter at 3 for 0 invoices/);
  const missing = await runCli({ DATA_DIR: path.join(dir, 'nowhere') });
  t.equal(missing.code, 2, 'no database there: it says so rather than checking an empty one');
});
