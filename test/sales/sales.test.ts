import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

const ctx = await startTestApp(t);
const { call } = ctx;
const stall = await onboardStall(ctx, { name: 'Xôi ngũ sắc Bà Tư' });
const other = await onboardStall(ctx);

const cashSale = (payload: Record<string, unknown>, token = stall.apiKey) =>
  call({ method: 'POST', url: '/api/v1/sales', token, payload: { method: 'cash', ...payload } });

t.test('a cash sale is recorded with its items and rolled up for the day', async (t) => {
  const res = await cashSale({
    amount: 40000,
    items: [{ name: 'Xôi ngũ sắc', quantity: 2, unitPrice: 20000, unit: 'gói' }],
  });
  t.equal(res.status, 201);
  t.match(res.body.sale, { method: 'cash', amount: 40000, refundedAmount: 0, merchantId: stall.merchant.id });
  const daily = await ctx.database.db
    .selectFrom('merchant_daily')
    .selectAll()
    .where('merchant_id', '=', stall.merchant.id)
    .executeTakeFirstOrThrow();
  t.match(daily, { sales_count: 1, sales_value: 40000, cash_count: 1, cash_value: 40000, bank_qr_count: 0 });
  const events = await ctx.database.db
    .selectFrom('events')
    .select(['type', 'data'])
    .where('merchant_id', '=', stall.merchant.id)
    .execute();
  t.equal(events.length, 1, 'one event for the one change');
  t.equal(events[0].type, 'sale.recorded');
  t.match(events[0].data, {
    saleId: res.body.sale.id,
    amount: 40000,
    method: 'cash',
    invoice: { invoiceId: res.body.invoice.id, series: res.body.invoice.series, number: res.body.invoice.number },
  });
});

t.test('invalid cash sales are refused with their codes', async (t) => {
  t.equal((await cashSale({ amount: 0 })).body.error.code, 'validation_failed');
  t.equal(
    (await cashSale({ amount: 10000, method: 'bank_qr' })).body.error.code,
    'validation_failed',
    'only cash can be logged by hand',
  );
  t.equal(
    (await cashSale({ amount: 10000, items: [{ name: 'A', quantity: 1, unitPrice: 9000 }] })).body.error.code,
    'items_total_mismatch',
  );
  t.equal((await cashSale({ amount: 10000 }, ctx.adminToken)).status, 403);
});

t.test('partial and full refunds; never more than the sale', async (t) => {
  const { sale } = (await cashSale({ amount: 50000 })).body;
  const refund = (amount: number, token = stall.apiKey) =>
    call({
      method: 'POST',
      url: `/api/v1/sales/${sale.id}/refunds`,
      token,
      payload: { amount, reason: 'khách trả lại' },
    });
  const first = await refund(20000);
  t.equal(first.status, 201);
  t.equal(first.body.sale.refundedAmount, 20000);
  const tooMuch = await refund(30001);
  t.equal(tooMuch.status, 409);
  t.equal(tooMuch.body.error.code, 'refund_exceeds_sale');
  t.equal(tooMuch.body.error.details.refundable, 30000);
  t.equal((await refund(30000)).status, 201);
  t.equal((await refund(1)).status, 409, 'fully refunded');
  t.equal((await refund(1000, other.apiKey)).status, 404, 'another stall cannot refund it');
});

t.test('two concurrent refunds that together exceed the sale: one succeeds, one gets 409', async (t) => {
  for (let round = 0; round < 5; round++) {
    const { sale } = (await cashSale({ amount: 30000 })).body;
    const results = await Promise.all(
      [20000, 15000].map((amount) =>
        call({ method: 'POST', url: `/api/v1/sales/${sale.id}/refunds`, token: stall.apiKey, payload: { amount } }),
      ),
    );
    t.same(results.map((r) => r.status).sort(), [201, 409], `round ${round}`);
    const row = await ctx.database.db
      .selectFrom('sales')
      .select('refunded_amount')
      .where('id', '=', sale.id)
      .executeTakeFirstOrThrow();
    t.ok(row.refunded_amount <= 30000);
    const refunds = await ctx.database.db
      .selectFrom('refunds')
      .select((eb) => eb.fn.sum<number>('amount').as('sum'))
      .where('sale_id', '=', sale.id)
      .executeTakeFirstOrThrow();
    t.equal(Number(refunds.sum), row.refunded_amount, "refund rows equal the sale's refunded amount");
  }
});

t.test('history: own sales only, newest first, cursor pages, date range, CSV with BOM', async (t) => {
  await cashSale({ amount: 1000 }, other.apiKey);
  const all: any[] = [];
  let cursor: string | null = null;
  do {
    const res: any = await call({
      method: 'GET',
      url: `/api/v1/sales?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      token: stall.apiKey,
    });
    all.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  t.equal(all.length, 7, 'one cash sale, one refunded sale, five refund rounds');
  t.ok(
    all.every((s) => s.merchantId === stall.merchant.id),
    'a merchant sees only its own sales',
  );
  t.equal(new Set(all.map((s) => s.id)).size, all.length);
  const times = all.map((s) => Date.parse(s.occurredAt));
  t.same(
    times,
    [...times].sort((a, b) => b - a),
  );
  const future = await call({ method: 'GET', url: '/api/v1/sales?from=2199-01-01', token: stall.apiKey });
  t.equal(future.body.items.length, 0);
  const staffView = await call({
    method: 'GET',
    url: `/api/v1/sales?merchantId=${other.merchant.id}`,
    token: ctx.adminToken,
  });
  t.equal(staffView.body.items.length, 1);
  const csv = await call({ method: 'GET', url: '/api/v1/sales.csv', token: stall.apiKey });
  t.equal(csv.status, 200);
  t.match(csv.headers['content-type'], /text\/csv/);
  t.ok(csv.raw.startsWith('\uFEFFMã giao dịch,'), 'BOM then header');
  t.match(csv.raw, '2 × Xôi ngũ sắc');
  t.equal(csv.raw.trim().split('\r\n').length, all.length + 1);
  t.equal(
    (await call({ method: 'GET', url: '/api/v1/sales?cursor=garbage', token: stall.apiKey })).body.error.code,
    'invalid_cursor',
  );
});

t.test('the sandbox bank pays a dynamic code through the signed webhook path', async (t) => {
  const pr = (
    await call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount: 25000 } })
  ).body;
  const res = await call({
    method: 'POST',
    url: '/sandbox/transfers',
    payload: { payload: pr.qr.payload, payerBank: 'Techcombank', payerName: 'Lê Thị Hồng' },
  });
  t.equal(res.status, 201);
  t.equal(res.body.payment.outcome, 'matched');
  t.match(res.body.description, new RegExp(`^TCB\\.\\d{10}\\.${pr.reference}\\.CT tu LE THI HONG$`));
  t.equal(
    (await call({ method: 'GET', url: `/api/v1/payment-requests/${pr.id}`, token: stall.apiKey })).body.status,
    'paid',
  );
  const notification = await ctx.database.db
    .selectFrom('notifications')
    .select(['provider', 'raw_body'])
    .where('provider', '=', 'sandbox')
    .executeTakeFirstOrThrow();
  t.match(notification.raw_body, pr.reference, 'stored raw');
});

t.test('the sandbox bank pays a static code with a typed amount, and refuses bad codes', async (t) => {
  const payload = (
    await call({ method: 'GET', url: `/api/v1/merchants/${stall.merchant.id}/qr.txt`, token: stall.apiKey })
  ).raw;
  t.equal(
    (await call({ method: 'POST', url: '/sandbox/transfers', payload: { payload, payerBank: 'MoMo' } })).body.error
      .code,
    'amount_required',
  );
  const paid = await call({
    method: 'POST',
    url: '/sandbox/transfers',
    payload: { payload, payerBank: 'MoMo', amount: 15000 },
  });
  t.equal(paid.body.payment.outcome, 'matched');
  t.match(
    paid.body.description,
    /^MOMO\.\d{10}\.CT tu KHACH HANG$/,
    "no empty memo between the bank's prefix and suffix",
  );
  const bad = await call({
    method: 'POST',
    url: '/sandbox/transfers',
    payload: { payload: payload.slice(0, -1) + '0', payerBank: 'MoMo', amount: 1 },
  });
  t.equal(bad.status, 422);
  t.equal(
    (
      await call({
        method: 'POST',
        url: '/sandbox/transfers',
        payload: { payload, payerBank: 'Bank of Mars', amount: 1 },
      })
    ).body.error.code,
    'unknown_payer_bank',
  );
});
