import t from 'tap';
import { createHmac } from 'node:crypto';
import { providerAdapters, ProviderPayloadError, signCasso } from '../../../src/payments/providers/index.js';
import { sortKeysDeep } from '../../../src/payments/providers/casso.js';

const casso = providerAdapters.casso;

// Casso webhook v2 documentation sample ("Xử lý sự kiện Webhook"): body, secret and the published header.
const DOC_SECRET = 'mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs';
const DOC_T = 1727948258788;
const DOC_HEADER = `t=${DOC_T},v1=ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192220042b9e7dde0868fc667faea8e224900fa7904e7c88dfa098032fb2d6b6996856e8b7ff3`;
const DOC_BODY = {
  error: 0,
  data: {
    id: 0,
    reference: 'MA_GIAO_DICH_THU_NGHIEM',
    description: 'giao dich thu nghiem',
    amount: 599000,
    runningBalance: 25000000,
    transactionDateTime: '2024-10-03 15:06:37',
    accountNumber: '88888888',
    bankName: 'VPBank',
    bankAbbreviation: 'VPB',
    virtualAccountNumber: '',
    virtualAccountName: '',
    counterAccountName: 'NGUYEN VAN A',
    counterAccountNumber: '8888888888',
    counterAccountBankId: '970415',
    counterAccountBankName: 'VietinBank',
  },
};

const SECRET = 'casso-secret';
const NOW = 1_700_000_000_000;
const tx = (over: Record<string, unknown> = {}) => ({
  ...DOC_BODY.data,
  id: 8843217,
  reference: 'FT24277012345678',
  description: 'MBVCB.7123456789.CS7K3M9QXA.CT tu 0011223344 NGUYEN VAN A toi 88888888',
  amount: 45000,
  ...over,
});
const body = { error: 0, data: tx() };

const verify = (header: string | undefined, b: unknown = body, nowMs = NOW, secret = SECRET) =>
  casso.verify({ headers: { 'x-casso-signature': header }, rawBody: JSON.stringify(b), body: b, secret, nowMs });

t.test("known answer: Casso's documented sample and its published signature", async (t) => {
  // Computed here from the documented scheme: HMAC-SHA512(secret, t + "." + JSON of the body, keys sorted deeply).
  const sorted = {
    data: Object.fromEntries(Object.entries(DOC_BODY.data).sort(([a], [b]) => (a < b ? -1 : 1))),
    error: 0,
  };
  const v1 = createHmac('sha512', DOC_SECRET)
    .update(`${DOC_T}.${JSON.stringify(sorted)}`)
    .digest('hex');
  t.equal(`t=${DOC_T},v1=${v1}`, DOC_HEADER, 'the scheme reproduces the docs');
  t.equal(signCasso(DOC_SECRET, DOC_BODY, DOC_T), DOC_HEADER);
  t.same(
    casso.verify({
      headers: { 'X-Casso-Signature': DOC_HEADER },
      rawBody: JSON.stringify(DOC_BODY),
      body: DOC_BODY,
      secret: DOC_SECRET,
      nowMs: DOC_T + 1000,
    }),
    { ok: true },
  );
  t.same(casso.parse(DOC_BODY), [], "the docs' sample is Casso's test transaction, not money");
});

t.test('known answer: deep key sort, arrays keep order, non-ASCII kept as is', async (t) => {
  const nested = { b: 1, a: { d: [{ y: 1, x: 2 }], c: 'é' } };
  // printf '%s' '1700000000000.{"a":{"c":"é","d":[{"x":2,"y":1}]},"b":1}' | openssl dgst -sha512 -hmac casso-secret
  const known =
    '6ffde6ef2bf8ecf5c70773cd160815c3191f448bc2cdf1746843996fb0095cf54a1d9b5645771c24de3093f71b8918d6548dbfdd26e3850738fc28acea28cc08';
  t.equal(signCasso(SECRET, nested, NOW), `t=${NOW},v1=${known}`);
  t.same(verify(`t=${NOW},v1=${known}`, nested), { ok: true });
  t.same(
    verify(`t=${NOW},v1=${known}`, { a: { c: 'é', d: [{ x: 2, y: 1 }] }, b: 1 }),
    { ok: true },
    'key order does not matter',
  );
  t.same(verify(`t=${NOW},v1=${known}`, { b: 1, a: { d: [{ y: 1, x: 2 }, 3], c: 'é' } }), {
    ok: false,
    reason: 'bad_signature',
  });
});

t.test('good signature passes; the raw body is used when the parsed body is absent', async (t) => {
  const header = signCasso(SECRET, body, NOW);
  t.same(verify(header), { ok: true });
  t.same(
    casso.verify({
      headers: { 'x-casso-signature': header },
      rawBody: JSON.stringify(body),
      body: undefined,
      secret: SECRET,
      nowMs: NOW,
    }),
    { ok: true },
  );
  t.same(
    casso.verify({
      headers: { 'x-casso-signature': header },
      rawBody: '{not json',
      body: undefined,
      secret: SECRET,
      nowMs: NOW,
    }),
    { ok: false, reason: 'bad_signature' },
  );
});

t.test('missing, malformed, wrong, body-swapped', async (t) => {
  const header = signCasso(SECRET, body, NOW);
  t.same(verify(undefined), { ok: false, reason: 'missing_signature' });
  t.same(verify(''), { ok: false, reason: 'missing_signature' });
  for (const bad of [
    'nonsense',
    `t=${NOW}`,
    header.replace(`t=${NOW},`, ''),
    header.replace('v1=', 'v1=xyz'),
    `t=now,${header.split(',')[1]}`,
  ]) {
    t.same(verify(bad), { ok: false, reason: 'malformed_signature' }, bad.slice(0, 40));
  }
  t.same(verify(signCasso('another-secret', body, NOW)), { ok: false, reason: 'bad_signature' });
  t.same(verify(header, body, NOW, ''), { ok: false, reason: 'bad_signature' }, 'no secret → nothing verifies');
  t.same(
    verify(header, { error: 0, data: tx({ amount: 4500000 }) }),
    { ok: false, reason: 'bad_signature' },
    'amount changed',
  );
  t.same(verify(signCasso(SECRET, DOC_BODY, NOW)), { ok: false, reason: 'bad_signature' }, 'signature of another body');
  t.same(
    verify(header.replace(`t=${NOW}`, `t=${NOW + 1}`), body, NOW),
    { ok: false, reason: 'bad_signature' },
    't is signed',
  );
});

// Changed on purpose: Casso documents no tolerance and a retry may carry its first signature, so no age refuses one.
t.test(
  'no age limit: a signature of any age verifies (replays are stopped by the signed transaction id)',
  async (t) => {
    const header = signCasso(SECRET, body, NOW);
    t.same(verify(header, body, NOW + 300_001), { ok: true });
    t.same(verify(header, body, NOW + 30 * 24 * 3600_000), { ok: true }, 'a month later');
    t.same(verify(header, body, NOW - 300_001), { ok: true }, 'a sender clock ahead of ours');
    t.same(
      casso.verify({
        headers: { 'x-casso-signature': DOC_HEADER },
        rawBody: '',
        body: DOC_BODY,
        secret: DOC_SECRET,
        nowMs: Date.parse('2025-01-01T00:00:00Z'),
      }),
      { ok: true },
      'the documented header still verifies',
    );
    t.same(
      verify(header, body, NOW + 30 * 24 * 3600_000, 'another-secret'),
      { ok: false, reason: 'bad_signature' },
      'age never excuses a bad signature',
    );
  },
);

t.test('parse money in', async (t) => {
  t.same(casso.parse(body), [
    {
      providerTxId: '8843217',
      bin: null,
      accountNumber: '88888888',
      subAccount: null,
      bankName: 'VPBank',
      amount: 45000,
      description: 'MBVCB.7123456789.CS7K3M9QXA.CT tu 0011223344 NGUYEN VAN A toi 88888888',
      payerBank: 'VietinBank',
      payerName: 'NGUYEN VAN A',
      occurredAt: '2024-10-03T15:06:37+07:00',
    },
  ]);
  t.equal(casso.parse({ error: 0, data: tx({ virtualAccountNumber: 'CAS0001' }) })[0]!.subAccount, 'CAS0001');
});

t.test('money out and arrays', async (t) => {
  t.same(casso.parse({ error: 0, data: tx({ amount: -45000 }) }), [], 'negative amount is money out');
  t.same(casso.parse({ error: 0, data: tx({ amount: 0 }) }), []);
  const list = casso.parse({
    error: 0,
    data: [tx({ id: 1 }), tx({ id: 2, amount: -10000 }), tx({ id: 3, amount: 20000 })],
  });
  t.same(
    list.map((c) => [c.providerTxId, c.amount]),
    [
      ['1', 45000],
      ['3', 20000],
    ],
  );
  t.same(casso.parse({ error: 1, data: null }), [], 'an error notice carries no transaction');
});

t.test('malformed bodies throw ProviderPayloadError', async (t) => {
  const cases: [string, unknown][] = [
    ['not an object', []],
    ['no data', { error: 0 }],
    ['data is a string', { error: 0, data: 'x' }],
    ['bad element in a list', { error: 0, data: [tx(), 'x'] }],
    ['no id', { error: 0, data: tx({ id: undefined }) }],
    ['fractional amount', { error: 0, data: tx({ amount: 1.5 }) }],
    ['amount missing', { error: 0, data: tx({ amount: undefined }) }],
    ['no description', { error: 0, data: tx({ description: null }) }],
    ['no account', { error: 0, data: tx({ accountNumber: '' }) }],
    ['bad time', { error: 0, data: tx({ transactionDateTime: '2024-13-03 15:06:37' }) }],
  ];
  for (const [name, b] of cases) t.throws(() => casso.parse(b), ProviderPayloadError, name);
});

t.test('parseLines: a bad line of a batch is set aside, the good lines are read', async (t) => {
  const { credits, rejected } = casso.parseLines!({
    error: 0,
    data: [tx({ id: 1 }), tx({ id: 2, amount: 1.5 }), 'x', tx({ id: 4, amount: -5 }), tx({ id: 5 })],
  });
  t.same(
    credits.map((c) => c.providerTxId),
    ['1', '5'],
  );
  t.same(
    rejected.map(({ index, field }) => [index, field]),
    [
      [1, 'data[1].amount'],
      [2, 'data[2]'],
    ],
  );
  t.same(rejected[0]!.line, tx({ id: 2, amount: 1.5 }), 'the line itself travels with the rejection');
  t.throws(
    () => casso.parseLines!({ error: 0, data: 'x' }),
    ProviderPayloadError,
    'a body with no readable shape still throws',
  );
});

t.test('ack', async (t) => {
  t.same(casso.ack(), { success: true });
});

t.test('sortKeysDeep leaves everything but objects and arrays as it is', async (t) => {
  for (const value of [null, undefined, 'ab', 5, true]) t.equal(sortKeysDeep(value), value, String(value));
  t.same(sortKeysDeep({ b: [{ d: 1, c: 'xy' }], a: null }), { a: null, b: [{ c: 'xy', d: 1 }] });
  t.same(Object.keys(sortKeysDeep({ b: 1, a: 2 }) as object), ['a', 'b']);
});

// Without a parsed body the raw body is parsed; when it is not JSON there is no message to check, so nothing
// verifies, not even a header signed over the text "undefined" (what an unparsable body would stringify to).
t.test('an unparsable raw body gives no signed message', async (t) => {
  const t0 = String(NOW);
  const overUndefined = `t=${t0},v1=${createHmac('sha512', SECRET).update(`${t0}.undefined`, 'utf8').digest('hex')}`;
  const overNull = `t=${t0},v1=${createHmac('sha512', SECRET).update(`${t0}.null`, 'utf8').digest('hex')}`;
  for (const header of [overUndefined, overNull]) {
    t.same(
      casso.verify({
        headers: { 'x-casso-signature': header },
        rawBody: '{not json',
        body: undefined,
        secret: SECRET,
        nowMs: NOW,
      }),
      { ok: false, reason: 'bad_signature' },
    );
  }
});
