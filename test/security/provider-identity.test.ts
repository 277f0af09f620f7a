import t from 'tap';
import { randomBytes } from 'node:crypto';
import { signCasso, signPayos } from '../../src/payments/providers/index.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { deliver, newTxId, sandboxDelivery, SECRETS, sepayDelivery } from '../helpers/webhooks.js';

/**
 * One notification, one credit: two bodies whose signed content is the same are the same notification, whatever
 * their JSON looks like, and nothing outside the signature picks the transaction id. For each provider, the nearest
 * thing an attacker holding one genuine delivery can send.
 */
const ctx = await startTestApp(t, SECRETS);
const db = ctx.database.db;
const stall = await onboardStall(ctx, { payout: { bin: '970436', accountNumber: '0451000777001' } });
const account = stall.merchant.payout.accountNumber;

const newRequest = async (amount: number) =>
  (await ctx.call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount } }))
    .body as { id: string; reference: string };
const paymentsFor = async (provider: string) =>
  db
    .selectFrom('payments')
    .select(['provider_tx_id', 'outcome', 'sale_id', 'amount'])
    .where('provider', '=', provider)
    .execute();
const salesOf = async (requestId: string) =>
  Number(
    (
      await db
        .selectFrom('sales')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('payment_request_id', '=', requestId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const vietnamNow = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

function payosData(reference: string, amount: number, description: string, extra: Record<string, unknown> = {}) {
  return {
    orderCode: Math.floor(Math.random() * 1e6),
    amount,
    description,
    accountNumber: account,
    reference,
    transactionDateTime: vietnamNow(),
    currency: 'VND',
    paymentLinkId: randomBytes(16).toString('hex'),
    code: '00',
    desc: 'success',
    counterAccountBankId: '',
    counterAccountBankName: '',
    counterAccountName: 'NGUYEN VAN A',
    counterAccountNumber: '0011001234567',
    virtualAccountName: '',
    virtualAccountNumber: '',
    ...extra,
  };
}
const payosBody = (data: Record<string, unknown>, signature = signPayos(SECRETS.PAYOS_CHECKSUM_KEY, data)) => ({
  code: '00',
  desc: 'success',
  success: true,
  data,
  signature,
});

/** The genuine data with "&reference=…" moved into paymentLinkId: the signed text, and so the signature, are unchanged. */
function swapped(data: Record<string, unknown>) {
  const { reference, ...rest } = data;
  return { ...rest, paymentLinkId: `${String(data.paymentLinkId)}&reference=${String(reference)}` };
}

t.test('payOS: "&reference=…" moved into paymentLinkId is the same notification (genuine first)', async (t) => {
  const pr = await newRequest(41000);
  const data = payosData(newTxId(), 41000, pr.reference);
  const signature = signPayos(SECRETS.PAYOS_CHECKSUM_KEY, data);
  t.equal(signPayos(SECRETS.PAYOS_CHECKSUM_KEY, swapped(data)), signature, 'the swap keeps the signature valid');
  const first = await deliver(ctx, 'payos', json(payosBody(data, signature)));
  t.equal(first.status, 200);
  t.equal(first.body.results[0].outcome, 'matched');
  const second = await deliver(ctx, 'payos', json(payosBody(swapped(data), signature)));
  t.equal(second.status, 200, 'the swapped body is signed, so it is acknowledged…');
  t.equal(second.body.results[0].repeated, true, '…as a repeat of the first');
  t.equal(second.body.results[0].paymentId, first.body.results[0].paymentId);
  t.equal(await salesOf(pr.id), 1, 'one sale');
  t.equal((await paymentsFor('payos')).filter((p) => p.provider_tx_id === data.reference).length, 1);
});

t.test("payOS: the swapped body first, then the genuine one: still one credit, under payOS's reference", async (t) => {
  const pr = await newRequest(42000);
  const data = payosData(newTxId(), 42000, pr.reference);
  const signature = signPayos(SECRETS.PAYOS_CHECKSUM_KEY, data);
  const before = (await paymentsFor('payos')).length;
  const first = await deliver(ctx, 'payos', json(payosBody(swapped(data), signature)));
  t.equal(
    first.body.results[0].providerTxId,
    data.reference,
    'the id is read from the signed text, not from the JSON split',
  );
  t.equal(first.body.results[0].outcome, 'matched');
  const second = await deliver(ctx, 'payos', json(payosBody(data, signature)));
  t.equal(second.body.results[0].repeated, true);
  t.equal((await paymentsFor('payos')).length, before + 1);
  t.equal(await salesOf(pr.id), 1);
});

t.test('payOS: a signed text that reads two ways (a name holding "&") dedupes on the whole signed text', async (t) => {
  const pr = await newRequest(43000);
  const data = payosData(newTxId(), 43000, pr.reference, { counterAccountName: 'CONG TY A & B' });
  const signature = signPayos(SECRETS.PAYOS_CHECKSUM_KEY, data);
  const first = await deliver(ctx, 'payos', json(payosBody(data, signature)));
  t.equal(first.status, 200);
  t.equal(first.body.results[0].outcome, 'matched', 'a genuine "&" in a value is not refused');
  t.match(first.body.results[0].providerTxId, /^sha256:[0-9a-f]{64}$/);
  for (const body of [
    swapped(data),
    {
      ...data,
      counterAccountName: `CONG TY A & B&counterAccountNumber=${data.counterAccountNumber}`,
      counterAccountNumber: undefined,
    },
  ]) {
    const again = await deliver(ctx, 'payos', json(payosBody(body, signature)));
    t.equal(again.status, 200);
    t.equal(again.body.results[0].repeated, true, 'another split of the same text is the same notification');
  }
  t.equal(await salesOf(pr.id), 1);
});

t.test('payOS: the unsigned envelope (code, success) cannot turn a credit into nothing or back', async (t) => {
  const pr = await newRequest(44000);
  const data = payosData(newTxId(), 44000, pr.reference);
  const forged = await deliver(ctx, 'payos', json({ ...payosBody(data), code: '01', success: false }));
  t.equal(forged.status, 200);
  t.equal(forged.body.results[0].outcome, 'matched', 'data (signed) says the money arrived');
  const genuine = await deliver(ctx, 'payos', json(payosBody(data)));
  t.equal(genuine.body.results[0].repeated, true);
  t.equal(await salesOf(pr.id), 1);
});

t.test(
  'sandbox: the signature covers the raw bytes; a replay is a repeat, a re-serialised body is refused',
  async (t) => {
    const pr = await newRequest(45000);
    const delivery = sandboxDelivery({ accountNumber: account, amount: 45000, description: pr.reference });
    t.equal((await deliver(ctx, 'sandbox', delivery)).body.results[0].outcome, 'matched');
    const replay = await deliver(ctx, 'sandbox', delivery);
    t.equal(replay.body.results[0].repeated, true);
    const parsed = JSON.parse(delivery.body);
    const reshaped = await deliver(ctx, 'sandbox', {
      ...delivery,
      body: JSON.stringify({ ...parsed, id: `${parsed.id} ` }),
    });
    t.equal(reshaped.status, 401, 'another id (even one that trims to the same) is not signed');
    const pretty = await deliver(ctx, 'sandbox', { ...delivery, body: JSON.stringify(parsed, null, 2) });
    t.equal(pretty.status, 401, 'the same content in other bytes is not what was signed');
    t.equal(await salesOf(pr.id), 1);
  },
);

t.test(
  'casso: the same signed content in other JSON (order, spacing, 1.0, a duplicate key) is the same notification',
  async (t) => {
    const pr = await newRequest(46000);
    const id = 700000 + Math.floor(Math.random() * 1e5);
    const line = {
      id,
      reference: newTxId(),
      description: pr.reference,
      amount: 46000,
      runningBalance: 1_000_000,
      transactionDateTime: vietnamNow(),
      accountNumber: account,
      bankName: 'Vietcombank',
      bankAbbreviation: 'VCB',
      virtualAccountNumber: '',
      virtualAccountName: '',
      counterAccountName: '',
      counterAccountNumber: '',
      counterAccountBankId: '',
      counterAccountBankName: '',
    };
    const body = { error: 0, data: line };
    const header = {
      'content-type': 'application/json',
      'x-casso-signature': signCasso(SECRETS.CASSO_SECRET, body, Date.now()),
    };
    t.equal(
      (await deliver(ctx, 'casso', { body: JSON.stringify(body), headers: header })).body.results[0].outcome,
      'matched',
    );
    const raw = JSON.stringify({ data: Object.fromEntries(Object.entries(line).reverse()), error: 0 }, null, 1);
    const variants = [
      raw,
      raw.replace(`"id": ${id}`, `"id": ${id}.0`),
      raw.replace('"data": {', `"data": {"id": ${id + 1},`), // JSON.parse keeps the last "id": the signed one
    ];
    for (const variant of variants) {
      const res = await deliver(ctx, 'casso', { body: variant, headers: header });
      t.equal(res.status, 200);
      t.equal(res.body.results[0].repeated, true);
      t.equal(res.body.results[0].providerTxId, String(id));
    }
    const forged = await deliver(ctx, 'casso', {
      body: JSON.stringify({ error: 0, data: { ...line, id: id + 1 } }),
      headers: header,
    });
    t.equal(forged.status, 401, 'another id is not signed');
    t.equal(await salesOf(pr.id), 1);
  },
);

t.test(
  "sepay (API key, nothing signed): the id is the body's; a resend under that id with other content changes nothing",
  async (t) => {
    const pr = await newRequest(47000);
    const id = String(800000 + Math.floor(Math.random() * 1e5));
    const first = await deliver(
      ctx,
      'sepay',
      sepayDelivery({ id, accountNumber: account, amount: 47000, description: pr.reference }),
    );
    t.equal(first.body.results[0].outcome, 'matched');
    const other = JSON.parse(
      sepayDelivery({ id, accountNumber: account, amount: 9_000_000, description: 'khac' }).body,
    );
    for (const body of [other, { ...other, id: String(id) }]) {
      const res = await deliver(ctx, 'sepay', {
        body: JSON.stringify(body),
        headers: sepayDelivery({ accountNumber: account, amount: 1, description: '' }).headers,
      });
      t.equal(res.body.results[0].repeated, true, `id ${JSON.stringify(body.id)}`);
      t.equal(res.body.results[0].paymentId, first.body.results[0].paymentId);
    }
    const stored = (await paymentsFor('sepay')).filter((p) => p.provider_tx_id === id);
    t.same(
      stored.map((p) => p.amount),
      [47000],
      'the first delivery stands',
    );
    t.equal(await salesOf(pr.id), 1);
  },
);
