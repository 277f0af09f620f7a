import t from 'tap';
import { decodeVietQr } from '../../src/qr/vietqr.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { readQrPng } from '../helpers/qr-image.js';

const MAX = 2_000_000;
const ctx = await startTestApp(t, { MAX_PAYMENT_AMOUNT: String(MAX) });
const { call } = ctx;
const { apiKey } = await onboardStall(ctx, {
  name: 'Bánh áp chao Cô Mai',
  payout: { bin: '970415', accountNumber: '101867366666' },
});
const other = await onboardStall(ctx);

const create = (payload: Record<string, unknown>, token = apiKey, headers: Record<string, string> = {}) =>
  call({ method: 'POST', url: '/api/v1/payment-requests', token, payload, headers });

t.test('a dynamic QR carries the amount and the reference in the memo (62/08)', async (t) => {
  const before = Date.now();
  const res = await create({ amount: 45000, description: 'Hai bát bánh cuốn' });
  t.equal(res.status, 201);
  t.match(res.body.reference, /^CS[ABCDEFGHJKMNPQRTUVWXYZ2346789]{8}$/);
  t.equal(res.body.status, 'pending');
  const expires = Date.parse(res.body.expiresAt) - before;
  t.ok(expires > 14.9 * 60_000 && expires <= 15 * 60_000 + 2000, 'default expiry 15 minutes');
  const qr = decodeVietQr(res.body.qr.payload);
  t.match(qr, {
    initiation: 'dynamic',
    bin: '970415',
    account: '101867366666',
    amount: 45000,
    purpose: res.body.reference,
    name: 'Banh ap chao Co Mai',
  });
  t.match(res.body.qr.svg, /^<svg/);
  t.equal(res.body.qr.svgUrl, `/api/v1/payment-requests/${res.body.id}/qr.svg`);
  const png = await ctx.app.inject({
    method: 'GET',
    url: res.body.qr.pngUrl,
    headers: { authorization: `Bearer ${apiKey}` },
  });
  t.equal(readQrPng(png.rawPayload), res.body.qr.payload, 'the PNG scans back to the payload');
  const read = await call({ method: 'GET', url: `/api/v1/payment-requests/${res.body.id}`, token: apiKey });
  t.equal(read.body.reference, res.body.reference);
});

t.test('amounts: 1 and the maximum are fine; zero, negative, fractional, huge and strings are 400', async (t) => {
  t.equal((await create({ amount: 1 })).status, 201);
  t.equal((await create({ amount: MAX })).status, 201);
  const cases: Array<[unknown, string]> = [
    [0, 'validation_failed'],
    [-5000, 'validation_failed'],
    [1500.5, 'validation_failed'],
    [MAX + 1, 'amount_too_large'],
    [1e20, 'validation_failed'],
    ['45000', 'validation_failed'],
    [null, 'validation_failed'],
  ];
  for (const [amount, code] of cases) {
    const res = await create({ amount });
    t.equal(res.status, 400, `amount ${amount}`);
    t.equal(res.body.error.code, code, `amount ${amount}`);
  }
});

t.test('items must add up to the amount', async (t) => {
  const ok = await create({
    amount: 50000,
    items: [
      { name: 'Bánh cuốn', quantity: 2, unitPrice: 20000, unit: 'bát' },
      { name: 'Trà đá', quantity: 2, unitPrice: 5000 },
    ],
  });
  t.equal(ok.status, 201);
  t.equal(ok.body.items.length, 2);
  const bad = await create({ amount: 50001, items: [{ name: 'Bánh cuốn', quantity: 2, unitPrice: 25000 }] });
  t.equal(bad.status, 400);
  t.equal(bad.body.error.code, 'items_total_mismatch');
});

t.test('expiry is visible on read before any sweeper runs; an expired request cannot be cancelled', async (t) => {
  const res = await create({ amount: 30000, expiresInSeconds: 60 });
  await ctx.database.db
    .updateTable('payment_requests')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('id', '=', res.body.id)
    .execute();
  const read = await call({ method: 'GET', url: `/api/v1/payment-requests/${res.body.id}`, token: apiKey });
  t.equal(read.body.status, 'expired');
  const cancel = await call({ method: 'POST', url: `/api/v1/payment-requests/${res.body.id}/cancel`, token: apiKey });
  t.equal(cancel.status, 409);
  t.equal(cancel.body.error.code, 'payment_request_expired');
});

t.test('cancel a pending request; cancelling again answers the same', async (t) => {
  const res = await create({ amount: 12000 });
  const cancel = await call({ method: 'POST', url: `/api/v1/payment-requests/${res.body.id}/cancel`, token: apiKey });
  t.equal(cancel.status, 200);
  t.equal(cancel.body.status, 'cancelled');
  const again = await call({ method: 'POST', url: `/api/v1/payment-requests/${res.body.id}/cancel`, token: apiKey });
  t.equal(again.body.status, 'cancelled');
});

t.test('another stall cannot read, render or cancel it (404)', async (t) => {
  const res = await create({ amount: 15000 });
  for (const url of [`/api/v1/payment-requests/${res.body.id}`, `/api/v1/payment-requests/${res.body.id}/qr.svg`]) {
    t.equal((await call({ method: 'GET', url, token: other.apiKey })).status, 404, url);
  }
  t.equal(
    (await call({ method: 'POST', url: `/api/v1/payment-requests/${res.body.id}/cancel`, token: other.apiKey })).status,
    404,
  );
  t.equal((await create({ amount: 15000 }, ctx.adminToken)).status, 403, 'staff do not create sales QR');
});

t.test('Idempotency-Key: a retried creation returns the same request', async (t) => {
  const first = await create({ amount: 99000 }, apiKey, { 'idempotency-key': 'sale-42' });
  const second = await create({ amount: 99000 }, apiKey, { 'idempotency-key': 'sale-42' });
  t.equal(second.body.id, first.body.id);
  t.equal(second.body.reference, first.body.reference);
  const conflict = await create({ amount: 98000 }, apiKey, { 'idempotency-key': 'sale-42' });
  t.equal(conflict.status, 409);
});

t.test('references are unique across many requests', async (t) => {
  const refs = await Promise.all(
    Array.from({ length: 50 }, () => create({ amount: 1000 }).then((r) => r.body.reference)),
  );
  t.equal(new Set(refs).size, 50);
});
