import t from 'tap';
import { readFileSync } from 'node:fs';
import { isValidTaxCode, normaliseTaxCode, taxCodeWithCheckDigit } from '../../src/tax/tax-code.js';

const vectors = JSON.parse(readFileSync(new URL('../vectors/mst.json', import.meta.url), 'utf8')) as {
  valid: string[];
  invalid: string[];
};

t.test('every valid vector is accepted and already canonical', async (t) => {
  t.ok(vectors.valid.length > 0);
  for (const code of vectors.valid) {
    t.ok(isValidTaxCode(code), `${code} valid`);
    t.equal(normaliseTaxCode(code), code, `${code} canonical`);
  }
});

t.test('every invalid vector is rejected', async (t) => {
  t.ok(vectors.invalid.length > 0);
  for (const code of vectors.invalid) {
    t.notOk(isValidTaxCode(code), `${code} invalid`);
    t.equal(normaliseTaxCode(code), null, `${code} → null`);
  }
});

t.test('surrounding whitespace is trimmed, inner noise is not forgiven', async (t) => {
  t.equal(normaliseTaxCode('  0100233488 '), '0100233488');
  t.equal(normaliseTaxCode('\t0100233488-001\n'), '0100233488-001');
  t.ok(isValidTaxCode(' 4701304564 '));
  t.equal(normaliseTaxCode('0100 233 488'), null);
  t.equal(normaliseTaxCode('0100233488 -001'), null);
  t.equal(normaliseTaxCode(''), null);
  t.equal(normaliseTaxCode('０１００２３３４８８'), null, 'full-width digits are not ASCII digits');
});

t.test('branch suffix: 001..999 allowed, 000 and wrong lengths not', async (t) => {
  t.ok(isValidTaxCode('0100233488-999'));
  t.notOk(isValidTaxCode('0100233488-000'));
  t.notOk(isValidTaxCode('0100233488-01'));
  t.notOk(isValidTaxCode('0100233488-0001'));
  t.notOk(isValidTaxCode('0100233480-001'), 'a branch of an invalid code is invalid');
});

t.test('check digit rule, including remainder 1 (check 9) and remainder 0 (never valid)', async (t) => {
  // Σ for 010000001 = 1×29 + 1×3 = 32 → 32 mod 11 = 10 → check 0.
  t.ok(isValidTaxCode('0100000010'));
  // Σ for 100000000 = 31 → 31 mod 11 = 9 → check 1.
  t.ok(isValidTaxCode('1000000001'));
  t.notOk(isValidTaxCode('1000000002'));
  // Σ for 000000004 = 12 → 12 mod 11 = 1 → check 9.
  t.ok(isValidTaxCode('0000000049'));
  // Σ for 030158362 = 352 = 32 × 11 → remainder 0: no final digit makes it valid.
  for (let d = 0; d <= 9; d++) t.notOk(isValidTaxCode(`030158362${d}`), `030158362${d}`);
  // Exactly one final digit works whenever the remainder is not 0.
  const ok = [...Array(10).keys()].filter((d) => isValidTaxCode(`010023348${d}`));
  t.same(ok, [8]);
});

t.test('13 digits without a hyphen are the branch form, normalised with the hyphen', async (t) => {
  t.equal(normaliseTaxCode('0100109106001'), '0100109106-001');
  t.equal(normaliseTaxCode(' 0100233488999 '), '0100233488-999', 'trimmed too');
  t.ok(isValidTaxCode('0100109106001'));
  t.equal(normaliseTaxCode('0100109106000'), null, 'branch 000 is no branch, with or without the hyphen');
  t.equal(normaliseTaxCode('0100109107001'), null, 'the check digit still holds');
  t.equal(normaliseTaxCode('010010910600'), null, '12 digits');
  t.equal(normaliseTaxCode('01001091060011'), null, '14 digits');
  t.equal(normaliseTaxCode('0100109106--001'), null);
});

t.test('taxCodeWithCheckDigit completes 9 digits into a valid code, or says none exists', async (t) => {
  t.equal(taxCodeWithCheckDigit('010023348'), '0100233488', 'a real code rebuilt from its first 9 digits');
  for (let n = 0; n < 2000; n++) {
    const first9 = `47${String(n * 4_999).padStart(7, '0')}`.slice(0, 9);
    const code = taxCodeWithCheckDigit(first9);
    if (code) t.ok(isValidTaxCode(code), code);
    else
      t.notOk(
        [...'0123456789'].some((d) => isValidTaxCode(`${first9}${d}`)),
        `${first9}: no digit makes it valid`,
      );
  }
  t.equal(taxCodeWithCheckDigit('01002334'), null, '8 digits');
  t.equal(taxCodeWithCheckDigit('01002334x'), null, 'not digits');
});
