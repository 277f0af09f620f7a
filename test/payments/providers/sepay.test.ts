import t from 'tap';
import { createHmac } from 'node:crypto';
import {
  providerAdapters,
  ProviderPayloadError,
  sepayHmacAdapter,
  signSepay,
} from '../../../src/payments/providers/index.js';

const sepay = providerAdapters.sepay;
const KEY = 'SEPAY_9f1c2e7a4b';
const NOW = Date.parse('2024-07-25T07:03:00Z');

// The sample payload from SePay's webhook guide (developer.sepay.vn, "Quick start").
const DOC_SAMPLE = {
  id: 92704,
  gateway: 'Vietcombank',
  transactionDate: '2023-03-25 14:02:37',
  accountNumber: '0123499999',
  code: null,
  content: 'chuyen tien mua iphone',
  transferType: 'in',
  transferAmount: 2277000,
  accumulated: 19077000,
  subAccount: null,
  referenceCode: 'MBVCB.3278907687',
  description: '',
};

const credit = {
  id: 11223344,
  gateway: 'MBBank',
  transactionDate: '2024-07-25 14:02:37',
  accountNumber: '0987654321',
  code: null,
  content: 'CS7K3M9QXA FT24207123456789',
  transferType: 'in',
  transferAmount: 45000,
  accumulated: 1245000,
  subAccount: 'VQRQA1B2C3',
  referenceCode: 'FT24207123456789',
  description: 'BankAPINotify CS7K3M9QXA FT24207123456789',
};

const verify = (headers: Record<string, string | string[] | undefined>, secret = KEY) =>
  sepay.verify({ headers, rawBody: JSON.stringify(credit), body: credit, secret, nowMs: NOW });

t.test('Authorization: Apikey <key> passes (scheme case-insensitive, header name case-insensitive)', async (t) => {
  t.same(verify({ authorization: `Apikey ${KEY}` }), { ok: true });
  t.same(verify({ Authorization: `Apikey ${KEY}` }), { ok: true });
  t.same(verify({ authorization: `apikey  ${KEY} ` }), { ok: true });
  t.same(verify({ authorization: `APIKEY ${KEY}` }), { ok: true });
});

t.test('missing, malformed and wrong keys', async (t) => {
  t.same(verify({}), { ok: false, reason: 'missing_signature' });
  t.same(verify({ authorization: '' }), { ok: false, reason: 'missing_signature' });
  t.same(verify({ authorization: KEY }), { ok: false, reason: 'malformed_signature' }, 'no scheme');
  t.same(verify({ authorization: `Bearer ${KEY}` }), { ok: false, reason: 'malformed_signature' }, 'another scheme');
  t.same(verify({ authorization: 'Apikey' }), { ok: false, reason: 'malformed_signature' });
  t.same(verify({ authorization: `Apikey ${KEY} extra` }), { ok: false, reason: 'malformed_signature' });
  t.same(verify({ authorization: `Apikey ${KEY}x` }), { ok: false, reason: 'bad_signature' });
  t.same(
    verify({ authorization: `Apikey ${KEY.slice(0, -1)}` }),
    { ok: false, reason: 'bad_signature' },
    'a prefix of the key',
  );
  t.same(
    verify({ authorization: `Apikey ${KEY.toLowerCase()}` }),
    { ok: false, reason: 'bad_signature' },
    'the key is case-sensitive',
  );
  t.same(verify({ authorization: 'Apikey ' }, ''), { ok: false, reason: 'malformed_signature' });
  t.same(
    verify({ authorization: 'Apikey x' }, ''),
    { ok: false, reason: 'bad_signature' },
    'no configured key → nothing verifies',
  );
});

t.test("parses SePay's documented sample: Vietnam time gets +07:00", async (t) => {
  t.same(sepay.parse(DOC_SAMPLE), [
    {
      providerTxId: '92704',
      bin: null,
      accountNumber: '0123499999',
      subAccount: null,
      bankName: 'Vietcombank',
      amount: 2277000,
      description: 'chuyen tien mua iphone',
      payerBank: null,
      payerName: null,
      occurredAt: '2023-03-25T14:02:37+07:00',
    },
  ]);
  t.equal(Date.parse(sepay.parse(DOC_SAMPLE)[0]!.occurredAt), Date.parse('2023-03-25T07:02:37Z'));
});

t.test('content is the memo; description is the fallback; sub-account kept separately', async (t) => {
  const [c] = sepay.parse(credit);
  t.equal(c!.description, 'CS7K3M9QXA FT24207123456789');
  t.equal(c!.accountNumber, '0987654321');
  t.equal(c!.subAccount, 'VQRQA1B2C3');
  t.equal(c!.occurredAt, '2024-07-25T14:02:37+07:00');
  t.equal(sepay.parse({ ...credit, content: '' })[0]!.description, 'BankAPINotify CS7K3M9QXA FT24207123456789');
  t.equal(sepay.parse({ ...credit, content: null })[0]!.description, 'BankAPINotify CS7K3M9QXA FT24207123456789');
  t.equal(
    sepay.parse({ ...credit, content: null, description: null })[0]!.description,
    '',
    'no memo at all is still money',
  );
  t.equal(sepay.parse({ ...credit, transferAmount: '45000' })[0]!.amount, 45000, 'integer strings are accepted');
});

t.test('money out is not a credit', async (t) => {
  t.same(sepay.parse({ ...credit, transferType: 'out' }), []);
  t.same(sepay.parse({ ...DOC_SAMPLE, transferType: 'out' }), []);
});

t.test('malformed bodies throw ProviderPayloadError', async (t) => {
  const cases: [string, unknown][] = [
    ['not an object', 'x'],
    ['unknown transferType', { ...credit, transferType: 'inbound' }],
    ['no transferType', { ...credit, transferType: undefined }],
    ['no id', { ...credit, id: undefined }],
    ['no account', { ...credit, accountNumber: '' }],
    ['zero amount in', { ...credit, transferAmount: 0 }],
    ['fractional amount', { ...credit, transferAmount: 45000.5 }],
    ['no date', { ...credit, transactionDate: undefined }],
    ['bad date', { ...credit, transactionDate: '25/07/2024 14:02:37' }],
  ];
  for (const [name, body] of cases) t.throws(() => sepay.parse(body), ProviderPayloadError, name);
});

t.test('ack is {"success": true} in both modes; the HMAC adapter is the same provider', async (t) => {
  // SePay counts a delivery as received only on this body; without it, it retries and reports the webhook failed.
  t.same(sepay.ack(), { success: true });
  t.same(sepayHmacAdapter.ack(), { success: true });
  t.equal(sepayHmacAdapter.name, 'sepay');
  t.equal(sepayHmacAdapter.parse, sepay.parse, 'one payload, whichever way it is authenticated');
});

t.test('whitespace around header values is ignored, in both modes', async (t) => {
  // Node's HTTP parser trims header values; the adapters do not rely on it (any caller may pass a headers object).
  t.same(verify({ authorization: `  Apikey ${KEY}` }), { ok: true }, 'before the scheme');
  t.same(verify({ authorization: '   ' }), { ok: false, reason: 'missing_signature' }, 'only blanks');
  const SECRET = 'sepay-hmac-secret-0123456789';
  const raw = JSON.stringify(credit);
  const signed = signSepay(SECRET, raw, NOW);
  const padded = {
    'x-sepay-signature': ` ${signed['x-sepay-signature']!} `,
    'x-sepay-timestamp': ` ${signed['x-sepay-timestamp']!} `,
  };
  t.same(sepayHmacAdapter.verify({ headers: padded, rawBody: raw, body: credit, secret: SECRET, nowMs: NOW }), {
    ok: true,
  });
});

t.test('transferType is read case-insensitively ("IN", "Out")', async (t) => {
  t.equal(sepay.parse({ ...credit, transferType: 'IN' })[0]!.amount, 45000);
  t.equal(sepay.parse({ ...credit, transferType: ' In ' })[0]!.amount, 45000);
  t.same(sepay.parse({ ...credit, transferType: 'OUT' }), []);
  t.same(sepay.parse({ ...credit, transferType: 'Out' }), []);
});

// HMAC-SHA256 mode (developer.sepay.vn "Xác thực webhook"): X-SePay-Signature = "sha256=" + hex HMAC-SHA256 of
// timestamp + "." + raw body, X-SePay-Timestamp = Unix seconds. The expected value is computed here on its own.
t.test('HMAC mode: known answer, prefix optional, header names case-insensitive', async (t) => {
  const SECRET = 'sepay-hmac-secret-0123456789';
  const raw = JSON.stringify(credit);
  const ts = String(NOW / 1000);
  const hex = createHmac('sha256', SECRET).update(`${ts}.${raw}`, 'utf8').digest('hex');
  t.same(signSepay(SECRET, raw, NOW), { 'x-sepay-signature': `sha256=${hex}`, 'x-sepay-timestamp': ts });
  const check = (headers: Record<string, string>, nowMs = NOW, body = raw, secret = SECRET) =>
    sepayHmacAdapter.verify({ headers, rawBody: body, body: JSON.parse(body), secret, nowMs });
  t.same(check({ 'X-SePay-Signature': `sha256=${hex}`, 'X-SePay-Timestamp': ts }), { ok: true });
  t.same(check({ 'x-sepay-signature': hex, 'x-sepay-timestamp': ts }), { ok: true }, 'bare hex');
  t.same(check({ 'x-sepay-signature': `sha256=${hex}` }), { ok: false, reason: 'missing_signature' }, 'no timestamp');
  t.same(check({ 'x-sepay-timestamp': ts }), { ok: false, reason: 'missing_signature' });
  t.same(
    check({ authorization: `Apikey ${KEY}` }),
    { ok: false, reason: 'missing_signature' },
    'an API key does not open HMAC mode',
  );
  t.same(check({ 'x-sepay-signature': 'sha256=xyz', 'x-sepay-timestamp': ts }), {
    ok: false,
    reason: 'malformed_signature',
  });
  t.same(check({ 'x-sepay-signature': `sha256=${hex}`, 'x-sepay-timestamp': '17e8' }), {
    ok: false,
    reason: 'malformed_signature',
  });
  t.same(
    check({ 'x-sepay-signature': `sha256=${hex}`, 'x-sepay-timestamp': String(NOW / 1000 + 1) }),
    { ok: false, reason: 'bad_signature' },
    'the timestamp is signed',
  );
  t.same(
    check({ 'x-sepay-signature': `sha256=${hex}`, 'x-sepay-timestamp': ts }, NOW, raw.replace('45000', '450000')),
    { ok: false, reason: 'bad_signature' },
    'the body is signed',
  );
  t.same(
    check({ 'x-sepay-signature': `sha256=${hex}`, 'x-sepay-timestamp': ts }, NOW, raw, 'another-secret-0123456789'),
    { ok: false, reason: 'bad_signature' },
  );
  t.same(check({ 'x-sepay-signature': `sha256=${hex}`, 'x-sepay-timestamp': ts }, NOW, raw, ''), {
    ok: false,
    reason: 'bad_signature',
  });
  t.same(
    check(signSepay('', raw, NOW), NOW, raw, ''),
    { ok: false, reason: 'bad_signature' },
    'no secret: even headers signed with the empty key (anyone can make them) are refused',
  );
});

t.test('HMAC mode: an hour either way (every documented SePay retry), then stale', async (t) => {
  const SECRET = 'sepay-hmac-secret-0123456789';
  const raw = JSON.stringify(credit);
  const headers = signSepay(SECRET, raw, NOW);
  const at = (nowMs: number) => sepayHmacAdapter.verify({ headers, rawBody: raw, body: credit, secret: SECRET, nowMs });
  t.same(at(NOW + 34 * 60_000), { ok: true }, 'the last documented retry (~33 min) signed at the first attempt');
  t.same(at(NOW + 3600_000), { ok: true });
  t.same(at(NOW + 3601_000), { ok: false, reason: 'stale_signature' });
  t.same(at(NOW - 3601_000), { ok: false, reason: 'stale_signature' });
});

// The two header patterns are anchored at both ends: the key or the digest must be the whole header, not a part of it.
t.test('API key and HMAC signature must be the whole header (both patterns are anchored)', async (t) => {
  t.same(verify({ authorization: `xApikey ${KEY}` }), { ok: false, reason: 'malformed_signature' }, 'text before');
  t.same(verify({ authorization: `Apikey ${KEY} x` }), { ok: false, reason: 'malformed_signature' }, 'text after');
  const SECRET = 'sepay-hmac-secret-0123456789';
  const raw = JSON.stringify(credit);
  const { 'x-sepay-signature': signature, 'x-sepay-timestamp': ts } = signSepay(SECRET, raw, NOW);
  const hex = signature.slice('sha256='.length);
  const check = (value: string) =>
    sepayHmacAdapter.verify({
      headers: { 'x-sepay-signature': value, 'x-sepay-timestamp': ts },
      rawBody: raw,
      body: credit,
      secret: SECRET,
      nowMs: NOW,
    });
  t.same(check(signature), { ok: true });
  t.same(check(`${signature}zz`), { ok: false, reason: 'malformed_signature' }, '64 hex digits, then text');
  t.same(check(`${hex}00`), { ok: false, reason: 'malformed_signature' }, '66 hex digits');
  t.same(check(`x${signature}`), { ok: false, reason: 'malformed_signature' }, 'text, then sha256=<digest>');
  t.same(check(`x${hex}`), { ok: false, reason: 'malformed_signature' }, 'text, then the digest');
});
