import { readFileSync } from 'node:fs';
import t from 'tap';
import { loadConfig, sandboxEnabled } from '../../src/config/config.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { sandboxDelivery, SECRETS } from '../helpers/webhooks.js';

/**
 * Nobody can fabricate a bank-confirmed payment on a real deployment: the sandbox bank (which confirms any amount to
 * anyone who asks) exists only on the embedded trial, or where SANDBOX=1 says so; and money it makes is marked test.
 */
const POSTGRES_LIKE = 'postgres://cashless@db.internal:5432/cashless';

async function fabricationAttempts(ctx: TestApp) {
  const stall = await onboardStall(ctx);
  const pr = await ctx.call({
    method: 'POST',
    url: '/api/v1/payment-requests',
    token: stall.apiKey,
    payload: { amount: 45000 },
  });
  const transfer = await ctx.call({
    method: 'POST',
    url: '/sandbox/transfers',
    payload: { payload: pr.body.qr.payload, payerBank: 'VCB' },
  });
  // Even with the sandbox secret known (it is set), the webhook is not there to take a signed notice.
  const notice = sandboxDelivery({
    accountNumber: stall.merchant.payout.accountNumber,
    amount: 45000,
    description: pr.body.reference,
  });
  const webhook = await ctx.call({
    method: 'POST',
    url: '/webhooks/sandbox',
    payload: notice.body,
    headers: notice.headers,
  });
  const page = await ctx.call({ method: 'GET', url: '/pay' });
  const payments = await ctx.database.db.selectFrom('payments').select('id').execute();
  return { transfer, webhook, page, payments, pr };
}

t.test('on Postgres (DATABASE_URL set) the sandbox bank is off: its routes answer 404', async (t) => {
  const ctx = await startTestApp(t, {
    DATABASE_URL: POSTGRES_LIKE,
    SANDBOX_WEBHOOK_SECRET: SECRETS.SANDBOX_WEBHOOK_SECRET,
    PII_KEY: 'p'.repeat(32),
    TICKET_KEY: 't'.repeat(32),
    EINVOICE_PROVIDER_TAX_CODE: '0100109106',
  });
  const { transfer, webhook, page, payments, pr } = await fabricationAttempts(ctx);
  t.equal(transfer.status, 404, '/sandbox/transfers');
  t.equal(webhook.status, 404, '/webhooks/sandbox');
  t.equal(page.status, 404, '/pay');
  t.same(payments, [], 'no payment was recorded');
  const read = await ctx.call({ method: 'GET', url: `/api/v1/payment-requests/${pr.body.id}`, token: ctx.adminToken });
  t.not(read.body.status, 'paid');
  const board = await ctx.call({ method: 'GET', url: '/board' });
  t.notMatch(board.raw, 'data-test-money', 'no test-money banner where there is no test money');
});

t.test('with a real provider secret set the sandbox bank is off, also on the embedded database', async (t) => {
  const ctx = await startTestApp(t, {
    SEPAY_API_KEY: SECRETS.SEPAY_API_KEY,
    SANDBOX_WEBHOOK_SECRET: SECRETS.SANDBOX_WEBHOOK_SECRET,
  });
  const { transfer, webhook, page, payments } = await fabricationAttempts(ctx);
  t.equal(transfer.status, 404, '/sandbox/transfers');
  t.equal(webhook.status, 404, '/webhooks/sandbox');
  t.equal(page.status, 404, '/pay');
  t.same(payments, []);
});

t.test('which settings switch the sandbox off when SANDBOX is unset, and that SANDBOX decides when set', async (t) => {
  const on = (env: Record<string, string>) => sandboxEnabled(loadConfig(env));
  t.equal(on({}), true, 'the embedded trial');
  t.equal(on({ DATABASE_URL: POSTGRES_LIKE }), false, 'Postgres');
  for (const name of ['SEPAY_API_KEY', 'PAYOS_CHECKSUM_KEY', 'CASSO_SECRET'])
    t.equal(on({ [name]: 'x'.repeat(32) }), false, name);
  t.equal(on({ SEPAY_WEBHOOK_SECRET: 'x'.repeat(32) }), false, 'a SePay secret this code does not know yet');
  t.equal(on({ SEPAY_API_KEY: '' }), true, 'an empty setting is no secret');
  t.equal(on({ DATABASE_URL: POSTGRES_LIKE, SANDBOX: '1' }), true, 'SANDBOX=1 is explicit');
  t.equal(on({ SANDBOX: '0' }), false, 'SANDBOX=0 is explicit');
  t.equal(on({ SANDBOX: '' }), true, 'an empty SANDBOX is unset');
});

t.test('docker-compose leaves the sandbox bank off', async (t) => {
  const compose = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
  // Both instances (the app and the viewers') share one environment, an anchor above the services.
  const shared = compose.slice(compose.indexOf('x-app-environment:'), compose.indexOf('\nservices:'));
  const env = Object.fromEntries(
    [...shared.matchAll(/^ {2}([A-Z_]+): *"?([^"\n]*)"?$/gm)].map(([, k, v]) => [k, v.startsWith('${') ? '' : v]),
  );
  t.ok(env.DATABASE_URL, 'the compose app runs on Postgres');
  t.equal(sandboxEnabled(loadConfig(env)), false);
  t.match(compose, /\n {2}app:[\s\S]*?environment: \*app-environment/, 'the app uses that environment');
  t.match(compose, /\n {2}viewers:[\s\S]*?<<: \*app-environment/, 'so does the viewer instance');
  t.notMatch(compose, /^\s*SANDBOX:/m, 'no service turns the sandbox bank on');
});

t.test('with SANDBOX=1 the sandbox bank works, and everything it makes is marked test', async (t) => {
  const ctx = await startTestApp(t, {
    DATABASE_URL: POSTGRES_LIKE,
    SANDBOX: '1',
    PII_KEY: 'p'.repeat(32),
    TICKET_KEY: 't'.repeat(32),
    EINVOICE_PROVIDER_TAX_CODE: '0100109106',
    MAX_PAYMENT_AMOUNT: '5000000',
  });
  const stall = await onboardStall(ctx);
  const pr = await ctx.call({
    method: 'POST',
    url: '/api/v1/payment-requests',
    token: stall.apiKey,
    payload: { amount: 45000 },
  });
  const transfer = await ctx.call({
    method: 'POST',
    url: '/sandbox/transfers',
    payload: { payload: pr.body.qr.payload, payerBank: 'VCB' },
  });
  t.equal(transfer.status, 201, transfer.raw);
  t.equal(transfer.body.test, true, 'the transfer says it is test money');
  t.equal(transfer.body.payment.outcome, 'matched');

  const cash = await ctx.call({
    method: 'POST',
    url: '/api/v1/sales',
    token: stall.apiKey,
    payload: { method: 'cash', amount: 20000 },
  });
  t.equal(cash.status, 201, cash.raw);
  t.equal(cash.body.sale.test, false, 'a cash sale is real money, sandbox or not');
  t.equal(cash.body.invoice.test, false);

  const payments = await ctx.call({ method: 'GET', url: '/api/v1/payments', token: ctx.adminToken });
  t.same(
    payments.body.items.map((p: { test: boolean }) => p.test),
    [true],
    'the payment: test',
  );
  const sales = await ctx.call({ method: 'GET', url: '/api/v1/sales', token: stall.apiKey });
  const bySaleId = new Map(sales.body.items.map((s: { id: string; test: boolean }) => [s.id, s.test]));
  const testSaleId = payments.body.items[0].saleId;
  t.equal(bySaleId.get(testSaleId), true, 'the sale: test');
  t.equal(bySaleId.get(cash.body.sale.id), false);
  const invoices = await ctx.call({ method: 'GET', url: '/api/v1/invoices', token: stall.apiKey });
  const invoice = invoices.body.items.find((i: { saleId: string }) => i.saleId === testSaleId);
  t.equal(invoice.test, true, 'the invoice: test');
  const receipt = await ctx.call({ method: 'GET', url: `/i/${invoice.lookupCode}` });
  t.match(receipt.raw, 'HÓA ĐƠN THỬ NGHIỆM', 'the public receipt says so');
  const receiptJson = await ctx.call({ method: 'GET', url: `/i/${invoice.lookupCode}.json` });
  t.equal(receiptJson.body.test, true);

  // A refund's adjustment of a test sale is test too.
  const refund = await ctx.call({
    method: 'POST',
    url: `/api/v1/sales/${testSaleId}/refunds`,
    token: stall.apiKey,
    payload: { amount: 5000 },
  });
  t.equal(refund.status, 201, refund.raw);
  const adjustment = await ctx.database.db
    .selectFrom('invoices')
    .select('test')
    .where('sale_id', '=', testSaleId)
    .where('kind', '=', 'adjustment')
    .executeTakeFirstOrThrow();
  t.equal(adjustment.test, true);

  const csv = await ctx.call({ method: 'GET', url: '/api/v1/sales.csv?lang=en', token: stall.apiKey });
  const [header, ...rows] = csv.raw
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  const testColumn = header.split(',').indexOf('Test');
  t.ok(testColumn >= 0, 'the export has a test column');
  const csvTest = new Map(rows.map((r) => [r.split(',')[0], r.split(',')[testColumn]]));
  t.equal(csvTest.get(testSaleId), 'yes');
  t.equal(csvTest.get(cash.body.sale.id), 'no');

  for (const page of ['/board', '/pay', '/m', '/admin', '/admin/activations']) {
    const res = await ctx.call({ method: 'GET', url: page });
    t.equal(res.status, 200, page);
    t.match(res.raw, /data-test-money[^]*TIỀN THỬ NGHIỆM/, `${page} shows the test-money banner`);
  }

  t.test('a sandbox transfer is bounded like any sale', async (t) => {
    const staticQr = await ctx.call({
      method: 'GET',
      url: `/api/v1/merchants/${stall.merchant.id}/qr.txt`,
      token: stall.apiKey,
    });
    const payload = staticQr.raw.trim();
    const big = await ctx.call({
      method: 'POST',
      url: '/sandbox/transfers',
      payload: { payload, payerBank: 'VCB', amount: 5_000_001 },
    });
    t.equal(big.status, 400, big.raw);
    t.equal(big.body.error.code, 'amount_too_large');
    const huge = await ctx.call({
      method: 'POST',
      url: '/sandbox/transfers',
      payload: { payload, payerBank: 'VCB', amount: 400_000_000 },
    });
    t.equal(huge.body.error.code, 'amount_too_large');
    const fine = await ctx.call({
      method: 'POST',
      url: '/sandbox/transfers',
      payload: { payload, payerBank: 'VCB', amount: 5_000_000 },
    });
    t.equal(fine.status, 201, fine.raw);
  });
});
