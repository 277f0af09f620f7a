import t from 'tap';
import { providerAdapters, ProviderPayloadError } from '../../../src/payments/providers/index.js';

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
  t.same(verify({ authorization: `Apikey ${KEY.slice(0, -1)}` }), { ok: false, reason: 'bad_signature' }, 'a prefix of the key');
  t.same(verify({ authorization: `Apikey ${KEY.toLowerCase()}` }), { ok: false, reason: 'bad_signature' }, 'the key is case-sensitive');
  t.same(verify({ authorization: 'Apikey ' }, ''), { ok: false, reason: 'malformed_signature' });
  t.same(verify({ authorization: 'Apikey x' }, ''), { ok: false, reason: 'bad_signature' }, 'no configured key → nothing verifies');
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
  t.equal(sepay.parse({ ...credit, content: null, description: null })[0]!.description, '', 'no memo at all is still money');
  t.equal(sepay.parse({ ...credit, transferAmount: '45000' })[0]!.amount, 45000, 'integer strings are accepted');
});

t.test('money out is not a credit', async (t) => {
  t.same(sepay.parse({ ...credit, transferType: 'out' }), []);
  t.same(sepay.parse({ ...DOC_SAMPLE, transferType: 'out' }), []);
});

t.test('malformed bodies throw ProviderPayloadError', async (t) => {
  const cases: [string, unknown][] = [
    ['not an object', 'x'],
    ['unknown transferType', { ...credit, transferType: 'IN' }],
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

t.test('ack is {"success": true}', async (t) => {
  t.same(sepay.ack(), { success: true });
});
