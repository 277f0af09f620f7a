import t from 'tap';
import { createHmac } from 'node:crypto';
import { providerAdapters, ProviderPayloadError, signPayos } from '../../../src/payments/providers/index.js';
import { payosSignedString, splitSignedString } from '../../../src/payments/providers/payos.js';

const payos = providerAdapters.payos;
const NOW = Date.parse('2025-12-12T02:00:00Z');

// payOS docs, "Kiểm tra dữ liệu với signature" (payos.vn/docs/tich-hop-webhook/kiem-tra-du-lieu-voi-signature):
// the sample webhook, its checksum key and its published signature. It is also what payOS's "confirm webhook" posts.
const DOC_KEY = '1a54716c8f0efb2744fb28b6e38b25da7f67a925d98bc1c18bd8faaecadd7675';
const DOC_BODY = {
  code: '00',
  desc: 'success',
  success: true,
  data: {
    orderCode: 123,
    amount: 3000,
    description: 'VQRIO123',
    accountNumber: '12345678',
    reference: 'TF230204212323',
    transactionDateTime: '2023-02-04 18:25:00',
    currency: 'VND',
    paymentLinkId: '124c33293c43417ab7879e14c8d9eb18',
    code: '00',
    desc: 'Thành công',
    counterAccountBankId: '',
    counterAccountBankName: '',
    counterAccountName: '',
    counterAccountNumber: '',
    virtualAccountName: '',
    virtualAccountNumber: '',
  },
  signature: '412e915d2871504ed31be63c8f62a149a4410d34c4c42affc9006ef9917eaa03',
};

// payOS Node SDK test vectors (payOSHQ/payos-lib-node tests/crypto/testCases.json, key "test_checksum_key").
const SDK_KEY = 'test_checksum_key';
const SDK_WEBHOOK_DATA = {
  accountNumber: '0123456789',
  amount: 20000,
  description: 'thanh toan',
  reference: 'FT-REFERENCE',
  transactionDateTime: '2025-12-12 09:00:00',
  virtualAccountNumber: '',
  counterAccountBankId: '01202001',
  counterAccountBankName: '',
  counterAccountName: 'NGUYEN VAN A',
  counterAccountNumber: '9876543210',
  virtualAccountName: '',
  currency: 'VND',
  orderCode: 0,
  paymentLinkId: 'payment-link-id',
  code: '00',
  desc: 'success',
};
const SDK_WEBHOOK_SIGNATURE = '302b3becca1672dff99daafae2965f40e48ea3ca39453e4bf37fbcc26807a0e8';
const sdkBody = {
  code: '00',
  desc: 'success',
  success: true,
  data: SDK_WEBHOOK_DATA,
  signature: SDK_WEBHOOK_SIGNATURE,
};

const verify = (body: unknown, secret = SDK_KEY) =>
  payos.verify({ headers: {}, rawBody: JSON.stringify(body), body, secret, nowMs: NOW });

t.test("known answer: payOS's documented sample and its published signature", async (t) => {
  const expectedString =
    'accountNumber=12345678&amount=3000&code=00&counterAccountBankId=&counterAccountBankName=&counterAccountName=' +
    '&counterAccountNumber=&currency=VND&desc=Thành công&description=VQRIO123&orderCode=123' +
    '&paymentLinkId=124c33293c43417ab7879e14c8d9eb18&reference=TF230204212323&transactionDateTime=2023-02-04 18:25:00' +
    '&virtualAccountName=&virtualAccountNumber=';
  t.equal(payosSignedString(DOC_BODY.data), expectedString, 'keys sorted, k=v joined by &');
  t.equal(
    createHmac('sha256', DOC_KEY).update(expectedString).digest('hex'),
    DOC_BODY.signature,
    'the scheme reproduces the docs',
  );
  t.equal(signPayos(DOC_KEY, DOC_BODY.data), DOC_BODY.signature);
  t.same(verify(DOC_BODY, DOC_KEY), { ok: true });
  t.same(payos.parse(DOC_BODY), [], "the docs' sample is payOS's test ping, not money");
});

t.test('known answers: payOS SDK vectors (webhook, arrays of objects, nulls)', async (t) => {
  t.equal(signPayos(SDK_KEY, SDK_WEBHOOK_DATA), SDK_WEBHOOK_SIGNATURE);
  t.same(verify(sdkBody), { ok: true });
  const tx = {
    accountNumber: '0123456789',
    amount: 2000,
    counterAccountBankId: '01202001',
    counterAccountBankName: null,
    counterAccountName: 'NGUYEN VAN A',
    counterAccountNumber: '9876543210',
    description: 'TRANSACTION DESCRIPTION',
    reference: 'FT-REFERENCE',
    transactionDateTime: '2025-12-12T09:00:00+07:00',
    virtualAccountName: null,
    virtualAccountNumber: null,
  };
  const paid = {
    id: 'payment-link-id',
    orderCode: 0,
    amount: 2000,
    amountPaid: 2000,
    amountRemaining: 0,
    status: 'PAID',
    createdAt: '2025-12-12T09:00:00+07:00',
    transactions: [tx],
    canceledAt: null,
    cancellationReason: null,
  };
  t.equal(signPayos(SDK_KEY, paid), '6af5e2c9a28256c140169ed624114b43295915d7b6e2fa6278b17a7c43aadefd');
  t.equal(
    signPayos(SDK_KEY, { ...paid, transactions: [tx, tx] }),
    '04ebbe221724d2b848c3f39b2db3311cc554167f55bd2fe2cb7b86b6bfdeadaa',
  );
  t.equal(
    signPayos(SDK_KEY, { ...paid, amountPaid: 0, amountRemaining: 2000, status: 'PENDING', transactions: [] }),
    '33093364158b143baa9ecd2e705d9a2a5a5d391a3cab7cb0a371588b3731368f',
  );
  t.equal(
    payosSignedString({ b: null, a: 'null', c: undefined, d: 'undefined', e: true }),
    'a=&b=&d=&e=true',
    'null-likes → "", undefined key left out',
  );
});

t.test('missing, malformed, wrong and body-swapped signatures', async (t) => {
  t.same(verify({ ...sdkBody, signature: undefined }), { ok: false, reason: 'missing_signature' });
  t.same(verify({ ...sdkBody, signature: '' }), { ok: false, reason: 'missing_signature' });
  t.same(verify('not json object'), { ok: false, reason: 'missing_signature' });
  t.same(verify({ ...sdkBody, signature: 'not-hex' }), { ok: false, reason: 'malformed_signature' });
  t.same(verify({ ...sdkBody, signature: 12345 }), { ok: false, reason: 'malformed_signature' });
  t.same(verify({ ...sdkBody, data: null }), { ok: false, reason: 'malformed_signature' });
  t.same(verify(sdkBody, 'another-checksum-key'), { ok: false, reason: 'bad_signature' });
  t.same(verify(sdkBody, ''), { ok: false, reason: 'bad_signature' }, 'no key → nothing verifies');
  const emptyKeySigned = { ...sdkBody, signature: signPayos('', SDK_WEBHOOK_DATA) };
  t.same(verify(emptyKeySigned, ''), { ok: false, reason: 'bad_signature' }, 'no key: not even a body signed with ""');
  t.same(verify({ ...sdkBody, signature: SDK_WEBHOOK_SIGNATURE.slice(0, 32) }), { ok: false, reason: 'bad_signature' });
  t.same(
    verify({ ...sdkBody, data: { ...SDK_WEBHOOK_DATA, amount: 2000000 } }),
    { ok: false, reason: 'bad_signature' },
    'amount changed',
  );
  t.same(
    verify({ ...sdkBody, data: { ...SDK_WEBHOOK_DATA, accountNumber: '1111111111' } }),
    { ok: false, reason: 'bad_signature' },
    'account changed',
  );
  t.same(
    verify({ ...sdkBody, signature: DOC_BODY.signature }),
    { ok: false, reason: 'bad_signature' },
    'signature of another body',
  );
  t.same(
    verify({ ...sdkBody, data: { ...SDK_WEBHOOK_DATA, extra: 'x' } }),
    { ok: false, reason: 'bad_signature' },
    'an added field',
  );
  const reordered = Object.fromEntries(Object.entries(SDK_WEBHOOK_DATA).reverse());
  t.same(verify({ ...sdkBody, data: reordered }), { ok: true }, 'key order in the JSON does not matter');
  t.same(
    verify({ ...sdkBody, code: '01', desc: 'changed outside data' }),
    { ok: true },
    'only data is signed (as payOS documents)',
  );
});

t.test('parse a payment: reference is the transaction id; naive time is Vietnam time', async (t) => {
  t.same(payos.parse(sdkBody), [
    {
      providerTxId: 'FT-REFERENCE',
      bin: null,
      accountNumber: '0123456789',
      subAccount: null,
      amount: 20000,
      description: 'thanh toan',
      payerBank: '01202001',
      payerName: 'NGUYEN VAN A',
      occurredAt: '2025-12-12T09:00:00+07:00',
    },
  ]);
  const data = {
    ...SDK_WEBHOOK_DATA,
    reference: '',
    virtualAccountNumber: 'V1234567',
    counterAccountBankName: 'Vietcombank',
    orderCode: 987654,
  };
  const [c] = payos.parse({ ...sdkBody, data });
  t.equal(c!.providerTxId, 'payment-link-id:987654', 'fallback: paymentLinkId + orderCode');
  t.equal(c!.subAccount, 'V1234567');
  t.equal(c!.payerBank, 'Vietcombank');
  t.equal(
    payos.parse({ ...sdkBody, data: { ...SDK_WEBHOOK_DATA, transactionDateTime: '2025-12-12T09:00:00+07:00' } })[0]!
      .occurredAt,
    '2025-12-12T09:00:00+07:00',
  );
});

t.test('data.code other than "00" is not money; the unsigned top-level code and success decide nothing', async (t) => {
  t.same(payos.parse({ ...sdkBody, data: { ...SDK_WEBHOOK_DATA, code: '02' } }), []);
  t.same(payos.parse({ ...sdkBody, data: { ...SDK_WEBHOOK_DATA, code: null } }), []);
  // Changed on purpose: only `data` is signed, so flipping `code` / `success` beside it must not change the outcome.
  t.equal(payos.parse({ ...sdkBody, code: '01', desc: 'Invalid params', success: false }).length, 1);
  t.equal(payos.parse({ ...sdkBody, success: false }).length, 1);
});

t.test('malformed bodies throw ProviderPayloadError', async (t) => {
  const cases: [string, unknown][] = [
    ['not an object', 42],
    ['data missing', { ...sdkBody, data: undefined }],
    ['data is a list', { ...sdkBody, data: [SDK_WEBHOOK_DATA] }],
    ['zero amount', { ...sdkBody, data: { ...SDK_WEBHOOK_DATA, amount: 0 } }],
    ['fractional amount', { ...sdkBody, data: { ...SDK_WEBHOOK_DATA, amount: 20000.5 } }],
    ['no description', { ...sdkBody, data: { ...SDK_WEBHOOK_DATA, description: undefined } }],
    ['no account', { ...sdkBody, data: { ...SDK_WEBHOOK_DATA, accountNumber: undefined } }],
    ['no id at all', { ...sdkBody, data: { ...SDK_WEBHOOK_DATA, reference: null, paymentLinkId: null } }],
    ['bad time', { ...sdkBody, data: { ...SDK_WEBHOOK_DATA, transactionDateTime: '12/12/2025' } }],
  ];
  for (const [name, body] of cases) t.throws(() => payos.parse(body), ProviderPayloadError, name);
});

t.test('ack', async (t) => {
  t.same(payos.ack(), { success: true });
});

// Known answers for values other than text and numbers. Each expected text is written out here by hand from the
// algorithm of payOS's Node SDK (@payos/node 2.0.5, lib/utils/convert-obj-to-query-str.js and sort-obj-by-key.js):
// top-level keys sorted; an array is JSON of its elements after each went through Object.keys-based key sorting
// (so a string element becomes {"0":…}, a number or boolean {}); other values through template-string conversion.
const hmac = (text: string) => createHmac('sha256', SDK_KEY).update(text, 'utf8').digest('hex');
const signedBody = (data: Record<string, unknown>, signature = hmac(payosSignedString(data) ?? '')) => ({
  code: '00',
  desc: 'success',
  success: true,
  data,
  signature,
});

t.test('known answers (SDK algorithm): arrays, nested objects, null-likes, numbers, booleans', async (t) => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['array of strings', { tags: ['x', 'yz'] }, 'tags=[{"0":"x"},{"0":"y","1":"z"}]'],
    ['array of numbers, booleans and a string', { n: [1, true, 'ab'] }, 'n=[{},{},{"0":"a","1":"b"}]'],
    [
      'array of objects: one level of keys sorted',
      { items: [{ z: 1, a: { y: 2, b: 3 } }] },
      'items=[{"a":{"y":2,"b":3},"z":1}]',
    ],
    ['array of arrays', { m: [[2, 1]] }, 'm=[{"0":2,"1":1}]'],
    ['empty array', { e: [] }, 'e=[]'],
    ['nested object', { a: { b: 1 }, c: 'd' }, 'a=[object Object]&c=d'],
    ['null-likes', { b: null, a: 'null', c: undefined, d: 'undefined', e: true, f: false }, 'a=&b=&d=&e=true&f=false'],
    [
      'numbers',
      { z: 0, neg: -0, f: 0.5, amount: 1e21, big: 1000000000000000 },
      'amount=1e+21&big=1000000000000000&f=0.5&neg=0&z=0',
    ],
    ['integer-like keys come first, in numeric order', { x: 'c', '10': 'a', '9': 'b' }, '9=b&10=a&x=c'],
    ['a "__proto__" key is dropped', JSON.parse('{"__proto__":"x","a":"1"}'), 'a=1'],
  ];
  for (const [name, data, text] of cases) {
    t.equal(payosSignedString(data), text, name);
    t.equal(signPayos(SDK_KEY, data), hmac(text), `${name}: HMAC`);
    t.same(
      verify({ code: '00', desc: 'success', success: true, data, signature: hmac(text) }),
      { ok: true },
      `${name}: verifies`,
    );
  }
  t.same(
    verify(signedBody({ ...SDK_WEBHOOK_DATA, tags: ['x', 'yz'] })),
    { ok: true },
    'a webhook carrying an array verifies',
  );
  const oldWay = hmac(payosSignedString({ ...SDK_WEBHOOK_DATA }) + '&tags=["x","yz"]');
  t.same(
    verify(signedBody({ ...SDK_WEBHOOK_DATA, tags: ['x', 'yz'] }, oldWay)),
    { ok: false, reason: 'bad_signature' },
    'plain JSON of the array is not what the SDK signs',
  );
  t.equal(payosSignedString({ a: [null] }), null, 'a null array element: the SDK throws, nothing can be signed');
  t.same(verify(signedBody({ a: [null] }, hmac('a=[null]'))), { ok: false, reason: 'bad_signature' });
});

t.test('an upper-case hex signature is refused, as the SDK refuses it', async (t) => {
  t.same(verify({ ...sdkBody, signature: SDK_WEBHOOK_SIGNATURE.toUpperCase() }), {
    ok: false,
    reason: 'bad_signature',
  });
  t.same(
    verify({
      ...sdkBody,
      signature: SDK_WEBHOOK_SIGNATURE.slice(0, 10).toUpperCase() + SDK_WEBHOOK_SIGNATURE.slice(10),
    }),
    { ok: false, reason: 'bad_signature' },
  );
  t.same(verify(sdkBody), { ok: true });
});

t.test('signPayos refuses data the SDK cannot sign (a null array element makes the SDK throw)', async (t) => {
  t.equal(payosSignedString({ items: [null] }), null);
  t.throws(() => signPayos(SDK_KEY, { items: [null] }), /payOS cannot sign this data/);
});

t.test('splitSignedString: every part key=value with a non-empty key, keys strictly ascending', async (t) => {
  t.same(splitSignedString('a=1&b=&c=x=y'), { a: '1', b: '', c: 'x=y' });
  t.same(splitSignedString('amount=1'), { amount: '1' }, 'a single pair');
  for (const bad of ['=x', 'a=1&=x', 'a=1&b', 'b=1&a=2', 'a=1&a=2', 'a=1&c=2&b=3']) {
    t.equal(splitSignedString(bad), null, JSON.stringify(bad));
  }
});

t.test('a null, empty or non-string signature', async (t) => {
  t.same(verify({ ...sdkBody, signature: null }), { ok: false, reason: 'missing_signature' }, 'null');
  t.same(verify({ ...sdkBody, signature: '' }), { ok: false, reason: 'missing_signature' }, 'empty');
  // The last one has an even length and cannot even be turned into text: a type check must come first, or it throws.
  for (const signature of [12, true, ['ab'], { length: 2 }, { length: 2, toString: 'ab' }]) {
    t.same(verify({ ...sdkBody, signature }), { ok: false, reason: 'malformed_signature' }, JSON.stringify(signature));
  }
});
