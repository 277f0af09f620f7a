import t from 'tap';
import { hashPhone, maskPhone, normalisePhone } from '../../src/activations/phone.js';
import { resolveProvider } from '../../src/activations/providers.js';
import { activationTimeProblem, parseVietnamTime, vietnamDay } from '../../src/activations/vietnam-time.js';

t.test('phone numbers are normalised to 0xxxxxxxxx', async (t) => {
  const table: [string, string][] = [
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['091.234.5678', '0912345678'],
    ['091-234-5678', '0912345678'],
    [' (091) 234 5678 ', '0912345678'],
    ['+84912345678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['+84-912-345-678', '0912345678'],
    ['+840912345678', '0912345678'], // "+84 (0)91…" as people write it
    ['84912345678', '0912345678'],
    ['0084912345678', '0912345678'],
    ['912345678', '0912345678'], // a spreadsheet dropped the leading 0
    ['０９１２３４５６７８', '0912345678'], // full-width digits from a Vietnamese IME
    ['0321234567', '0321234567'], // Viettel 03x
    ['0521234567', '0521234567'], // Vietnamobile 052
    ['0591234567', '0591234567'], // Gmobile 059
    ['0701234567', '0701234567'], // MobiFone 070
    ['0791234567', '0791234567'],
    ['0811234567', '0811234567'], // Vinaphone 081
    ['0891234567', '0891234567'],
    ['0991234567', '0991234567'],
    ['+84 386 111 222', '0386111222'],
  ];
  for (const [input, expected] of table) t.same(normalisePhone(input), { ok: true, phone: expected }, input);
});

t.test('what is not a Vietnamese mobile number is refused, with a reason that never repeats the number', async (t) => {
  const table: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['091234567', /10 digits/], // 9 digits starting with 0
    ['09123456789', /10 digits/],
    ['0241234567', /024 is not a Vietnamese mobile prefix/], // Hà Nội landline
    ['0206385xxx', /digits/],
    ['0312345678', /031 is not/], // 031 is not allocated
    ['0501234567', /050 is not/],
    ['0711234567', /071 is not/],
    ['0801234567', /080 is not/],
    ['01626123456', /old 11-digit/],
    ['+841626123456', /old 11-digit/],
    ['+1 202 555 0100', /Vietnamese numbers/],
    ['+84 91234', /10 digits/],
    ['091234567a', /digits/],
    ['9.12345678E+08', /digits/], // Excel's scientific notation
  ];
  for (const [input, reason] of table) {
    const result = normalisePhone(input);
    t.equal(result.ok, false, input);
    if (!result.ok) {
      t.match(result.reason, reason, input);
      const digits = input.replace(/\D/g, '');
      if (digits.length >= 6)
        t.notOk(result.reason.replace(/\D/g, '').includes(digits.slice(3)), `reason hides ${input}`);
    }
  }
});

t.test('masked form shows the last three digits only; the hash is keyed', async (t) => {
  t.equal(maskPhone('0912345123'), '*******123');
  t.equal(maskPhone('0381234678'), '*******678', 'not even the carrier prefix');
  t.equal(maskPhone('+84 912-345-678'), '********678', "a buyer's phone as typed: one star per hidden digit");
  const a = hashPhone('key-one', '0912345678');
  t.match(a, /^[0-9a-f]{64}$/);
  t.equal(a, hashPhone('key-one', '0912345678'), 'stable');
  t.not(a, hashPhone('key-two', '0912345678'), 'another key, another hash');
  t.not(a, hashPhone('key-one', '0912345679'));
});

t.test('providers by code, display name or former name', async (t) => {
  t.equal(resolveProvider('viettel_money'), 'viettel_money');
  t.equal(resolveProvider('Viettel Money'), 'viettel_money');
  t.equal(resolveProvider('ViettelPay'), 'viettel_money');
  t.equal(resolveProvider(' VNPT-Money '), 'vnpt_money');
  t.equal(resolveProvider('MobiFone Money'), 'mobifone_money');
  t.equal(resolveProvider('momo'), undefined);
});

t.test('times: ISO 8601, or Vietnam local time; never in the future', async (t) => {
  const iso = (s: string) => parseVietnamTime(s)?.toISOString();
  t.equal(iso('2026-03-05T09:30:00+07:00'), '2026-03-05T02:30:00.000Z');
  t.equal(iso('2026-03-05T02:30:00Z'), '2026-03-05T02:30:00.000Z');
  t.equal(iso('2026-03-05 09:30'), '2026-03-05T02:30:00.000Z');
  t.equal(iso('2026-03-05T09:30:15'), '2026-03-05T02:30:15.000Z');
  t.equal(iso('2026-03-05'), '2026-03-04T17:00:00.000Z');
  t.equal(iso('05/03/2026 09:30'), '2026-03-05T02:30:00.000Z', 'day first, as in Vietnam');
  t.equal(iso('5/3/2026'), '2026-03-04T17:00:00.000Z');
  for (const bad of [
    '2026-02-30 10:00',
    '2026-13-01',
    '2026-03-05 24:00',
    '31/02/2026',
    'yesterday',
    '1741160000',
    '2026-02-30T10:00:00Z',
  ]) {
    t.equal(parseVietnamTime(bad), undefined, bad);
  }
  t.equal(vietnamDay(new Date('2026-03-04T17:00:00Z')), '2026-03-05', 'midnight in Vietnam is already the next day');
  t.equal(vietnamDay(new Date('2026-03-04T16:59:59Z')), '2026-03-04');
  const now = new Date('2026-03-05T12:00:00Z');
  t.match(activationTimeProblem(new Date('2026-03-05T13:00:00Z'), now), /future/);
  t.equal(
    activationTimeProblem(new Date('2026-03-05T12:01:00Z'), now),
    undefined,
    'a phone clock a minute fast is fine',
  );
  t.match(activationTimeProblem(new Date('2019-01-01T00:00:00Z'), now), /before/);
});
