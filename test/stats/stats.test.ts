import t from 'tap';
import { saleTotals } from '../../src/stats/stats.repository.js';
import { recomputeMerchantDaily, recomputeTotals } from '../../src/stats/recompute.js';
import { vietnamDay } from '../../src/time/vietnam.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { openSocket } from '../helpers/ws.js';
import { expandIds } from '../../src/realtime/delta-patch.js';

const ctx = await startTestApp(t);
const { call, database } = ctx;
const base = (await ctx.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
const a = await onboardStall(ctx, { name: 'Nước mía Sông Bằng', category: 'drinks' });
const b = await onboardStall(ctx, { name: 'Thổ cẩm Tày Nùng', category: 'souvenirs' });
const c = await onboardStall(ctx, { name: 'Lạp sườn hun khói' });

async function qrPayment(stall: typeof a, amount: number, payerBank = 'VCB') {
  const pr = (await call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount } }))
    .body;
  return (await call({ method: 'POST', url: '/sandbox/transfers', payload: { payload: pr.qr.payload, payerBank } }))
    .body;
}

t.test('the snapshot reads the KPIs from rollups and equals a recomputation from the base tables', async (t) => {
  await qrPayment(a, 45000);
  await qrPayment(a, 30000, 'MOMO');
  await qrPayment(b, 120000, 'VIETTELMONEY');
  const cash = (
    await call({ method: 'POST', url: '/api/v1/sales', token: c.apiKey, payload: { amount: 50000, method: 'cash' } })
  ).body;
  await call({
    method: 'POST',
    url: `/api/v1/sales/${cash.sale.id}/refunds`,
    token: c.apiKey,
    payload: { amount: 10000 },
  });
  const snap = (await call({ method: 'GET', url: '/api/v1/stats' })).body;
  t.match(snap.today, {
    salesCount: 4,
    salesValue: 245000,
    cashlessCount: 3,
    cashlessValue: 195000,
    cashCount: 1,
    cashValue: 50000,
    invoices: 4,
    invoiceCoverage: 1,
  });
  t.equal(snap.today.cashlessShare, 195000 / 245000);
  t.same(snap.today.byMethod.mobileMoney, { count: 2, value: 150000 });
  t.same(snap.today.refunds, { count: 1, value: 10000 });
  t.match(snap.stalls, { onboarded: 3, withQr: 3, activeToday: 2 });
  t.equal(snap.stalls.activeShare, 2 / 3);
  const hour = new Date(Date.now() + 7 * 3600_000).getUTCHours();
  t.equal(snap.salesPerHour[hour].count, 4);
  t.same(snap.payers.today.map((p: any) => p.payer).sort(), ['MOMO', 'VCB', 'VIETTELMONEY']);
  t.equal(snap.ticker.length, 4);
  t.ok(
    snap.ticker.every((i: any) =>
      Object.keys(i).every((k) => ['id', 'type', 'at', 'stallCode', 'saleId', 'amount', 'method'].includes(k)),
    ),
    'the ticker carries no personal detail',
  );

  const day = vietnamDay(new Date());
  t.same(await saleTotals(database.db, day), await recomputeTotals(database.db, day), 'today: rollups = recomputation');
  t.same(await saleTotals(database.db), await recomputeTotals(database.db), 'all time: rollups = recomputation');
  const stored = await database.db.selectFrom('merchant_daily').selectAll().execute();
  t.equal(stored.length, (await recomputeMerchantDaily(database.db)).length, 'one rollup row per stall and day');
});

t.test('daily.csv has one row per day', async (t) => {
  const csv = await call({ method: 'GET', url: '/api/v1/stats/daily.csv' });
  const lines = csv.raw.replace('\uFEFF', '').trim().split('\r\n');
  t.equal(lines.length, 2);
  t.match(lines[1], new RegExp(`^${vietnamDay(new Date())},4,245000,3,195000,1,50000,2,150000,10000,4,1.0000,2$`));
});

t.test('WS /ws/board: a snapshot on connect, then a coalesced delta after a payment', async (t) => {
  const viewer = await openSocket(`${base}/ws/board`);
  const first = await viewer.next((m) => m.type === 'snapshot');
  const before = first.stats.today.salesCount;
  const paid = await qrPayment(b, 77000);
  const sale = await viewer.next((m) => m.type === 'delta' && m.ticker.some((i: any) => i.amount === 77000));
  t.equal(
    sale.ticker.find((i: any) => i.amount === 77000).stallCode,
    b.merchant.stallCode,
    'the sale goes out at once',
  );
  const numbers = await viewer.next((m) => m.type === 'delta' && m.changed.today?.salesCount === before + 1);
  t.ok(numbers, 'the numbers it changes follow');
  t.equal(paid.payment.outcome, 'matched');
  viewer.close();
});

t.test('several payments at once arrive as few deltas (coalesced)', async (t) => {
  const viewer = await openSocket(`${base}/ws/board`);
  await viewer.next((m) => m.type === 'snapshot');
  await Promise.all(
    Array.from({ length: 10 }, () =>
      call({ method: 'POST', url: '/api/v1/sales', token: c.apiKey, payload: { amount: 1000, method: 'cash' } }),
    ),
  );
  // A delta lists its newest sales as ticker lines and the rest by id (`more`): together, every sale.
  const covered = () =>
    viewer.messages
      .filter((x) => x.type === 'delta')
      .reduce((n, x) => n + x.ticker.length + expandIds(x.more ?? []).length, 0);
  await viewer.next((m) => m.type === 'delta' && covered() >= 10);
  const deltas = viewer.messages.filter((m) => m.type === 'delta');
  t.ok(deltas.length <= 5, `10 sales in ${deltas.length} deltas`);
  viewer.close();
});

t.test("WS /ws/merchant: a ticket opens the stall's own feed; others' events never reach it", async (t) => {
  const ticket = (await call({ method: 'POST', url: '/api/v1/ws-tickets', token: a.apiKey })).body;
  t.match(ticket, { ticket: String, expiresAt: String });
  const feed = await openSocket(`${base}/ws/merchant?ticket=${encodeURIComponent(ticket.ticket)}`);
  await feed.next((m) => m.type === 'hello' && m.merchantId === a.merchant.id);
  await qrPayment(b, 11000);
  const paid = await qrPayment(a, 22000);
  // One event for the confirmation: the sale, with the payment that made it and the invoice issued with it.
  const event = await feed.next((m) => m.type === 'event' && m.event.type === 'sale.recorded');
  t.match(event.event.data, {
    amount: 22000,
    stallCode: a.merchant.stallCode,
    payment: { paymentId: paid.payment.id, amount: 22000, outcome: 'matched' },
    invoice: { invoiceId: String, series: String, number: Number },
  });
  const { invoiceId, number } = event.event.data.invoice;
  const stored = await ctx.database.db
    .selectFrom('invoices')
    .select(['number', 'sale_id'])
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  t.same(
    stored,
    { number, sale_id: event.event.data.saleId },
    "the event names the sale's invoice with the number it was given in the same statement",
  );
  t.ok(number >= 1);
  t.notOk(JSON.stringify(event.event.data).includes(a.merchant.payout.accountNumber), 'never the account');
  t.ok(
    feed.messages.filter((m) => m.type === 'event').every((m) => m.event.data.stallCode === a.merchant.stallCode),
    'only its own events',
  );
  feed.close();
  const forged = await openSocket(
    `${base}/ws/merchant?ticket=${encodeURIComponent(ticket.ticket.replace(a.merchant.id, b.merchant.id))}`,
  );
  await new Promise((r) => setTimeout(r, 200));
  t.equal(forged.closed()?.code, 4401, 'a ticket altered to another stall is refused');
  t.equal((await call({ method: 'POST', url: '/api/v1/ws-tickets', token: ctx.adminToken })).status, 403);
});
