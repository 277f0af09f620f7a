// The shared signature helpers every provider adapter relies on, checked on their own.
import t from 'tap';
import { createHmac } from 'node:crypto';
import {
  headerValue,
  hexDigestsEqual,
  hmacHex,
  isHex,
  parseTimestampedHeader,
  verifyTimestamped,
  type TimestampedCheck,
} from '../../../src/payments/providers/signatures.js';
import { signSandbox } from '../../../src/payments/providers/sandbox.js';

t.test(
  'headerValue: exact name first, then any case; repeated values joined; an empty list is no header',
  async (t) => {
    t.equal(headerValue({ 'x-sig': 'a' }, 'X-Sig'), 'a');
    t.equal(headerValue({ 'X-SIG': 'b' }, 'x-sig'), 'b');
    t.equal(headerValue({ 'x-other': 'c', 'X-Sig': 'd' }, 'x-sig'), 'd', 'the first matching key, not the first key');
    t.equal(headerValue({ 'x-sig': ['t=1', 'v1=ab'] }, 'x-sig'), 't=1,v1=ab');
    t.equal(headerValue({ 'x-sig': [] }, 'x-sig'), undefined);
    t.equal(headerValue({}, 'x-sig'), undefined);
  },
);

t.test('hmacHex is lower-case hex HMAC of the UTF-8 message', async (t) => {
  const expected = createHmac('sha512', 'k').update('đồng', 'utf8').digest('hex');
  t.equal(hmacHex('sha512', 'k', 'đồng'), expected);
  t.equal(hmacHex('sha256', 'k', 'x').length, 64);
});

t.test('isHex: an even number of hex digits, nothing else', async (t) => {
  for (const s of ['00', 'abCD', 'ff00ff00']) t.ok(isHex(s), s);
  for (const s of ['', 'a', 'abc', 'zz', '0x00', 'ab ', ' ab', 'a-b0']) t.notOk(isHex(s), JSON.stringify(s));
  t.notOk(hexDigestsEqual('', ''), 'an empty candidate is not a digest');
});

t.test('parseTimestampedHeader: one t of 1..16 digits, at least one v1', async (t) => {
  t.same(parseTimestampedHeader('t=1234567890123456,v1=ab'), { t: '1234567890123456', v1: ['ab'] }, '16 digits');
  t.same(parseTimestampedHeader(',t=1,,v1=ab,'), { t: '1', v1: ['ab'] }, 'empty parts are skipped');
  t.same(parseTimestampedHeader('t = 1 , v1 = ab'), { t: '1', v1: ['ab'] }, 'spaces around keys and values');
  for (const bad of [
    't=,v1=ab',
    't=1a,v1=ab',
    't=a1,v1=ab',
    't=1,t=1,v1=ab',
    't=1',
    'v1=ab',
    't=1,v1=',
    't=1,v1=zz',
    '',
  ]) {
    t.equal(parseTimestampedHeader(bad), null, JSON.stringify(bad));
  }
});

t.test('verifyTimestamped: signature first, then age, with the unit and tolerance given', async (t) => {
  const secret = 'shh';
  const message = (ts: string) => `${ts}|body`;
  const sign = (ts: string) => `t=${ts},v1=${hmacHex('sha256', secret, message(ts))}`;
  const check = (over: Partial<TimestampedCheck>): TimestampedCheck => ({
    header: sign('5000'),
    secret,
    nowMs: 5000,
    algorithm: 'sha256',
    unitMs: 1,
    toleranceMs: 100,
    message,
    ...over,
  });
  t.same(verifyTimestamped(check({})), { ok: true }, 't in milliseconds');
  t.same(verifyTimestamped(check({ nowMs: 5100 })), { ok: true }, 'exactly at the tolerance');
  t.same(verifyTimestamped(check({ nowMs: 5101 })), { ok: false, reason: 'stale_signature' });
  t.same(verifyTimestamped(check({ nowMs: 4899 })), { ok: false, reason: 'stale_signature' }, 'from the future');
  t.same(verifyTimestamped(check({ unitMs: 1000, nowMs: 5_000_000 })), { ok: true }, 't in seconds');
  t.same(verifyTimestamped(check({ header: '   ' })), { ok: false, reason: 'missing_signature' });
  t.same(verifyTimestamped(check({ header: undefined })), { ok: false, reason: 'missing_signature' });
  t.same(verifyTimestamped(check({ header: 't=x' })), { ok: false, reason: 'malformed_signature' });
  t.same(
    verifyTimestamped(check({ header: sign('9999999999999999'), unitMs: 1000 })),
    { ok: false, reason: 'malformed_signature' },
    't beyond safe milliseconds',
  );
  t.same(verifyTimestamped(check({ secret: '' })), { ok: false, reason: 'bad_signature' });
  t.same(
    verifyTimestamped(check({ secret: '', header: `t=5000,v1=${hmacHex('sha256', '', message('5000'))}` })),
    { ok: false, reason: 'bad_signature' },
    'no secret: even a header signed with the empty key (anyone can make one) is refused',
  );
  t.same(
    verifyTimestamped(check({ message: () => null })),
    { ok: false, reason: 'bad_signature' },
    'no message to check against',
  );
  t.same(
    verifyTimestamped(check({ header: `${sign('5000')},v1=${'ab'.repeat(32)}` })),
    { ok: true },
    'a good v1 before a bad one',
  );
  t.same(
    verifyTimestamped(check({ header: `t=5000,v1=${'ab'.repeat(32)},${sign('5000').slice(7)}` })),
    { ok: true },
    'a good v1 after a bad one',
  );
  t.same(
    verifyTimestamped(check({ algorithm: 'sha512' })),
    { ok: false, reason: 'bad_signature' },
    'the algorithm is part of the check',
  );
});

t.test('signSandbox refuses to sign without a secret, or with an empty one among several', async (t) => {
  for (const secret of ['', [], ['good', ''], ['', 'good']]) {
    t.throws(
      () => signSandbox(secret, '{}', 0),
      { message: 'signSandbox needs a non-empty secret' },
      JSON.stringify(secret),
    );
  }
  t.match(signSandbox(['a', 'b'], '{}', 0), /^t=0,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
});

t.test('parseTimestampedHeader: a part with no key is refused; a blank part between commas is skipped', async (t) => {
  for (const bad of ['=x,t=1,v1=ab', 't=1,=x,v1=ab', 't=1, = ,v1=ab', 't=1,junk,v1=ab']) {
    t.equal(parseTimestampedHeader(bad), null, JSON.stringify(bad));
  }
  t.same(parseTimestampedHeader('t=1, ,v1=ab'), { t: '1', v1: ['ab'] }, 'a blank part');
  t.same(parseTimestampedHeader(' t=1,\t,v1=ab '), { t: '1', v1: ['ab'] }, 'a tab');
});
