import t from 'tap';
import { deepStrictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { decodeVietQr, encodeVietQr, VietQrError, type DecodedVietQr, type VietQrInput } from '../../src/qr/vietqr.js';

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const alnum = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'];
const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const text = (max: number) => fc.string({ unit: printable, minLength: 1, maxLength: max });

/** Every input the encoder accepts (optional keys absent, never undefined). */
const validInput: fc.Arbitrary<VietQrInput> = fc
  .record(
    {
      bin: digits(6, 6),
      account: fc.string({ unit: fc.constantFrom(...alnum), minLength: 1, maxLength: 19 }),
      service: fc.constantFrom('QRIBFTTA' as const, 'QRIBFTTC' as const),
      amount: fc.oneof(fc.integer({ min: 1, max: 1_000_000_000 }), fc.integer({ min: 1, max: 9_999_999_999_999 })),
      mcc: digits(4, 4),
      name: text(25),
      city: text(15),
      bill: text(25),
      store: text(25),
      reference: text(25),
      terminal: text(25),
      purpose: text(25),
    },
    { requiredKeys: ['bin', 'account'] },
  )
  // The 62 template holds at most 99 characters (4 of header per subfield).
  .filter((input) => {
    const parts = [input.bill, input.store, input.reference, input.terminal, input.purpose].filter(
      (v) => v !== undefined,
    );
    return parts.reduce((sum, v) => sum + 4 + v.length, 0) <= 99;
  });

/** The input fields of a decoded payload, in the shape the encoder takes. */
function asInput(decoded: DecodedVietQr): Record<string, unknown> {
  const { initiation: _i, currency: _c, country: _k, crc: _r, amount, ...rest } = decoded;
  return { ...rest, ...(amount === null ? {} : { amount }) };
}

t.test('decode(encode(x)) gives back x', async (t) => {
  fc.assert(
    fc.property(validInput, (input) => {
      const payload = encodeVietQr(input);
      const decoded = decodeVietQr(payload);
      // Throws with a diff, which fast-check reports alongside the shrunk counterexample.
      deepStrictEqual(asInput(decoded), { service: 'QRIBFTTA', ...input });
      return (
        decoded.initiation === (input.amount === undefined ? 'static' : 'dynamic') &&
        decoded.currency === '704' &&
        decoded.country === 'VN' &&
        decoded.crc === payload.slice(-4)
      );
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

t.test('encoding is deterministic and canonical: encode(decode(p)) === p', async (t) => {
  fc.assert(
    fc.property(validInput, (input) => {
      const payload = encodeVietQr(input);
      return encodeVietQr(asInput(decodeVietQr(payload)) as unknown as VietQrInput) === payload;
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

t.test(
  'changing any single character of a valid payload is rejected (but a CRC letter written in lower case)',
  async (t) => {
    // CRC-16 detects every error burst of ≤ 16 bits, so a one-character change never gets through. The one change that
    // is no change: a hex letter of the CRC itself in lower case, which is the same CRC (read case-insensitively).
    fc.assert(
      fc.property(validInput, fc.nat(), printable, (input, position, replacement) => {
        const payload = encodeVietQr(input);
        const index = position % payload.length;
        fc.pre(payload[index] !== replacement);
        fc.pre(!(index >= payload.length - 4 && replacement.toUpperCase() === payload[index]));
        const changed = payload.slice(0, index) + replacement + payload.slice(index + 1);
        try {
          decodeVietQr(changed);
          return false;
        } catch (error) {
          return error instanceof VietQrError;
        }
      }),
      { numRuns: 2000 },
    );
    t.pass();
  },
);

t.test('arbitrary strings only ever fail with VietQrError', async (t) => {
  const tlvish = fc.array(fc.oneof(digits(1, 6), text(20)), { maxLength: 12 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), tlvish), (payload) => {
      try {
        decodeVietQr(payload);
        return true;
      } catch (error) {
        return error instanceof VietQrError;
      }
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

t.test('strings outside the valid domain are refused by the encoder with VietQrError', async (t) => {
  fc.assert(
    fc.property(
      fc.string(),
      fc.string(),
      fc.option(fc.double(), { nil: undefined }),
      fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
      (bin, account, amount, name) => {
        try {
          const payload = encodeVietQr({ bin, account, amount, name });
          // Whatever the encoder accepts, the decoder accepts.
          decodeVietQr(payload);
          return true;
        } catch (error) {
          return error instanceof VietQrError;
        }
      },
    ),
    { numRuns: 1000 },
  );
  t.pass();
});

t.test('a CRC written in lower case decodes to the same fields, and re-encodes in upper case', async (t) => {
  fc.assert(
    fc.property(validInput, (input) => {
      const payload = encodeVietQr(input);
      const lower = payload.slice(0, -4) + payload.slice(-4).toLowerCase();
      const decoded = decodeVietQr(lower);
      deepStrictEqual(decoded, decodeVietQr(payload));
      return encodeVietQr(asInput(decoded) as unknown as VietQrInput) === payload;
    }),
    { numRuns: 500 },
  );
  t.pass();
});
