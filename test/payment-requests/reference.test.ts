import t from 'tap';
import fc from 'fast-check';
import {
  findReferences,
  generateReference,
  isReference,
  REFERENCE_ALPHABET,
} from '../../src/payment-requests/reference.js';

t.test('alphabet: upper-case letters and digits without look-alikes', async (t) => {
  t.equal(REFERENCE_ALPHABET, 'ABCDEFGHJKMNPQRTUVWXYZ2346789');
  t.equal(new Set(REFERENCE_ALPHABET).size, 29, 'no repeats');
  for (const c of '01OILS5') t.notOk(REFERENCE_ALPHABET.includes(c), `no ${c}`);
});

t.test('100k generated references: shape, near-uniqueness, unbiased characters', async (t) => {
  const N = 100_000;
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  let badShape = 0;
  for (let i = 0; i < N; i++) {
    const ref = generateReference();
    if (!/^CS[ABCDEFGHJKMNPQRTUVWXYZ2346789]{8}$/.test(ref) || !isReference(ref)) badShape++;
    seen.add(ref);
    for (const c of ref.slice(2)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  t.equal(badShape, 0, 'every reference is "CS" + 8 alphabet characters');
  // 29^8 ≈ 5.0e11 codes: among 100k draws the expected number of collisions is n²/2N ≈ 0.01, so more than 2 would
  // mean the generator is broken (the database's unique constraint handles the rare real collision).
  t.ok(N - seen.size <= 2, `distinct: ${seen.size} of ${N}`);
  t.equal(counts.size, 29, 'every character is used');
  const expected = (N * 8) / 29;
  let chi2 = 0;
  for (const n of counts.values()) chi2 += (n - expected) ** 2 / expected;
  // 28 degrees of freedom: P(χ² > 80) ≈ 1e-6. A modulo-biased generator (256 % 29 = 24 favoured symbols) scores ~1000+.
  t.ok(chi2 < 80, `chi² = ${chi2.toFixed(1)}`);
});

t.test('findReferences on realistic bank memos', async (t) => {
  const REF = 'CS7K3M9QXA';
  const table: [string, string, string[]][] = [
    [
      'Vietcombank (from MB app)',
      'MBVCB.3278189062.521399.CS7K3M9QXA.CT tu 0011004123456 NGUYEN VAN A toi 1023456789 TRAN THI B tai Vietcombank',
      [REF],
    ],
    [
      'Vietcombank, reference lower-cased with a space and dash',
      'MBVCB.3278189062.xxx.cs 7K3M-9QXA.CT tu 0123 NGUYEN VAN A toi 1023456789',
      [REF],
    ],
    ['Vietcombank, reference split by a dot', 'MBVCB.123456.CS7K3M.9QXA.CT tu 0123456 LE THI C', [REF]],
    ['MB Bank', 'CS7K3M9QXA FT24123456789012 Ma giao dich Trace764321 Trace 764321', [REF]],
    ['MB Bank, FT glued on', 'CS7K3M9QXAFT24123456789012', [REF]],
    ['Techcombank', 'NGUYEN VAN A chuyen tien CS7K3M9QXA', [REF]],
    ['Techcombank inter-bank', 'CS7K3M9QXA-CTLNHIDI000008765432109-1/1-PMT-002', [REF]],
    ['BIDV', 'TKThe :1234567890, tai BIDV. CS7K3M9QXA. -CTLNHIDI000001234567890-1/1-CRE-002', [REF]],
    ['VietinBank', 'CT DEN:412345678901 CS7K3M9QXA', [REF]],
    ['ACB', 'ACB;0123456789;CS 7K3M 9QXA', [REF]],
    ['with diacritics', 'Thanh toán đơn hàng cs7k3m9qxa cảm ơn ạ', [REF]],
    // Diacritics on the reference's own letters are dropped ("ế" is E with two combining marks after NFD).
    ['diacritics on reference letters', 'CK cshuế7k3m9', ['CSHUE7K3M9']],
    // A Vietnamese keyboard turns "dd" into "đ" (Telex): inside a reference it is read back as D.
    ['đ and Đ for D inside a reference', 'Thanh toan cs7k3mđqxa va CSĐ7K3M9QX', ['CS7K3MDQXA', 'CSD7K3M9QX']],
    ['all lower case', 'cs7k3m9qxa', [REF]],
    ['prefix and suffix glued', 'THANHTOANCS7K3M9QXAFT24001', [REF]],
    ['nothing to find', 'chuyen tien an trua', []],
    ['look-alike character: not a reference', 'CS7K3M9QX0 tien hang', []],
    ['too short', 'CS7K3M9', []],
    ['empty memo', '', []],
    ['two references, in order', 'CS7K3M9QXA va CS2346789A', [REF, 'CS2346789A']],
    ['repeated reference listed once', 'CS7K3M9QXA CS7K3M9QXA', [REF]],
    ['a name can look like a reference: the caller checks', 'CS7K3M9QXA tu CS NGUYEN VAN A', [REF, 'CSNGUYENVA']],
    ['"CS" before the reference does not hide it', 'CSCS7K3M9QXA', [REF]],
  ];
  for (const [name, memo, want] of table) t.same(findReferences(memo), want, name);
});

t.test('property: a reference survives separators, case changes and glued text', async (t) => {
  const ref = fc
    .string({ unit: fc.constantFrom(...REFERENCE_ALPHABET), minLength: 8, maxLength: 8 })
    .map((s) => `CS${s}`);
  const noise = fc.string({ maxLength: 40 });
  const separator = fc.constantFrom('', '', '', ' ', '.', '-', '/', '_', ',', '  ');
  fc.assert(
    fc.property(
      ref,
      noise,
      noise,
      fc.array(separator, { minLength: 9, maxLength: 9 }),
      fc.boolean(),
      (r, before, after, seps, lower) => {
        let mangled = r[0]!;
        for (let i = 1; i < r.length; i++) mangled += seps[i - 1]! + r[i]!;
        const memo = before + (lower ? mangled.toLowerCase() : mangled) + after;
        return findReferences(memo).includes(r);
      },
    ),
    { numRuns: 2000 },
  );
  t.pass('held for 2000 memos');
});
