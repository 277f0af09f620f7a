import t, { type Test } from 'tap';
import { signCasso, signSandbox } from '../../src/payments/providers/index.js';
import { onboardStall } from '../helpers/fixtures.js';
import {
  cassoDelivery,
  deliver,
  newTxId,
  payosDelivery,
  sandboxDelivery,
  SECRETS,
  sepayDelivery,
  type Credit,
} from '../helpers/webhooks.js';
import { startLoggedApp } from './support.js';

/**
 * Providers retry until acknowledged, and a timeout on their side can put many copies of one notification in flight
 * at once. For each provider adapter: the same notification 50× at the same moment records one payment, one sale and
 * one e-invoice, and all 50 are acknowledged (200) with the same paymentId. Run it on Postgres too, where the 50
 * requests really race on separate connections (DATABASE_URL=postgres://…).
 */

const COPIES = 50;
const ctx = await startLoggedApp(t, SECRETS);
const { call, database } = ctx;
const db = database.db;
const stall = await onboardStall(ctx, { payout: { bin: '970436', accountNumber: '0451000777888' } });
const account = stall.merchant.payout.accountNumber;

const count = async (table: 'payments' | 'sales' | 'invoices' | 'notifications') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

type Delivery = { body: string; headers: Record<string, string> };
const adapters: Array<[string, (credit: Credit) => Delivery]> = [
  ['sandbox', (credit) => sandboxDelivery(credit)],
  ['sepay', (credit) => sepayDelivery({ ...credit, id: String(Math.floor(Math.random() * 1e9)) })],
  ['payos', (credit) => payosDelivery(credit)],
  ['casso', (credit) => cassoDelivery(credit)],
];

async function storm(t: Test, provider: string, copies: Delivery[], amount: number, requestId: string) {
  const before = {
    payments: await count('payments'),
    sales: await count('sales'),
    invoices: await count('invoices'),
    notifications: await count('notifications'),
  };
  const started = Date.now();
  const answers = await Promise.all(copies.map((d) => deliver(ctx, provider, d)));
  const ms = Date.now() - started;

  t.same([...new Set(answers.map((r) => r.status))], [200], `all ${copies.length} acknowledged with 200`);
  const paymentIds = new Set(answers.map((r) => r.body?.results?.[0]?.paymentId));
  t.equal(paymentIds.size, 1, 'the same paymentId in every answer');
  t.ok([...paymentIds][0], 'a real paymentId');
  t.same([...new Set(answers.map((r) => r.body?.results?.[0]?.outcome))], ['matched'], 'every answer says matched');
  t.equal(
    answers.filter((r) => r.body?.results?.[0]?.repeated === false).length,
    1,
    'exactly one answer recorded it; the others were repeats',
  );

  t.equal(await count('payments'), before.payments + 1, 'one payment');
  t.equal(await count('sales'), before.sales + 1, 'one sale');
  t.equal(await count('invoices'), before.invoices + 1, 'one e-invoice');
  t.equal(await count('notifications'), before.notifications + 1, 'one stored notification');

  const paymentId = [...paymentIds][0] as string;
  const payment = await db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow();
  t.equal(payment.provider, provider);
  t.equal(payment.payment_request_id, requestId);
  const sales = await db.selectFrom('sales').selectAll().where('payment_request_id', '=', requestId).execute();
  t.equal(sales.length, 1, 'one sale for the request');
  t.equal(sales[0].amount, amount);
  t.equal(sales[0].id, payment.sale_id);
  const invoices = await db.selectFrom('invoices').select(['id', 'kind']).where('sale_id', '=', sales[0].id).execute();
  t.same(
    invoices.map((i) => i.kind),
    ['original'],
    'one original invoice for the sale',
  );
  const request = await call({ method: 'GET', url: `/api/v1/payment-requests/${requestId}`, token: stall.apiKey });
  t.equal(request.body.status, 'paid');
  t.comment(`${provider}: ${copies.length} copies answered in ${ms} ms`);
}

for (const [provider, make] of adapters) {
  t.test(`${provider}: the same notification ${COPIES}× at once → one payment, one sale, one invoice`, async (t) => {
    const amount = 40000 + Math.floor(Math.random() * 1000);
    const pr = (
      await call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount } })
    ).body;
    const delivery = make({
      id: newTxId(),
      accountNumber: account,
      amount,
      description: `${pr.reference} FT26327123456`,
    });
    await storm(
      t,
      provider,
      Array.from({ length: COPIES }, () => delivery),
      amount,
      pr.id,
    );
  });
}

// A provider's retries are signed anew (a fresh timestamp each time): the same notification, other signature bytes.
const resigned: Array<[string, (credit: Credit) => Delivery[]]> = [
  [
    'sandbox',
    (credit) => {
      const { body } = sandboxDelivery(credit);
      return Array.from({ length: COPIES }, (_, i) => ({
        body,
        headers: {
          'content-type': 'application/json',
          'x-signature': signSandbox(SECRETS.SANDBOX_WEBHOOK_SECRET, body, Date.now() - i * 1000),
        },
      }));
    },
  ],
  [
    'casso',
    (credit) => {
      const { body } = cassoDelivery(credit);
      return Array.from({ length: COPIES }, (_, i) => ({
        body,
        headers: {
          'content-type': 'application/json',
          'x-casso-signature': signCasso(SECRETS.CASSO_SECRET, JSON.parse(body), Date.now() - i * 1000),
        },
      }));
    },
  ],
];

for (const [provider, make] of resigned) {
  t.test(`${provider}: ${COPIES} retries of one notification, each signed anew, at once → one payment`, async (t) => {
    const amount = 50000 + Math.floor(Math.random() * 1000);
    const pr = (
      await call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount } })
    ).body;
    await storm(
      t,
      provider,
      make({ id: newTxId(), accountNumber: account, amount, description: pr.reference }),
      amount,
      pr.id,
    );
  });
}

t.test('nothing failed inside the app during the storms', async (t) => {
  t.same(ctx.errors, [], 'no error logged');
});
