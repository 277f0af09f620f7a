import t from 'tap';
import {
  isProviderName,
  PROVIDER_NAMES,
  providerAdapters,
  ProviderPayloadError,
} from '../../../src/payments/providers/index.js';
import { vietnamTime } from '../../../src/payments/providers/fields.js';
import { hexDigestsEqual, parseTimestampedHeader, secretsEqual } from '../../../src/payments/providers/signatures.js';

t.test('one adapter per provider, named after its key', async (t) => {
  t.same(Object.keys(providerAdapters).sort(), ['casso', 'payos', 'sandbox', 'sepay']);
  t.same([...PROVIDER_NAMES].sort(), Object.keys(providerAdapters).sort());
  for (const [name, adapter] of Object.entries(providerAdapters)) t.equal(adapter.name, name);
  t.ok(isProviderName('sepay'));
  t.notOk(isProviderName('vnpay'));
  t.notOk(isProviderName('__proto__'));
  t.same(Object.fromEntries(Object.entries(providerAdapters).map(([n, a]) => [n, a.ack()])), {
    sandbox: { ok: true },
    sepay: { success: true },
    payos: { success: true },
    casso: { success: true },
  });
});

t.test('every adapter rejects a missing signature and never throws from verify', async (t) => {
  for (const adapter of Object.values(providerAdapters)) {
    for (const body of [undefined, null, 'x', 42, [], {}]) {
      const r = adapter.verify({
        headers: {},
        rawBody: JSON.stringify(body) ?? '',
        body,
        secret: 's',
        nowMs: Date.now(),
      });
      t.same(r, { ok: false, reason: 'missing_signature' }, `${adapter.name} ${JSON.stringify(body)}`);
    }
  }
});

t.test('ProviderPayloadError names the field', async (t) => {
  const err = new ProviderPayloadError('amount must be an integer', 'amount');
  t.ok(err instanceof Error);
  t.equal(err.name, 'ProviderPayloadError');
  t.equal(err.field, 'amount');
});

t.test('provider times: naive Vietnam time gets +07:00, offsets are kept', async (t) => {
  const at = (v: unknown) => vietnamTime({ v }, 'v');
  t.equal(at('2024-07-25 14:02:37'), '2024-07-25T14:02:37+07:00');
  t.equal(at('2024-07-25T14:02:37'), '2024-07-25T14:02:37+07:00');
  t.equal(at('2024-07-25 14:02'), '2024-07-25T14:02:00+07:00');
  t.equal(at('2024-07-25T14:02:37.123'), '2024-07-25T14:02:37.123+07:00');
  t.equal(at('2024-07-25T07:02:37Z'), '2024-07-25T07:02:37Z');
  t.equal(at('2024-07-25T14:02:37+0700'), '2024-07-25T14:02:37+07:00');
  t.equal(at('2024-07-25T02:02:37-05:00'), '2024-07-25T02:02:37-05:00');
  t.equal(
    Date.parse(at('2024-12-31 23:30:00')),
    Date.parse('2024-12-31T16:30:00Z'),
    'same instant across a year boundary',
  );
  t.equal(at('2024-02-29 00:00:00'), '2024-02-29T00:00:00+07:00', 'leap day');
  for (const bad of [
    '2023-02-29 00:00:00',
    '2024-07-25 24:00:00',
    '2024-07-25',
    '25/07/2024 14:02:37',
    '',
    20240725,
    null,
  ]) {
    t.throws(() => at(bad), ProviderPayloadError, String(bad));
  }
});

t.test('signature header parsing and constant-time helpers', async (t) => {
  t.same(parseTimestampedHeader('t=1,v1=ab,v1=CD'), { t: '1', v1: ['ab', 'CD'] });
  t.same(parseTimestampedHeader('v1=ab,t=1'), { t: '1', v1: ['ab'] }, 'order of parts is free');
  t.same(parseTimestampedHeader('t=1,v1=ab,v2=zz-unknown'), { t: '1', v1: ['ab'] }, 'unknown schemes ignored');
  t.equal(parseTimestampedHeader('t=1,v1=abc'), null, 'odd-length hex');
  t.equal(parseTimestampedHeader('t=1,=ab'), null);
  t.equal(parseTimestampedHeader('t=1,v1'), null);
  t.equal(parseTimestampedHeader('t=12345678901234567,v1=ab'), null, 'absurd timestamp');
  t.ok(hexDigestsEqual('00ff', '00FF'));
  t.notOk(hexDigestsEqual('00ff', '00'));
  t.notOk(hexDigestsEqual('00ff', '00fe'));
  t.notOk(hexDigestsEqual('00ff', 'zzzz'));
  t.ok(secretsEqual('key', 'key'));
  t.notOk(secretsEqual('key', 'key2'));
  t.notOk(secretsEqual('', 'key'));
});
