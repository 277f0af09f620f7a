import t from 'tap';
import { signCasso, signSandbox, signSepay } from '../../src/payments/providers/index.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { deliver, newTxId, sandboxDelivery, SECRETS, sepayDelivery } from '../helpers/webhooks.js';

// SePay in its HMAC-SHA256 mode here (the API key stays configured, and must no longer open the route).
const SEPAY_WEBHOOK_SECRET = 'sepay-hmac-secret-for-tests-0123456789';
const ctx = await startTestApp(t, { ...SECRETS, SEPAY_WEBHOOK_SECRET });
const db = ctx.database.db;
const stall = await onboardStall(ctx, { payout: { bin: '970436', accountNumber: '0451000888002' } });
const account = stall.merchant.payout.accountNumber;

const newRequest = async (amount: number) =>
  (await ctx.call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount } }))
    .body as { id: string; reference: string };
const salesOfRequest = async (id: string) =>
  Number(
    (
      await db
        .selectFrom('sales')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('payment_request_id', '=', id)
        .executeTakeFirstOrThrow()
    ).n,
  );
const vietnamTime = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const cassoLine = (id: number, amount: number, description: string, over: Record<string, unknown> = {}) => ({
  id,
  reference: newTxId(),
  description,
  amount,
  runningBalance: 1_000_000,
  transactionDateTime: vietnamTime(Date.now()),
  accountNumber: account,
  bankName: 'Vietcombank',
  bankAbbreviation: 'VCB',
  virtualAccountNumber: '',
  virtualAccountName: '',
  counterAccountName: '',
  counterAccountNumber: '',
  counterAccountBankId: '',
  counterAccountBankName: '',
  ...over,
});
const cassoPost = (body: unknown, signedAtMs = Date.now()) =>
  deliver(ctx, 'casso', {
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      'x-casso-signature': signCasso(SECRETS.CASSO_SECRET, body, signedAtMs),
    },
  });
let cassoIds = 900_000;

t.test(
  "casso: a retry still carrying the signature of the transfer's own time is accepted; replays credit once",
  async (t) => {
    const pr = await newRequest(51000);
    // The earliest time a genuine retry can carry is that of the first attempt, made when the money arrived. Casso
    // sets no bound on how late a retry (or a re-send from its dashboard) comes: take a week.
    const firstAttemptMs = Date.now() - 7 * 24 * 3600_000;
    const body = {
      error: 0,
      data: cassoLine(++cassoIds, 51000, pr.reference, { transactionDateTime: vietnamTime(firstAttemptMs) }),
    };
    await db
      .updateTable('payment_requests')
      .set({ expires_at: new Date(Date.now() + 3600_000) })
      .where('id', '=', pr.id)
      .execute();
    const res = await cassoPost(body, firstAttemptMs);
    t.equal(res.status, 200, 'a week-old signature is not refused');
    t.equal(res.body.results[0].repeated, false);
    for (let i = 0; i < 3; i++) {
      const again = await cassoPost(body, firstAttemptMs);
      t.equal(again.status, 200);
      t.equal(again.body.results[0].repeated, true, 'the replay is the same notification');
    }
    const payments = await db
      .selectFrom('payments')
      .select('id')
      .where('provider', '=', 'casso')
      .where('provider_tx_id', '=', String(cassoIds))
      .execute();
    t.equal(payments.length, 1, 'one payment');
  },
);

t.test('casso: one bad line of a batch does not refuse the good lines; the bad one is kept and named', async (t) => {
  const a = await newRequest(52000);
  const b = await newRequest(53000);
  const good1 = cassoLine(++cassoIds, 52000, a.reference);
  const bad = cassoLine(++cassoIds, 10.5, 'half a dong');
  const good2 = cassoLine(++cassoIds, 53000, b.reference);
  const body = { error: 0, data: [good1, bad, good2] };
  const res = await cassoPost(body);
  t.equal(res.status, 200);
  t.same(
    res.body.results.map((r: { providerTxId: string; outcome: string }) => [r.providerTxId, r.outcome]),
    [
      [String(good1.id), 'matched'],
      [String(good2.id), 'matched'],
    ],
  );
  t.same(res.body.rejected, [
    { index: 1, field: 'data[1].amount', message: 'data[1].amount must be an integer amount of VND' },
  ]);
  t.equal(await salesOfRequest(a.id), 1);
  t.equal(await salesOfRequest(b.id), 1);
  const kept = await db
    .selectFrom('notifications')
    .select(['raw_body', 'status', 'error'])
    .where('provider', '=', 'casso')
    .where('provider_tx_id', 'like', 'rejected:%')
    .execute();
  t.equal(kept.length, 1, 'the bad line is kept for review');
  t.equal(kept[0]!.status, 'failed');
  t.match(kept[0]!.error, /data\[1\]\.amount/);
  t.match(kept[0]!.raw_body, String(bad.id), 'with the body it came in');
  const again = await cassoPost(body);
  t.equal(again.status, 200, 'the same batch again');
  t.same(
    again.body.results.map((r: { repeated: boolean }) => r.repeated),
    [true, true],
  );
  t.equal(
    (await db.selectFrom('notifications').select('id').where('provider_tx_id', 'like', 'rejected:%').execute()).length,
    1,
    'kept once',
  );
  const allBad = await cassoPost({ error: 0, data: [bad] });
  t.equal(allBad.status, 400, 'a batch with nothing good in it is refused');
  t.equal(allBad.body.error.code, 'invalid_payload');
});

t.test('a signed amount of 10^15 or more is kept for review, never a 500 and never lost', async (t) => {
  for (const amount of [10 ** 15, Number.MAX_SAFE_INTEGER]) {
    const d = sandboxDelivery({ accountNumber: account, amount, description: 'chuyen tien' });
    const res = await deliver(ctx, 'sandbox', d);
    t.equal(res.status, 200, `${amount}`);
    t.equal(res.body.results[0].outcome, 'unmatched', 'waits for review');
    t.equal(res.body.results[0].saleId, null, 'no sale an invoice could not state');
    const payment = await db
      .selectFrom('payments')
      .select(['amount', 'merchant_id', 'notification_id'])
      .where('id', '=', res.body.results[0].paymentId)
      .executeTakeFirstOrThrow();
    t.equal(Number(payment.amount), amount);
    t.equal(payment.merchant_id, stall.merchant.id, "on the stall's review list");
    const raw = await db
      .selectFrom('notifications')
      .select('raw_body')
      .where('id', '=', payment.notification_id)
      .executeTakeFirstOrThrow();
    t.equal(raw.raw_body, d.body, 'the raw notification is stored');
  }
  const body = sandboxDelivery({ accountNumber: account, amount: 1, description: 'x' }).body.replace(
    '"amount":1,',
    '"amount":90071992547409930,',
  );
  const signed = signSandbox(SECRETS.SANDBOX_WEBHOOK_SECRET, body, Date.now());
  const tooBig = await deliver(ctx, 'sandbox', {
    body,
    headers: { 'content-type': 'application/json', 'x-signature': signed },
  });
  t.equal(tooBig.status, 400, 'beyond exact integers: refused with a clear code');
  t.equal(tooBig.body.error.code, 'invalid_payload');
  const kept = await db
    .selectFrom('notifications')
    .select(['raw_body', 'status'])
    .where('provider', '=', 'sandbox')
    .where('provider_tx_id', 'like', 'rejected:%')
    .execute();
  t.same(
    kept.map((k) => [k.raw_body, k.status]),
    [[body, 'failed']],
    'and still stored',
  );
});

t.test('a reference typed in full-width characters matches (NFKC)', async (t) => {
  const pr = await newRequest(54000);
  const fullWidth = [...pr.reference].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
  const res = await deliver(
    ctx,
    'sandbox',
    sandboxDelivery({ accountNumber: account, amount: 54000, description: `THANH TOAN ${fullWidth}` }),
  );
  t.equal(res.body.results[0].outcome, 'matched');
  const payment = await db
    .selectFrom('payments')
    .select('payment_request_id')
    .where('id', '=', res.body.results[0].paymentId)
    .executeTakeFirstOrThrow();
  t.equal(payment.payment_request_id, pr.id, 'it paid the request, not a static-QR sale');
});

t.test(
  "a memo naming a reference that is none of the stall's requests goes to review, not a static-QR sale",
  async (t) => {
    const res = await deliver(
      ctx,
      'sandbox',
      sandboxDelivery({ accountNumber: account, amount: 55000, description: 'CK CS7K3M9QXA cam on' }),
    );
    t.equal(res.body.results[0].outcome, 'unmatched');
    t.equal(res.body.results[0].saleId, null);
    const payment = await db
      .selectFrom('payments')
      .select('merchant_id')
      .where('id', '=', res.body.results[0].paymentId)
      .executeTakeFirstOrThrow();
    t.equal(payment.merchant_id, stall.merchant.id, "on that stall's review list");
    const plain = await deliver(
      ctx,
      'sandbox',
      sandboxDelivery({ accountNumber: account, amount: 55000, description: 'chuyen tien an sang' }),
    );
    t.equal(plain.body.results[0].outcome, 'matched', 'a memo with no reference is still a static-QR sale');
    t.not(plain.body.results[0].saleId, null);
  },
);

t.test(
  'sepay HMAC mode: signed deliveries credit, "IN" included; the API key alone no longer opens the route',
  async (t) => {
    const pr = await newRequest(56000);
    const body = JSON.parse(sepayDelivery({ accountNumber: account, amount: 56000, description: pr.reference }).body);
    const raw = JSON.stringify({ ...body, transferType: 'IN' });
    const headers = { 'content-type': 'application/json', ...signSepay(SEPAY_WEBHOOK_SECRET, raw, Date.now()) };
    const res = await deliver(ctx, 'sepay', { body: raw, headers });
    t.equal(res.status, 200);
    t.equal(res.body.results[0].outcome, 'matched');
    const replay = await deliver(ctx, 'sepay', { body: raw, headers });
    t.equal(replay.body.results[0].repeated, true, 'a replay is the same notification');
    const reshaped = await deliver(ctx, 'sepay', {
      body: JSON.stringify({ ...body, transferType: 'IN', id: body.id + 1 }),
      headers,
    });
    t.equal(reshaped.status, 401, 'another id under the same signature is refused');
    const apiKeyOnly = await deliver(
      ctx,
      'sepay',
      sepayDelivery({ accountNumber: account, amount: 56000, description: pr.reference }),
    );
    t.equal(apiKeyOnly.status, 401, 'Authorization: Apikey is refused once the HMAC secret is set');
    const old = {
      'content-type': 'application/json',
      ...signSepay(SEPAY_WEBHOOK_SECRET, raw, Date.now() - 2 * 3600_000),
    };
    const stale = await deliver(ctx, 'sepay', { body: raw, headers: old });
    t.equal(stale.status, 401);
    t.equal(stale.body.error.details.reason, 'stale_signature');
    t.equal(await salesOfRequest(pr.id), 1);
  },
);
