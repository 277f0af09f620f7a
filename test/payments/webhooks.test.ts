import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import {
  cassoDelivery,
  deliver,
  newTxId,
  payosDelivery,
  sandboxDelivery,
  SECRETS,
  sepayDelivery,
} from '../helpers/webhooks.js';

const ctx = await startTestApp(t, SECRETS);
const { call, database } = ctx;
const db = database.db;
const stall = await onboardStall(ctx, { payout: { bin: '970436', accountNumber: '0451000123456' } });
const account = stall.merchant.payout.accountNumber;

const request = async (amount: number, extra: Record<string, unknown> = {}) =>
  (await call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount, ...extra } }))
    .body;
const count = async (table: 'payments' | 'sales' | 'notifications' | 'webhook_rejections') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

t.test('matched: the reference inside a bank memo pays the request and records the sale', async (t) => {
  const pr = await request(45000);
  const memo = `MBVCB.3278189062.${pr.reference.toLowerCase().slice(0, 5)} ${pr.reference.toLowerCase().slice(5)}.CT tu 0011001234567 NGUYEN VAN A`;
  const res = await deliver(
    ctx,
    'sandbox',
    sandboxDelivery({ accountNumber: account, amount: 45000, description: memo }),
  );
  t.equal(res.status, 200);
  t.equal(res.body.ok, true);
  t.equal(res.body.results[0].outcome, 'matched');
  const read = await call({ method: 'GET', url: `/api/v1/payment-requests/${pr.id}`, token: stall.apiKey });
  t.equal(read.body.status, 'paid');
  const sale = await db
    .selectFrom('sales')
    .selectAll()
    .where('payment_request_id', '=', pr.id)
    .executeTakeFirstOrThrow();
  t.equal(sale.amount, 45000);
  t.equal(sale.method, 'bank_qr');
  // The insert-heavy tables take time-ordered ids (UUIDv7), so their key indexes grow at one edge.
  const invoice = await db.selectFrom('invoices').select('id').where('sale_id', '=', sale.id).executeTakeFirstOrThrow();
  const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/;
  for (const [name, id] of Object.entries({
    request: pr.id,
    payment: res.body.results[0].paymentId,
    sale: sale.id,
    invoice: invoice.id,
  }))
    t.match(id, v7, `${name} id is a UUIDv7`);
});

t.test('a payer paying from a mobile-money wallet makes a mobile_money sale', async (t) => {
  const pr = await request(30000);
  const res = await deliver(
    ctx,
    'sandbox',
    sandboxDelivery({ accountNumber: account, amount: 30000, description: pr.reference, payerBank: 'MOMO' }),
  );
  t.equal(res.body.results[0].outcome, 'matched');
  const sale = await db
    .selectFrom('sales')
    .select('method')
    .where('payment_request_id', '=', pr.id)
    .executeTakeFirstOrThrow();
  t.equal(sale.method, 'mobile_money');
});

t.test('each other outcome is recorded and the money kept', async (t) => {
  const over = await request(20000);
  t.equal(
    (
      await deliver(
        ctx,
        'sandbox',
        sandboxDelivery({ accountNumber: account, amount: 25000, description: over.reference }),
      )
    ).body.results[0].outcome,
    'overpaid',
  );
  const under = await request(20000);
  t.equal(
    (
      await deliver(
        ctx,
        'sandbox',
        sandboxDelivery({ accountNumber: account, amount: 15000, description: under.reference }),
      )
    ).body.results[0].outcome,
    'underpaid',
  );
  t.equal(
    (await call({ method: 'GET', url: `/api/v1/payment-requests/${under.id}`, token: stall.apiKey })).body.status,
    'pending',
    'underpaid leaves the request open',
  );
  const late = await request(10000);
  await db
    .updateTable('payment_requests')
    .set({ expires_at: new Date(Date.now() - 60_000) })
    .where('id', '=', late.id)
    .execute();
  t.equal(
    (
      await deliver(
        ctx,
        'sandbox',
        sandboxDelivery({ accountNumber: account, amount: 10000, description: late.reference }),
      )
    ).body.results[0].outcome,
    'late',
  );
  const twice = await request(12000);
  await deliver(
    ctx,
    'sandbox',
    sandboxDelivery({ accountNumber: account, amount: 12000, description: twice.reference }),
  );
  t.equal(
    (
      await deliver(
        ctx,
        'sandbox',
        sandboxDelivery({ accountNumber: account, amount: 12000, description: twice.reference }),
      )
    ).body.results[0].outcome,
    'duplicate',
    'a second payment to a paid request',
  );
  const lost = await deliver(
    ctx,
    'sandbox',
    sandboxDelivery({ accountNumber: '999888777666', amount: 5000, description: 'chuyen tien' }),
  );
  t.equal(lost.body.results[0].outcome, 'unmatched');
  const wrongAccount = await request(8000);
  t.equal(
    (
      await deliver(
        ctx,
        'sandbox',
        sandboxDelivery({ accountNumber: '999888777666', amount: 8000, description: wrongAccount.reference }),
      )
    ).body.results[0].outcome,
    'unmatched',
    'a reference paid into another account does not pay the request',
  );

  const review = await call({ method: 'GET', url: '/api/v1/payments?outcome=unmatched', token: ctx.adminToken });
  t.equal(review.status, 200);
  t.equal(review.body.items.length, 2);
  const overpaid = await call({ method: 'GET', url: '/api/v1/payments?outcome=overpaid', token: ctx.adminToken });
  t.equal(overpaid.body.items[0].amount, 25000, 'the whole amount that arrived is kept');
});

t.test('a transfer to the stall account with no reference (static QR) is a sale for that stall', async (t) => {
  const res = await deliver(
    ctx,
    'sandbox',
    sandboxDelivery({ accountNumber: account, amount: 35000, description: 'NGUYEN VAN A chuyen tien' }),
  );
  t.equal(res.body.results[0].outcome, 'matched');
  const payment = await db
    .selectFrom('payments')
    .select(['sale_id', 'merchant_id'])
    .where('id', '=', res.body.results[0].paymentId)
    .executeTakeFirstOrThrow();
  t.ok(payment.sale_id);
  t.equal(payment.merchant_id, stall.merchant.id);
});

t.test("staff assign an unmatched payment to a stall: it becomes that stall's sale, once", async (t) => {
  const res = await deliver(
    ctx,
    'sandbox',
    sandboxDelivery({ accountNumber: '555444333222', amount: 7000, description: 'ck' }),
  );
  const id = res.body.results[0].paymentId;
  const assigned = await call({
    method: 'POST',
    url: `/api/v1/payments/${id}/assign`,
    token: ctx.adminToken,
    payload: { merchantId: stall.merchant.id },
  });
  t.equal(assigned.status, 200);
  t.ok(assigned.body.saleId);
  const again = await call({
    method: 'POST',
    url: `/api/v1/payments/${id}/assign`,
    token: ctx.adminToken,
    payload: { merchantId: stall.merchant.id },
  });
  t.equal(again.status, 409);
  t.equal(again.body.error.code, 'payment_already_resolved');
  t.equal(
    (await call({ method: 'GET', url: '/api/v1/payments', token: stall.apiKey })).status,
    403,
    'merchants do not review payments',
  );
});

t.test(
  'staff close an overpaid payment once the excess is handed back: it leaves the review list, no sale is added',
  async (t) => {
    const pr = await request(50000);
    const res = await deliver(
      ctx,
      'sandbox',
      sandboxDelivery({ accountNumber: account, amount: 60000, description: pr.reference }),
    );
    t.equal(res.body.results[0].outcome, 'overpaid');
    const id = res.body.results[0].paymentId;
    const open = async () =>
      (
        await call({ method: 'GET', url: '/api/v1/payments?outcome=overpaid&open=true', token: ctx.adminToken })
      ).body.items.map((p: any) => p.id);
    t.ok((await open()).includes(id), 'the excess waits for review');
    const assign = await call({
      method: 'POST',
      url: `/api/v1/payments/${id}/assign`,
      token: ctx.adminToken,
      payload: { merchantId: stall.merchant.id },
    });
    t.equal(assign.status, 409, 'its sale exists already: assigning would book it twice');
    const salesBefore = await count('sales');
    const empty = await call({
      method: 'POST',
      url: `/api/v1/payments/${id}/close`,
      token: ctx.adminToken,
      payload: { note: '   ' },
    });
    t.equal(empty.status, 400, 'a close says how the money was settled');
    const closed = await call({
      method: 'POST',
      url: `/api/v1/payments/${id}/close`,
      token: ctx.adminToken,
      payload: { note: 'Gian hàng trả lại 10.000 đ tiền mặt cho khách' },
    });
    t.equal(closed.status, 200);
    t.equal(closed.body.payment.resolutionNote, 'Gian hàng trả lại 10.000 đ tiền mặt cho khách');
    t.ok(closed.body.payment.resolvedAt);
    t.equal(closed.body.payment.amount, 60000, 'the record of the money that arrived is kept whole');
    t.notOk((await open()).includes(id));
    t.equal(await count('sales'), salesBefore);
    const twice = await call({
      method: 'POST',
      url: `/api/v1/payments/${id}/close`,
      token: ctx.adminToken,
      payload: { note: 'again' },
    });
    t.equal(twice.status, 409);
    t.equal(twice.body.error.code, 'payment_already_resolved');
    const missing = await call({
      method: 'POST',
      url: '/api/v1/payments/00000000-0000-4000-8000-000000000000/close',
      token: ctx.adminToken,
      payload: { note: 'x' },
    });
    t.equal(missing.status, 404);
    const byMerchant = await call({
      method: 'POST',
      url: `/api/v1/payments/${id}/close`,
      token: stall.apiKey,
      payload: { note: 'x' },
    });
    t.equal(byMerchant.status, 403, 'only staff close review items');
  },
);

t.test('a closed unmatched payment can no longer be assigned', async (t) => {
  const res = await deliver(
    ctx,
    'sandbox',
    sandboxDelivery({ accountNumber: '555444333999', amount: 9000, description: 'nham tai khoan' }),
  );
  const id = res.body.results[0].paymentId;
  t.equal(
    (
      await call({
        method: 'POST',
        url: `/api/v1/payments/${id}/close`,
        token: ctx.adminToken,
        payload: { note: 'Ngân hàng hoàn tiền cho người chuyển' },
      })
    ).status,
    200,
  );
  const assign = await call({
    method: 'POST',
    url: `/api/v1/payments/${id}/assign`,
    token: ctx.adminToken,
    payload: { merchantId: stall.merchant.id },
  });
  t.equal(assign.status, 409);
  t.equal(assign.body.error.code, 'payment_already_resolved');
});

t.test('the same notification 50× at once → one payment, one sale, the same answer each time', async (t) => {
  const pr = await request(60000);
  const delivery = sandboxDelivery({ id: newTxId(), accountNumber: account, amount: 60000, description: pr.reference });
  const [paymentsBefore, salesBefore] = [await count('payments'), await count('sales')];
  const results = await Promise.all(Array.from({ length: 50 }, () => deliver(ctx, 'sandbox', delivery)));
  t.ok(
    results.every((r) => r.status === 200),
    'all acknowledged',
  );
  t.equal(new Set(results.map((r) => r.body.results[0].paymentId)).size, 1);
  t.ok(results.every((r) => r.body.results[0].outcome === 'matched'));
  t.equal(await count('payments'), paymentsBefore + 1);
  t.equal(await count('sales'), salesBefore + 1);
});

t.test('each provider adapter confirms through its own wire format', async (t) => {
  for (const [provider, make] of [
    ['sepay', sepayDelivery],
    ['payos', payosDelivery],
    ['casso', cassoDelivery],
  ] as const) {
    const pr = await request(21000);
    const res = await deliver(
      ctx,
      provider,
      make({ accountNumber: account, amount: 21000, description: `${pr.reference} FT26327123456` }),
    );
    t.equal(res.status, 200, provider);
    t.equal(res.body.results[0].outcome, 'matched', provider);
    t.equal(
      (await call({ method: 'GET', url: `/api/v1/payment-requests/${pr.id}`, token: stall.apiKey })).body.status,
      'paid',
      provider,
    );
  }
  t.equal(
    (await deliver(ctx, 'sepay', sepayDelivery({ accountNumber: account, amount: 5000, description: 'rut tien' }))).body
      .success,
    true,
    'SePay ack shape',
  );
});

t.test('only money in counts: a SePay "out" transfer records nothing', async (t) => {
  const before = await count('payments');
  const res = await deliver(
    ctx,
    'sepay',
    sepayDelivery({ accountNumber: account, amount: 50000, description: 'rut tien' }, 'out'),
  );
  t.equal(res.status, 200);
  t.equal(await count('payments'), before);
});

t.test('missing, wrong, stale and body-swapped signatures → 401, nothing recorded, a security log entry', async (t) => {
  const [paymentsBefore, notificationsBefore, rejectionsBefore] = [
    await count('payments'),
    await count('notifications'),
    await count('webhook_rejections'),
  ];
  const good = sandboxDelivery({ accountNumber: account, amount: 9000, description: 'x' });
  const other = sandboxDelivery({ accountNumber: account, amount: 900000, description: 'x' });
  const attempts: Array<{ body: string; headers: Record<string, string> }> = [
    { body: good.body, headers: { 'content-type': 'application/json' } },
    sandboxDelivery({ accountNumber: account, amount: 9000, description: 'x' }, 'a-wrong-secret-0123456789'),
    sandboxDelivery(
      { accountNumber: account, amount: 9000, description: 'x' },
      SECRETS.SANDBOX_WEBHOOK_SECRET,
      Date.now() - 10 * 60_000,
    ),
    { body: other.body, headers: good.headers },
    {
      body: sepayDelivery({ accountNumber: account, amount: 1, description: 'x' }).body,
      headers: { 'content-type': 'application/json', authorization: 'Apikey wrong' },
    },
    {
      ...payosDelivery({ accountNumber: account, amount: 1, description: 'x' }),
      body: payosDelivery({ accountNumber: account, amount: 1, description: 'x' }).body.replace(
        '"amount":1',
        '"amount":100000',
      ),
    },
  ];
  const providers = ['sandbox', 'sandbox', 'sandbox', 'sandbox', 'sepay', 'payos'];
  for (const [i, attempt] of attempts.entries()) {
    const res = await deliver(ctx, providers[i], attempt);
    t.equal(res.status, 401, `attempt ${i}`);
    t.equal(res.body.error.code, 'invalid_signature');
  }
  t.equal(await count('payments'), paymentsBefore);
  t.equal(await count('notifications'), notificationsBefore);
  t.equal(await count('webhook_rejections'), rejectionsBefore + attempts.length);
});

t.test('a provider without its secret is switched off (404); an unknown one too', async (t) => {
  const bare = await startTestApp(t, { SANDBOX_WEBHOOK_SECRET: SECRETS.SANDBOX_WEBHOOK_SECRET });
  const res = await deliver(bare, 'sepay', sepayDelivery({ accountNumber: account, amount: 1000, description: 'x' }));
  t.equal(res.status, 404);
  t.equal(res.body.error.code, 'provider_not_enabled');
  t.equal(
    (await deliver(bare, 'paypal', sandboxDelivery({ accountNumber: account, amount: 1, description: 'x' }))).status,
    404,
  );
});

t.test('a malformed but signed body → 400, nothing recorded', async (t) => {
  const res = await deliver(ctx, 'sepay', {
    body: JSON.stringify({ id: 1, transferType: 'in' }),
    headers: { 'content-type': 'application/json', authorization: `Apikey ${SECRETS.SEPAY_API_KEY}` },
  });
  t.equal(res.status, 400);
  t.equal(res.body.error.code, 'invalid_payload');
});
