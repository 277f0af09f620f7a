import t from 'tap';
import { sql } from 'kysely';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { deliver, SECRETS, sandboxDelivery } from '../helpers/webhooks.js';

const ctx = await startTestApp(t, SECRETS);
const { call } = ctx;
const stallA = await onboardStall(ctx, { payout: { bin: '970436', accountNumber: '0451000200001' } });
const stallB = await onboardStall(ctx, { payout: { bin: '970436', accountNumber: '0451000200002' } });

async function pay(stall: typeof stallA, due: number, paid: number) {
  const pr = (
    await call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount: due } })
  ).body;
  const res = await deliver(
    ctx,
    'sandbox',
    sandboxDelivery({
      accountNumber: stall.merchant.payout.accountNumber,
      amount: paid,
      description: `CT ${pr.reference} NGUYEN VAN A`,
    }),
  );
  return { request: pr, payment: res.body.results[0] as { paymentId: string; outcome: string } };
}
const waiting = async (token: string) => call({ method: 'GET', url: '/api/v1/payments/waiting', token });

t.test("a stall reads its own payments waiting for staff, newest first, without the payer's details", async (t) => {
  const short = await pay(stallA, 50000, 40000);
  t.equal(short.payment.outcome, 'underpaid');
  const paid = await pay(stallA, 20000, 20000);
  t.equal(paid.payment.outcome, 'matched');
  const over = await pay(stallA, 30000, 35000);
  t.equal(over.payment.outcome, 'overpaid');
  const twice = await deliver(
    ctx,
    'sandbox',
    sandboxDelivery({
      accountNumber: stallA.merchant.payout.accountNumber,
      amount: 20000,
      description: paid.request.reference,
    }),
  );
  t.equal(twice.body.results[0].outcome, 'duplicate');
  const other = await pay(stallB, 10000, 5000);

  const res = await waiting(stallA.apiKey);
  t.equal(res.status, 200);
  t.same(
    res.body.items.map((p: any) => [p.paymentId, p.outcome, p.amount, p.paymentRequestId]),
    [
      [twice.body.results[0].paymentId, 'duplicate', 20000, paid.request.id],
      [over.payment.paymentId, 'overpaid', 35000, over.request.id],
      [short.payment.paymentId, 'underpaid', 40000, short.request.id],
    ],
    "matched money is not waiting; another stall's is not shown",
  );
  t.match(res.body.items[0].occurredAt, /^\d{4}-\d\d-\d\dT/);
  t.same(Object.keys(res.body.items[0]).sort(), ['amount', 'occurredAt', 'outcome', 'paymentId', 'paymentRequestId']);
  t.notMatch(JSON.stringify(res.body), /NGUYEN|0451000200001/, 'no payer name, no account number');
  t.same(
    (await waiting(stallB.apiKey)).body.items.map((p: any) => p.paymentId),
    [other.payment.paymentId],
  );

  const limited = await call({ method: 'GET', url: '/api/v1/payments/waiting?limit=1', token: stallA.apiKey });
  t.same(
    limited.body.items.map((p: any) => p.paymentId),
    [twice.body.results[0].paymentId],
  );
  const bad = await call({ method: 'GET', url: '/api/v1/payments/waiting?limit=0', token: stallA.apiKey });
  t.equal(bad.status, 400);

  // Staff settle two of them: they are no longer waiting.
  const closed = await call({
    method: 'POST',
    url: `/api/v1/payments/${over.payment.paymentId}/close`,
    token: ctx.adminToken,
    payload: { note: 'Trả lại 5.000 đ tiền mặt' },
  });
  t.equal(closed.status, 200);
  const assigned = await call({
    method: 'POST',
    url: `/api/v1/payments/${short.payment.paymentId}/assign`,
    token: ctx.adminToken,
    payload: { merchantId: stallA.merchant.id },
  });
  t.equal(assigned.status, 200);
  t.same(
    (await waiting(stallA.apiKey)).body.items.map((p: any) => p.paymentId),
    [twice.body.results[0].paymentId],
  );
});

t.test('only a stall asks: staff use the review list, and no key is refused', async (t) => {
  t.equal((await waiting(ctx.adminToken)).status, 403);
  t.equal((await call({ method: 'GET', url: '/api/v1/payments/waiting' })).status, 401);
});

t.test('the waiting lists are read through partial indexes that matched payments never enter', async (t) => {
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes where schemaname = current_schema() and indexname in ('payments_open', 'payments_open_by_stall') order by indexname`.execute(
    ctx.database.db,
  );
  t.same(
    rows.map((r) => r.indexname),
    ['payments_open', 'payments_open_by_stall'],
  );
  for (const r of rows) t.match(r.indexdef, /WHERE \(resolved_at IS NULL\)/);
  // With sequential scans ruled out, the planner shows which index each list would use on a large table.
  await ctx.database.db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const plan = async (query: string) =>
      (await sql.raw<{ 'QUERY PLAN': string }>(`explain ${query}`).execute(trx)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    t.match(
      await plan(
        `select id from payments where merchant_id = '${stallA.merchant.id}' and resolved_at is null order by created_at desc, id desc limit 100`,
      ),
      /payments_open_by_stall/,
    );
    t.match(
      await plan('select id from payments where resolved_at is null order by created_at desc, id desc limit 50'),
      /payments_open\b/,
    );
  });
});
