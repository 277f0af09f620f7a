import t from 'tap';
import { createHmac } from 'node:crypto';
import { providerAdapters, ProviderPayloadError, signSandbox } from '../../../src/payments/providers/index.js';

const sandbox = providerAdapters.sandbox;
const SECRET = 'sandbox-secret-2025';
const OLD_SECRET = 'sandbox-secret-2024';
const T = 1735689600; // 2025-01-01T00:00:00Z
const NOW = T * 1000;
const RAW =
  '{"id":"SBX-000001","bin":"970436","accountNumber":"1023456789","amount":45000,"description":"CS7K3M9QXA",' +
  '"payerBank":"Vietcombank","payerName":"NGUYEN VAN A","occurredAt":"2025-01-01T07:00:00+07:00"}';
// Computed outside Node: printf '%s' "1735689600.$RAW" | openssl dgst -sha256 -hmac <secret>
const KNOWN_V1 = 'd190016197caa09713a7fda3c05a8c91251c59fe44c22ba38a294c1feb48d522';
const KNOWN_V1_OLD = '677a22a6c6eb470f129c39541d2920c672779dc1f632a574e96b110ee41e0f7d';

const verify = (header: string | string[] | undefined, rawBody = RAW, nowMs = NOW, secret = SECRET) =>
  sandbox.verify({ headers: { 'x-signature': header }, rawBody, body: JSON.parse(rawBody), secret, nowMs });
const hmac = (secret: string, message: string) => createHmac('sha256', secret).update(message).digest('hex');

t.test('known answer: the header is t=<seconds>,v1=<HMAC-SHA256(secret, t.raw)>', async (t) => {
  t.equal(hmac(SECRET, `${T}.${RAW}`), KNOWN_V1, 'node:crypto agrees with openssl');
  t.equal(signSandbox(SECRET, RAW, NOW), `t=${T},v1=${KNOWN_V1}`);
  t.equal(signSandbox(SECRET, RAW, NOW + 999), `t=${T},v1=${KNOWN_V1}`, 'seconds are floored');
  t.same(verify(`t=${T},v1=${KNOWN_V1}`), { ok: true });
  t.same(verify(`t=${T},v1=${KNOWN_V1.toUpperCase()}`), { ok: true }, 'hex is case-insensitive');
  t.same(verify(` t=${T} , v1=${KNOWN_V1} `), { ok: true }, 'whitespace around parts is tolerated');
});

t.test('header lookup is case-insensitive and repeated headers are joined', async (t) => {
  const input = (headers: Record<string, string | string[]>) => ({
    headers,
    rawBody: RAW,
    body: JSON.parse(RAW),
    secret: SECRET,
    nowMs: NOW,
  });
  t.same(sandbox.verify(input({ 'X-Signature': `t=${T},v1=${KNOWN_V1}` })), { ok: true });
  t.same(sandbox.verify(input({ 'x-signature': [`t=${T}`, `v1=${KNOWN_V1}`] })), { ok: true });
});

t.test('secret rotation: several v1, valid if any matches', async (t) => {
  const both = signSandbox([OLD_SECRET, SECRET], RAW, NOW);
  t.equal(both, `t=${T},v1=${KNOWN_V1_OLD},v1=${KNOWN_V1}`);
  t.same(verify(both), { ok: true }, 'new secret matches the second v1');
  t.same(verify(both, RAW, NOW, OLD_SECRET), { ok: true }, 'old secret matches the first v1');
  t.same(verify(`t=${T},v1=${KNOWN_V1},v1=${KNOWN_V1_OLD}`), { ok: true }, 'order does not matter');
  t.same(verify(both, RAW, NOW, 'a-third-secret'), { ok: false, reason: 'bad_signature' });
  t.same(verify(`t=${T},v0=${KNOWN_V1_OLD},v1=${KNOWN_V1}`), { ok: true }, 'other schemes are ignored');
});

t.test('missing signature', async (t) => {
  t.same(verify(undefined), { ok: false, reason: 'missing_signature' });
  t.same(verify(''), { ok: false, reason: 'missing_signature' });
  t.same(sandbox.verify({ headers: {}, rawBody: RAW, body: {}, secret: SECRET, nowMs: NOW }), {
    ok: false,
    reason: 'missing_signature',
  });
});

t.test('malformed signature headers', async (t) => {
  for (const header of [
    KNOWN_V1,
    `v1=${KNOWN_V1}`,
    `t=${T}`,
    `t=${T},v1=`,
    `t=soon,v1=${KNOWN_V1}`,
    `t=${T},t=${T},v1=${KNOWN_V1}`,
    `t=${T},v1=${KNOWN_V1.slice(1)}`,
    `t=${T},v1=${'z'.repeat(64)}`,
    `t=-${T},v1=${KNOWN_V1}`,
    'garbage',
  ]) {
    t.same(verify(header), { ok: false, reason: 'malformed_signature' }, header);
  }
});

t.test('wrong secret, truncated digest and body swaps are bad signatures', async (t) => {
  t.same(verify(signSandbox('another-secret', RAW, NOW)), { ok: false, reason: 'bad_signature' });
  t.same(verify(`t=${T},v1=${KNOWN_V1.slice(0, 32)}`), { ok: false, reason: 'bad_signature' }, 'shorter digest');
  const other = RAW.replace('45000', '4500000');
  t.same(verify(`t=${T},v1=${KNOWN_V1}`, other), { ok: false, reason: 'bad_signature' }, 'signature of another body');
  t.same(
    verify(`t=${T},v1=${KNOWN_V1}`, ` ${RAW}`),
    { ok: false, reason: 'bad_signature' },
    'raw bytes, not JSON meaning',
  );
  t.same(verify(`t=${T + 1},v1=${KNOWN_V1}`, RAW, NOW + 1000), { ok: false, reason: 'bad_signature' }, 't is signed');
  t.same(
    verify(signSandbox(SECRET, RAW, NOW), RAW, NOW, ''),
    { ok: false, reason: 'bad_signature' },
    'empty secret never verifies',
  );
});

t.test('stale: |now - t| > 300 s, either way', async (t) => {
  const header = signSandbox(SECRET, RAW, NOW);
  t.same(verify(header, RAW, NOW + 300_000), { ok: true }, 'exactly 300 s is still fresh');
  t.same(verify(header, RAW, NOW + 301_000), { ok: false, reason: 'stale_signature' });
  t.same(verify(header, RAW, NOW - 300_000), { ok: true });
  t.same(verify(header, RAW, NOW - 301_000), { ok: false, reason: 'stale_signature' }, 'from the future');
  t.same(
    verify(header, RAW.replace('45000', '1'), NOW + 3_600_000),
    { ok: false, reason: 'bad_signature' },
    'a forgery is bad, not stale',
  );
});

t.test('parse a credit notice', async (t) => {
  t.same(sandbox.parse(JSON.parse(RAW)), [
    {
      providerTxId: 'SBX-000001',
      bin: '970436',
      accountNumber: '1023456789',
      subAccount: null,
      amount: 45000,
      description: 'CS7K3M9QXA',
      payerBank: 'Vietcombank',
      payerName: 'NGUYEN VAN A',
      occurredAt: '2025-01-01T07:00:00+07:00',
    },
  ]);
  const naive = sandbox.parse({
    ...JSON.parse(RAW),
    occurredAt: '2025-01-01 07:00:00',
    payerName: undefined,
    id: 42,
  })[0]!;
  t.equal(naive.occurredAt, '2025-01-01T07:00:00+07:00', 'naive time is Vietnam time');
  t.equal(Date.parse(naive.occurredAt), Date.parse('2025-01-01T00:00:00Z'));
  t.equal(naive.payerName, null);
  t.equal(naive.providerTxId, '42');
  t.equal(
    sandbox.parse({ ...JSON.parse(RAW), occurredAt: '2025-01-01T00:00:00.250Z' })[0]!.occurredAt,
    '2025-01-01T00:00:00.250Z',
  );
  t.same(sandbox.ack(), { ok: true });
});

t.test('malformed bodies throw ProviderPayloadError', async (t) => {
  const good = JSON.parse(RAW);
  const cases: [string, unknown][] = [
    ['not an object', 'hello'],
    ['null', null],
    ['array', [good]],
    ['no id', { ...good, id: undefined }],
    ['empty id', { ...good, id: '' }],
    ['short bin', { ...good, bin: '97043' }],
    ['no account', { ...good, accountNumber: undefined }],
    ['zero amount', { ...good, amount: 0 }],
    ['negative amount', { ...good, amount: -45000 }],
    ['fractional amount', { ...good, amount: 45000.5 }],
    ['amount as words', { ...good, amount: 'bốn lăm nghìn' }],
    ['no description', { ...good, description: undefined }],
    ['time in words', { ...good, occurredAt: 'yesterday' }],
    ['impossible date', { ...good, occurredAt: '2025-02-30 10:00:00' }],
    ['impossible offset', { ...good, occurredAt: '2025-01-01T07:00:00+25:00' }],
  ];
  for (const [name, body] of cases) {
    t.throws(() => sandbox.parse(body), ProviderPayloadError, name);
  }
  try {
    sandbox.parse({ ...good, bin: 'VCB' });
    t.fail('should throw');
  } catch (err) {
    t.ok(err instanceof ProviderPayloadError);
    t.equal((err as ProviderPayloadError).field, 'bin');
    t.match((err as Error).message, /BIN/);
  }
});
