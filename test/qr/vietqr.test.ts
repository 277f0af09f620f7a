import t from 'tap';
import { readFileSync } from 'node:fs';
import { qrField, qrName } from '../../src/qr/ascii.js';
import { crc16ccitt } from '../../src/qr/crc16.js';
import {
  decodeVietQr,
  encodeVietQr,
  VietQrError,
  type DecodedVietQr,
  type VietQrErrorCode,
  type VietQrInput,
  type VietQrService,
} from '../../src/qr/vietqr.js';

interface Vectors {
  crc_check: { input: string; crc: string };
  valid: { name: string; payload: string; expect: Record<string, unknown> }[];
  invalid: { name: string; payload: string; reason: string }[];
}
const vectors: Vectors = JSON.parse(readFileSync(new URL('../vectors/vietqr.json', import.meta.url), 'utf8'));

/** The error code thrown by `fn`, or 'no error'. Fails the test on any error that is not a VietQrError. */
function codeOf(fn: () => unknown): VietQrErrorCode | 'no error' {
  try {
    fn();
    return 'no error';
  } catch (error) {
    if (!(error instanceof VietQrError)) throw error;
    return error.code;
  }
}

/** Replaces the trailing CRC so that structural tests are not stopped by the CRC check first. */
function withCrc(payloadWithoutCrc: string): string {
  const body = payloadWithoutCrc + '6304';
  return body + crc16ccitt(body);
}

const decodedToInput = (d: DecodedVietQr): VietQrInput => {
  const { initiation: _i, currency: _c, country: _k, crc: _r, amount, service, ...rest } = d;
  return { ...rest, service: service as VietQrService, ...(amount === null ? {} : { amount }) };
};

t.test('vector CRC check value', async (t) => {
  t.equal(crc16ccitt(vectors.crc_check.input), vectors.crc_check.crc);
});

t.test('valid vectors decode to their expected fields', async (t) => {
  t.equal(vectors.valid.length, 4);
  for (const vector of vectors.valid) {
    const decoded = decodeVietQr(vector.payload) as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(vector.expect)) t.same(decoded[key], value, `${vector.name}: ${key}`);
    t.equal(decoded.currency, '704', vector.name);
    t.equal(decoded.country, 'VN', vector.name);
    t.equal(decoded.crc, vector.payload.slice(-4), vector.name);
  }
});

t.test('encoder reproduces the valid vectors byte for byte', async (t) => {
  // Vectors 6.1.2, 6.1.3 and 6.1.4 are in our canonical field order and use the services we emit.
  // The QRCASH vector is decode-only: it is dynamic (01=12) without an amount and its service is
  // QRCASH (cash withdrawal), neither of which our encoder produces by design.
  const encodable = vectors.valid.filter((vector) => vector.expect.service !== 'QRCASH');
  t.equal(encodable.length, 3);
  for (const vector of encodable) {
    t.equal(encodeVietQr(decodedToInput(decodeVietQr(vector.payload))), vector.payload, vector.name);
  }
  // Building the 6.1.3 example by hand, as a caller would.
  t.equal(
    encodeVietQr({
      bin: '970403',
      account: '0011012345678',
      amount: 180000,
      bill: 'NPS6869',
      purpose: 'thanh toan don hang',
    }),
    vectors.valid[1].payload,
  );
});

t.test('invalid vectors are rejected for the stated reason', async (t) => {
  t.equal(vectors.invalid.length, 3);
  const expectedCodes = (reason: string): VietQrErrorCode[] => {
    if (/nested length/i.test(reason)) return ['nested_length'];
    if (/CRC mismatch/i.test(reason)) return ['bad_crc'];
    if (/overrun|no CRC/i.test(reason)) return ['length_overrun', 'missing_crc'];
    throw new Error(`unmapped vector reason: ${reason}`);
  };
  for (const vector of vectors.invalid) {
    const code = codeOf(() => decodeVietQr(vector.payload));
    t.ok(expectedCodes(vector.reason).includes(code as VietQrErrorCode), `${vector.name}: got ${code}`);
  }
  // Pin the exact codes, so a change in check order is noticed.
  t.same(
    vectors.invalid.map((vector) => codeOf(() => decodeVietQr(vector.payload))),
    ['nested_length', 'bad_crc', 'length_overrun'],
  );
  // And the error carries a readable reason.
  try {
    decodeVietQr(vectors.invalid[0].payload);
  } catch (error) {
    t.match((error as VietQrError).reason, /38\/01.*do not fit/);
    t.equal((error as VietQrError).name, 'VietQrError');
  }
});

t.test('encode: static vs dynamic, defaults and omitted fields', async (t) => {
  const plain = encodeVietQr({ bin: '970436', account: '1234567890' });
  t.ok(plain.startsWith('000201010211'), 'static when there is no amount');
  t.notMatch(plain, /6200|62\d\d01/, 'no 62 without subfields');
  t.same(decodeVietQr(plain), {
    initiation: 'static',
    bin: '970436',
    account: '1234567890',
    service: 'QRIBFTTA',
    currency: '704',
    country: 'VN',
    amount: null,
    crc: plain.slice(-4),
  });
  t.ok(encodeVietQr({ bin: '970436', account: '1', amount: 1 }).startsWith('000201010212'), 'dynamic with an amount');
  t.equal(decodeVietQr(encodeVietQr({ bin: '970436', account: '1', amount: 1 })).amount, 1);
  t.equal(decodeVietQr(encodeVietQr({ bin: '970436', account: '1', amount: 500_000_000 })).amount, 500_000_000);
  t.equal(
    decodeVietQr(encodeVietQr({ bin: '970436', account: '1', amount: 9_999_999_999_999 })).amount,
    9_999_999_999_999,
  );
  t.equal(decodeVietQr(encodeVietQr({ bin: '970436', account: '1', service: 'QRIBFTTC' })).service, 'QRIBFTTC');
  // Empty optional strings are left out rather than emitted as zero-length fields.
  t.equal(
    encodeVietQr({ bin: '970436', account: '1', name: '', purpose: '' }),
    encodeVietQr({ bin: '970436', account: '1' }),
  );
});

t.test('encode: every field set, round trip', async (t) => {
  const input: VietQrInput = {
    bin: '970422',
    account: '0123456789',
    service: 'QRIBFTTA',
    amount: 45_000,
    mcc: '5812',
    name: 'Com Tam Ba Nam',
    city: 'Ho Chi Minh',
    bill: 'B1',
    store: 'S1',
    reference: 'CS7K2M9Q',
    terminal: 'T1',
    purpose: 'CS7K2M9Q',
  };
  const payload = encodeVietQr(input);
  t.same(decodedToInput(decodeVietQr(payload)), input);
  t.match(payload, /^00020101021238\d\d0010A000000727/);
  t.ok(
    payload.includes('5204581253037045405450005802VN5914Com Tam Ba Nam6011Ho Chi Minh62'),
    'canonical order 52 53 54 58 59 60 62',
  );
  t.match(payload, /6304[0-9A-F]{4}$/);
});

t.test('encode: validation errors', async (t) => {
  const ok = { bin: '970436', account: '1234567890' };
  const cases: [string, VietQrInput, VietQrErrorCode][] = [
    ['BIN 5 digits', { ...ok, bin: '97043' }, 'bad_bin'],
    ['BIN 7 digits', { ...ok, bin: '9704361' }, 'bad_bin'],
    ['BIN with a letter', { ...ok, bin: '97043A' }, 'bad_bin'],
    ['empty account', { ...ok, account: '' }, 'bad_account'],
    ['account 20 chars', { ...ok, account: '1'.repeat(20) }, 'bad_account'],
    ['account with a space', { ...ok, account: '1234 5678' }, 'bad_account'],
    ['account with a dash', { ...ok, account: '1234-5678' }, 'bad_account'],
    ['service QRCASH', { ...ok, service: 'QRCASH' as VietQrService }, 'bad_service'],
    ['amount 0', { ...ok, amount: 0 }, 'bad_amount'],
    ['amount negative', { ...ok, amount: -1 }, 'bad_amount'],
    ['amount decimal', { ...ok, amount: 1.5 }, 'bad_amount'],
    ['amount NaN', { ...ok, amount: Number.NaN }, 'bad_amount'],
    ['amount Infinity', { ...ok, amount: Number.POSITIVE_INFINITY }, 'bad_amount'],
    ['amount 14 digits', { ...ok, amount: 10_000_000_000_000 }, 'bad_amount'],
    ['amount unsafe', { ...ok, amount: 2 ** 53 }, 'bad_amount'],
    ['MCC 3 digits', { ...ok, mcc: '581' }, 'bad_mcc'],
    ['name 26', { ...ok, name: 'A'.repeat(26) }, 'field_too_long'],
    ['city 16', { ...ok, city: 'C'.repeat(16) }, 'field_too_long'],
    ['bill 26', { ...ok, bill: 'b'.repeat(26) }, 'field_too_long'],
    ['store 26', { ...ok, store: 's'.repeat(26) }, 'field_too_long'],
    ['reference 26', { ...ok, reference: 'r'.repeat(26) }, 'field_too_long'],
    ['terminal 26', { ...ok, terminal: 't'.repeat(26) }, 'field_too_long'],
    ['purpose 26', { ...ok, purpose: 'p'.repeat(26) }, 'field_too_long'],
    [
      '62 over 99 chars',
      { ...ok, bill: 'b'.repeat(25), store: 's'.repeat(25), reference: 'r'.repeat(25), terminal: 't'.repeat(25) },
      'field_too_long',
    ],
    ['name with diacritics', { ...ok, name: 'Nguyễn Văn A' }, 'non_ascii'],
    ['city with diacritics', { ...ok, city: 'Hà Nội' }, 'non_ascii'],
    ['purpose with đ', { ...ok, purpose: 'đơn hàng' }, 'non_ascii'],
    ['purpose with a newline', { ...ok, purpose: 'a\nb' }, 'non_ascii'],
    ['store with a tab', { ...ok, store: 'a\tb' }, 'non_ascii'],
  ];
  for (const [label, input, code] of cases)
    t.equal(
      codeOf(() => encodeVietQr(input)),
      code,
      label,
    );
  // The limits themselves are fine.
  t.equal(
    codeOf(() =>
      encodeVietQr({
        ...ok,
        account: '1'.repeat(19),
        name: 'A'.repeat(25),
        city: 'C'.repeat(15),
        purpose: 'p'.repeat(25),
      }),
    ),
    'no error',
  );
  t.equal(
    codeOf(() => encodeVietQr({ ...ok, account: 'AbC123' })),
    'no error',
  );
  t.equal(
    codeOf(() => encodeVietQr({ ...ok, bill: 'b'.repeat(25), store: 's'.repeat(25), reference: 'r'.repeat(25) })),
    'no error',
  );
});

t.test('Vietnamese names go through qrName first', async (t) => {
  const ok = { bin: '970436', account: '1234567890' };
  const name = qrName('Bánh Mì Đặc Biệt Cô Ba');
  t.equal(name, 'Banh Mi Dac Biet Co Ba');
  t.equal(decodeVietQr(encodeVietQr({ ...ok, name })).name, 'Banh Mi Dac Biet Co Ba');
  const long = qrName('Cửa hàng tiện lợi Đường Nguyễn Thị Minh Khai');
  t.equal(long.length, 25);
  t.equal(decodeVietQr(encodeVietQr({ ...ok, name: long })).name, long);
  t.equal(
    codeOf(() => encodeVietQr({ ...ok, name: 'Cửa hàng tiện lợi Đường Nguyễn' })),
    'non_ascii',
    'unfolded is refused',
  );
  t.equal(
    codeOf(() => encodeVietQr({ ...ok, name: 'Cua hang tien loi Duong Nguyen Thi' })),
    'field_too_long',
    'uncut is refused',
  );
  t.equal(decodeVietQr(encodeVietQr({ ...ok, city: qrField('Thành phố Hồ Chí Minh', 15) })).city, 'Thanh pho Ho Ch');
});

t.test('decode: structural errors', async (t) => {
  const good = encodeVietQr({ bin: '970436', account: '1234567890', amount: 1000, purpose: 'CS1' });
  const body = good.slice(0, -8); // without "6304XXXX"
  const cases: [string, string, VietQrErrorCode][] = [
    ['empty', '', 'bad_format'],
    ['non-ASCII', good.replace('CS1', 'CSđ'), 'non_ascii'],
    ['no CRC field', body, 'missing_crc'],
    ['CRC not last', body + '6304' + crc16ccitt(body + '6304') + '5802VN', 'missing_crc'],
    ['CRC 3 chars', body + '6303ABC', 'missing_crc'],
    ['CRC not hex', body + '6304ZZZZ', 'missing_crc'],
    ['wrong CRC in lower case', vectors.valid[1].payload.replace(/2E2E$/, '2e2f'), 'bad_crc'],
    ['wrong CRC', body + '6304' + (crc16ccitt(body + '6304') === '0000' ? '0001' : '0000'), 'bad_crc'],
    ['overrun', '0002010102', 'length_overrun'],
    ['dangling char', body + '6304' + 'ABCD' + '9', 'length_overrun'],
    ['non-digit id', '0002010X0211', 'bad_format'],
    ['non-digit length', '00020101x211', 'bad_format'],
    ['00 not first', withCrc('0102110002013800'), 'bad_format'],
    ['00 not 01', withCrc(body.replace(/^000201/, '000202')), 'bad_format'],
    ['01 not 11/12', withCrc(body.replace(/^000201010212/, '000201010213')), 'bad_format'],
    ['01 missing', withCrc(body.replace(/^000201010212/, '000201')), 'bad_format'],
    ['duplicate field', withCrc(body + '5802VN'), 'bad_format'],
    ['empty field', withCrc(body + '5900'), 'bad_format'],
    ['53 missing', withCrc(body.replace('5303704', '')), 'bad_format'],
    ['58 missing', withCrc(body.replace('5802VN', '')), 'bad_format'],
    ['53 not 704', withCrc(body.replace('5303704', '5303840')), 'not_vietqr'],
    ['58 not VN', withCrc(body.replace('5802VN', '5802TH')), 'not_vietqr'],
    ['38 missing', withCrc(body.replace(/38\d\d.*?QRIBFTTA/, '')), 'not_vietqr'],
    ['wrong GUID', withCrc(body.replace('A000000727', 'A000000728')), 'not_vietqr'],
    ['amount with decimals', withCrc(body.replace('54041000', '540710000.0')), 'bad_amount'],
    ['amount leading zero', withCrc(body.replace('54041000', '540501000')), 'bad_amount'],
    ['amount zero', withCrc(body.replace('54041000', '54010')), 'bad_amount'],
    ['amount in a static QR', withCrc(body.replace(/^000201010212/, '000201010211')), 'bad_format'],
    ['62 subfield overruns', withCrc(body.replace('62070803CS1', '62070804CS1')), 'nested_length'],
    ['62 leftover character', withCrc(body.replace('62070803CS1', '62080803CS1X')), 'nested_length'],
  ];
  for (const [label, payload, code] of cases)
    t.equal(
      codeOf(() => decodeVietQr(payload)),
      code,
      label,
    );
});

t.test('decode: nested lengths inside 38 and 38/01', async (t) => {
  const inner = (bin: string, account: string) =>
    `00${String(bin.length).padStart(2, '0')}${bin}01${String(account.length).padStart(2, '0')}${account}`;
  const merchant = (beneficiary: string, service = 'QRIBFTTA') =>
    `0010A00000072701${String(beneficiary.length).padStart(2, '0')}${beneficiary}02${String(service.length).padStart(2, '0')}${service}`;
  const root = (m: string) => withCrc(`00020101021138${String(m.length).padStart(2, '0')}${m}53037045802VN`);

  t.equal(
    codeOf(() => decodeVietQr(root(merchant(inner('970436', '123'))))),
    'no error',
  );
  // 38/01/01 claims 4 characters but only 3 follow.
  t.equal(
    codeOf(() => decodeVietQr(root(merchant(inner('970436', '123').replace('0103123', '0104123'))))),
    'nested_length',
  );
  // 38/02 claims 9 but the 38 template ends after 8.
  t.equal(
    codeOf(() => decodeVietQr(root(merchant(inner('970436', '123')).replace('0208QRIBFTTA', '0209QRIBFTTA')))),
    'nested_length',
  );
  // 38 non-digit length inside.
  t.equal(
    codeOf(() => decodeVietQr(root(merchant(inner('970436', '123')).replace('0010A0', '00x0A0')))),
    'nested_length',
  );
  t.equal(
    codeOf(() => decodeVietQr(root(merchant(inner('97043', '123'))))),
    'bad_bin',
  );
  t.equal(
    codeOf(() => decodeVietQr(root(merchant(inner('970436', '12-3'))))),
    'bad_account',
  );
  t.equal(
    codeOf(() => decodeVietQr(root(merchant(inner('970436', '1'.repeat(20)))))),
    'bad_account',
  );
  t.equal(
    codeOf(() => decodeVietQr(root(merchant('0006970436')))),
    'bad_account',
    'no account',
  );
  t.equal(
    codeOf(() => decodeVietQr(root(`0010A000000727${'0208QRIBFTTA'}`))),
    'bad_format',
    'no beneficiary',
  );
  t.equal(
    codeOf(() => decodeVietQr(root(merchant(inner('970436', '123')).replace('0208QRIBFTTA', '')))),
    'bad_service',
    'no service',
  );
  t.equal(
    decodeVietQr(root(merchant(inner('970436', '123'), 'QRCASH'))).service,
    'QRCASH',
    'other service codes decode',
  );
  // Unknown subfields and root fields are ignored, as EMVCo allows.
  const withExtras = withCrc(
    `00020101021138${String(merchant(inner('970436', '123')).length + 6).padStart(2, '0')}${merchant(inner('970436', '123'))}0302XY53037045802VN6206090201`,
  );
  t.equal(decodeVietQr(withExtras).account, '123');
});

t.test('decode: field limits mirror the encoder', async (t) => {
  const good = encodeVietQr({ bin: '970436', account: '1' }).slice(0, -8);
  t.equal(
    codeOf(() => decodeVietQr(withCrc(good + '5926' + 'A'.repeat(26)))),
    'field_too_long',
  );
  t.equal(
    codeOf(() => decodeVietQr(withCrc(good + '5925' + 'A'.repeat(25)))),
    'no error',
  );
  t.equal(
    codeOf(() => decodeVietQr(withCrc(good + '6016' + 'C'.repeat(16)))),
    'field_too_long',
  );
  t.equal(
    codeOf(() => decodeVietQr(withCrc(good + '62300826' + 'p'.repeat(26)))),
    'field_too_long',
  );
  t.equal(
    codeOf(() => decodeVietQr(withCrc(good.replace('5303704', '52035815303704')))),
    'bad_mcc',
  );
});

t.test(
  'decode: a correct CRC written in lower-case hex is accepted (read case-insensitively), and reported in upper case',
  async (t) => {
    for (const vector of vectors.valid) {
      const crc = vector.payload.slice(-4);
      const lower = vector.payload.slice(0, -4) + crc.toLowerCase();
      if (!/[A-F]/.test(crc)) continue; // nothing to lower
      const decoded = decodeVietQr(lower);
      t.equal(decoded.crc, crc, `${vector.name}: canonical CRC`);
      t.same(decoded, decodeVietQr(vector.payload), `${vector.name}: same fields as the upper-case form`);
    }
    const mixed = vectors.valid[1].payload.replace(/2E2E$/, '2e2E');
    t.equal(
      codeOf(() => decodeVietQr(mixed)),
      'no error',
      'mixed case too',
    );
    const encoded = encodeVietQr({ bin: '970436', account: '1234567890', amount: 25000, purpose: 'CS7K2M9Q' });
    t.match(encoded.slice(-4), /^[0-9A-F]{4}$/, 'the encoder keeps writing upper case');
  },
);

/** The VietQrError thrown by `fn`; fails when none is thrown. */
function errorOf(fn: () => unknown): VietQrError {
  try {
    fn();
  } catch (error) {
    if (error instanceof VietQrError) return error;
    throw error;
  }
  throw new Error('no VietQrError was thrown');
}

t.test('encode: every refusal names the field and the rule (the reason is returned to API clients)', async (t) => {
  const ok = { bin: '970436', account: '1234567890' };
  const cases: [VietQrInput, VietQrErrorCode, string][] = [
    [{ ...ok, bin: '97043' }, 'bad_bin', 'BIN must be 6 digits, got "97043"'],
    [{ ...ok, account: '' }, 'bad_account', 'account must be 1–19 characters of [0-9A-Za-z], got ""'],
    [
      { ...ok, service: 'QRCASH' as VietQrService },
      'bad_service',
      'service must be QRIBFTTA or QRIBFTTC, got "QRCASH"',
    ],
    [{ ...ok, amount: 0 }, 'bad_amount', 'amount must be a positive integer of at most 13 digits, got 0'],
    [{ ...ok, mcc: '58141' }, 'bad_mcc', 'MCC must be 4 digits, got "58141"'],
    [{ ...ok, mcc: 'x5814' }, 'bad_mcc', 'MCC must be 4 digits, got "x5814"'],
    [{ ...ok, name: 'A'.repeat(26) }, 'field_too_long', 'name is 26 characters; the maximum is 25'],
    [{ ...ok, city: 'C'.repeat(16) }, 'field_too_long', 'city is 16 characters; the maximum is 15'],
    [
      { ...ok, name: 'Phở' },
      'non_ascii',
      'name must be printable ASCII (fold Vietnamese text with foldToAscii/qrName first)',
    ],
    [
      { ...ok, city: 'Huế' },
      'non_ascii',
      'city must be printable ASCII (fold Vietnamese text with foldToAscii/qrName first)',
    ],
    [
      { ...ok, bill: 'b'.repeat(25), store: 's'.repeat(25), reference: 'r'.repeat(25), terminal: 't'.repeat(25) },
      'field_too_long',
      'additional data (62) would be 116 characters; the maximum is 99',
    ],
  ];
  for (const [input, code, reason] of cases) {
    const error = errorOf(() => encodeVietQr(input));
    t.same({ code: error.code, reason: error.reason }, { code, reason }, reason);
    t.equal(error.message, `${code}: ${reason}`);
    t.equal(error.name, 'VietQrError');
  }
});

t.test('encode: the 62 template can be filled to exactly 99 characters', async (t) => {
  // Three full subfields (3 × 29) and one of 8 characters (12): 99.
  const input = {
    bin: '970436',
    account: '1',
    bill: 'b'.repeat(25),
    store: 's'.repeat(25),
    reference: 'r'.repeat(25),
    terminal: 't'.repeat(8),
  };
  const decoded = decodeVietQr(encodeVietQr(input));
  t.equal(decoded.terminal, 't'.repeat(8));
  t.equal(decoded.bill, 'b'.repeat(25));
});

t.test('encode: empty optional texts are left out, never written as zero-length fields', async (t) => {
  const ok = { bin: '970436', account: '1234567890', amount: 5000 };
  t.equal(
    encodeVietQr({ ...ok, mcc: '', name: '', city: '', bill: '', store: '', reference: '', terminal: '', purpose: '' }),
    encodeVietQr(ok),
  );
});

t.test('decode: every refusal names the field and the rule', async (t) => {
  const good = encodeVietQr({ bin: '970436', account: '1234567890', amount: 1000, purpose: 'CS1' });
  const body = good.slice(0, -8);
  const crc = (s: string) => crc16ccitt(s + '6304');
  const len = (s: string) => String(s.length).padStart(2, '0');
  const beneficiary = '0006970436' + '01101234567890';
  /** A payload whose 38 template is `m`, with the rest of `body` unchanged. */
  const with38 = (m: string) => withCrc(body.replace(/^(000201010212)38\d\d.*?QRIBFTTA/, `$138${len(m)}${m}`));
  const m38 = (inner: string, service = '0208QRIBFTTA') => `0010A00000072701${len(inner)}${inner}${service}`;
  const cases: [string, string, VietQrErrorCode, string][] = [
    ['empty', '', 'bad_format', 'payload must be a non-empty string'],
    ['non-ASCII', good.replace('CS1', 'CSđ'), 'non_ascii', 'payload must be printable ASCII'],
    [
      'root overrun',
      '0002010102',
      'length_overrun',
      'root: field 01 at offset 6 says length 2 but only 0 characters remain',
    ],
    ['root non-digit id', '0002010X0211', 'bad_format', 'root: id at offset 6 is not two digits: "0X"'],
    ['no CRC field', body, 'missing_crc', 'no CRC field (63)'],
    ['CRC not last', body + '6304' + crc(body) + '5802VN', 'missing_crc', 'CRC field (63) must be the last field'],
    ['CRC 3 characters', body + '6303ABC', 'missing_crc', 'CRC field (63) must be 4 hex digits, got "ABC"'],
    ['CRC 5 characters', body + '6305ABCDE', 'missing_crc', 'CRC field (63) must be 4 hex digits, got "ABCDE"'],
    [
      'CRC 5 characters, last 4 hex',
      body + '6305XABCD',
      'missing_crc',
      'CRC field (63) must be 4 hex digits, got "XABCD"',
    ],
    [
      'wrong CRC',
      body + '6304' + (crc(body) === '0000' ? '0001' : '0000'),
      'bad_crc',
      `CRC mismatch: payload says ${crc(body) === '0000' ? '0001' : '0000'}, computed ${crc(body)}`,
    ],
    [
      '00 not first',
      withCrc('0102110002013800'),
      'bad_format',
      'payload format indicator (00) must be the first field',
    ],
    ['duplicate root field', withCrc(body + '5802VN'), 'bad_format', 'root: field 58 appears more than once'],
    ['empty root field', withCrc(body + '5900'), 'bad_format', 'field 59 is empty'],
    [
      '00 not 01',
      withCrc(body.replace(/^000201/, '000202')),
      'bad_format',
      'payload format indicator (00) must be "01"',
    ],
    ['01 missing', withCrc(body.replace(/^000201010212/, '000201')), 'bad_format', 'missing point of initiation (01)'],
    [
      '01 not 11/12',
      withCrc(body.replace(/^000201010212/, '000201010213')),
      'bad_format',
      'point of initiation (01) must be "11" or "12", got "13"',
    ],
    [
      '38 missing',
      withCrc(body.replace(/38\d\d.*?QRIBFTTA/, '')),
      'not_vietqr',
      'no NAPAS merchant account field (38)',
    ],
    [
      '38 GUID missing',
      with38(`01${len(beneficiary)}${beneficiary}0208QRIBFTTA`),
      'not_vietqr',
      'merchant account GUID (38/00) must be A000000727, got null',
    ],
    [
      '38 GUID wrong',
      withCrc(body.replace('A000000727', 'A000000728')),
      'not_vietqr',
      'merchant account GUID (38/00) must be A000000727, got "A000000728"',
    ],
    [
      '38 nested overrun',
      with38(m38(beneficiary).replace('0208QRIBFTTA', '0209QRIBFTTA')),
      'nested_length',
      '38: field 02 at offset 42 says length 9 but only 8 characters remain; the nested fields do not fit their parent',
    ],
    [
      '38 duplicate subfield',
      with38(m38(beneficiary) + '0208QRIBFTTA'),
      'bad_format',
      '38: field 02 appears more than once',
    ],
    ['no beneficiary', with38('0010A0000007270208QRIBFTTA'), 'bad_format', 'no beneficiary (38/01)'],
    [
      '38/01 nested overrun',
      with38(m38('0006970436' + '0111123')),
      'nested_length',
      '38/01: field 01 at offset 10 says length 11 but only 3 characters remain; the nested fields do not fit their parent',
    ],
    [
      '38/01 duplicate subfield',
      with38(m38(beneficiary + '0006970436')),
      'bad_format',
      '38/01: field 00 appears more than once',
    ],
    ['no BIN', with38(m38('01101234567890')), 'bad_bin', 'no BIN (38/01/00)'],
    ['no account', with38(m38('0006970436')), 'bad_account', 'no account (38/01/01)'],
    [
      'no service',
      with38(m38(beneficiary, '')),
      'bad_service',
      'service (38/02) must be upper-case letters or digits, got null',
    ],
    [
      'service with a dash',
      with38(m38(beneficiary, '0207QR-CASH')),
      'bad_service',
      'service (38/02) must be upper-case letters or digits, got "QR-CASH"',
    ],
    [
      'service starting lower case',
      with38(m38(beneficiary, '0206qrCASH')),
      'bad_service',
      'service (38/02) must be upper-case letters or digits, got "qrCASH"',
    ],
    [
      'service ending lower case',
      with38(m38(beneficiary, '0206QRcash')),
      'bad_service',
      'service (38/02) must be upper-case letters or digits, got "QRcash"',
    ],
    ['53 missing', withCrc(body.replace('5303704', '')), 'bad_format', 'missing currency (53)'],
    ['53 not 704', withCrc(body.replace('5303704', '5303840')), 'not_vietqr', 'currency (53) must be 704, got "840"'],
    ['58 missing', withCrc(body.replace('5802VN', '')), 'bad_format', 'missing country (58)'],
    ['58 not VN', withCrc(body.replace('5802VN', '5802TH')), 'not_vietqr', 'country (58) must be VN, got "TH"'],
    [
      'amount leading zero',
      withCrc(body.replace('54041000', '540501000')),
      'bad_amount',
      'amount (54) must be a positive integer of at most 13 digits, got "01000"',
    ],
    [
      'amount in a static QR',
      withCrc(body.replace(/^000201010212/, '000201010211')),
      'bad_format',
      'a static QR (01=11) must not carry an amount (54)',
    ],
    [
      'MCC of 5 digits',
      withCrc(body.replace('5303704', '520558141' + '5303704')),
      'bad_mcc',
      'MCC must be 4 digits, got "58141"',
    ],
    [
      'name too long',
      withCrc(body.replace('5802VN', '5802VN5926' + 'A'.repeat(26))),
      'field_too_long',
      'name is 26 characters; the maximum is 25',
    ],
    [
      'city too long',
      withCrc(body.replace('5802VN', '5802VN6016' + 'C'.repeat(16))),
      'field_too_long',
      'city is 16 characters; the maximum is 15',
    ],
    [
      '62 nested overrun',
      withCrc(body.replace('62070803CS1', '62070804CS1')),
      'nested_length',
      '62: field 08 at offset 0 says length 4 but only 3 characters remain; the nested fields do not fit their parent',
    ],
    [
      '62 duplicate subfield',
      withCrc(body.replace('62070803CS1', '62140803CS10803CS2')),
      'bad_format',
      '62: field 08 appears more than once',
    ],
    ['62 empty subfield', withCrc(body.replace('62070803CS1', '62040800')), 'bad_format', 'field 62/08 is empty'],
    [
      '62 subfield too long',
      withCrc(body.replace('62070803CS1', '62300826' + 'p'.repeat(26))),
      'field_too_long',
      'purpose is 26 characters; the maximum is 25',
    ],
  ];
  for (const [label, payload, code, reason] of cases) {
    const error = errorOf(() => decodeVietQr(payload));
    t.same({ code: error.code, reason: error.reason }, { code, reason }, label);
  }
});

t.test('decode: a payload that is not a string is refused, not read', async (t) => {
  for (const value of [undefined, null, 12345, ['000201']]) {
    t.equal(
      codeOf(() => decodeVietQr(value as unknown as string)),
      'bad_format',
      String(value),
    );
  }
});
