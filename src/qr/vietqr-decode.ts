/** VietQR decoding: a payload string to its validated fields (see vietqr.ts for the field layout). */
import { crc16ccitt } from './crc16.js';
import { parseTlv, TlvError, type TlvField } from './tlv.js';
import {
  ADDITIONAL_FIELDS,
  checkAccount,
  checkBin,
  checkMcc,
  checkText,
  COUNTRY_VN,
  CURRENCY_VND,
  MAX_ADDITIONAL,
  MAX_AMOUNT_CHARS,
  MAX_CITY,
  MAX_NAME,
  NAPAS_GUID,
  PRINTABLE_ASCII,
  VietQrError,
  type DecodedVietQr,
} from './vietqr-fields.js';

/** Integer VND: no sign, no decimals, no leading zero, ≤ 13 characters. */
const AMOUNT = /^[1-9][0-9]{0,12}$/;
const CRC_FORMAT = /^[0-9A-Fa-f]{4}$/;

/**
 * Parses and validates a VietQR payload. Order of checks: characters, root TLV structure, CRC
 * placement, CRC value, then the nested templates and field values — so a payload whose CRC is
 * right but whose nested lengths are wrong (NAPAS 6.1.1 as published) fails with 'nested_length'.
 */
export function decodeVietQr(payload: string): DecodedVietQr {
  if (typeof payload !== 'string' || payload.length === 0) {
    throw new VietQrError('bad_format', 'payload must be a non-empty string');
  }
  if (!PRINTABLE_ASCII.test(payload)) {
    throw new VietQrError('non_ascii', 'payload must be printable ASCII');
  }

  let root: TlvField[];
  try {
    root = parseTlv(payload);
  } catch (error) {
    throw fromTlvError(error, 'root', false);
  }

  const last = root[root.length - 1];
  const crcIndex = root.findIndex((field) => field.id === '63');
  if (crcIndex === -1) throw new VietQrError('missing_crc', 'no CRC field (63)');
  if (crcIndex !== root.length - 1) throw new VietQrError('missing_crc', 'CRC field (63) must be the last field');
  if (!CRC_FORMAT.test(last.value)) {
    throw new VietQrError('missing_crc', `CRC field (63) must be 4 hex digits, got ${JSON.stringify(last.value)}`);
  }
  const expectedCrc = crc16ccitt(payload.slice(0, payload.length - 4));
  // Hex digits are hex digits whatever their case: published payloads end in `6304d5f3` as well as `6304D5F3`, and
  // the EMVCo decoders we compared with accept both. We only ever write upper case (encodeVietQr).
  if (last.value.toUpperCase() !== expectedCrc) {
    throw new VietQrError('bad_crc', `CRC mismatch: payload says ${last.value}, computed ${expectedCrc}`);
  }

  if (root[0].id !== '00') throw new VietQrError('bad_format', 'payload format indicator (00) must be the first field');
  const fields = indexUnique(root, 'root');
  for (const field of root) {
    if (field.value.length === 0) throw new VietQrError('bad_format', `field ${field.id} is empty`);
  }

  if (fields.get('00') !== '01') throw new VietQrError('bad_format', 'payload format indicator (00) must be "01"');
  const initiationValue = required(fields, '01', 'point of initiation (01)');
  if (initiationValue !== '11' && initiationValue !== '12') {
    throw new VietQrError(
      'bad_format',
      `point of initiation (01) must be "11" or "12", got ${JSON.stringify(initiationValue)}`,
    );
  }
  const initiation = initiationValue === '11' ? 'static' : 'dynamic';

  const merchantAccount = fields.get('38');
  if (merchantAccount === undefined) throw new VietQrError('not_vietqr', 'no NAPAS merchant account field (38)');
  const account38 = indexUnique(parseNested(merchantAccount, '38'), '38');
  if (account38.get('00') !== NAPAS_GUID) {
    throw new VietQrError(
      'not_vietqr',
      `merchant account GUID (38/00) must be ${NAPAS_GUID}, got ${JSON.stringify(account38.get('00') ?? null)}`,
    );
  }
  const beneficiaryValue = account38.get('01');
  if (beneficiaryValue === undefined) throw new VietQrError('bad_format', 'no beneficiary (38/01)');
  const beneficiary = indexUnique(parseNested(beneficiaryValue, '38/01'), '38/01');
  const bin = beneficiary.get('00');
  if (bin === undefined) throw new VietQrError('bad_bin', 'no BIN (38/01/00)');
  checkBin(bin);
  const account = beneficiary.get('01');
  if (account === undefined) throw new VietQrError('bad_account', 'no account (38/01/01)');
  checkAccount(account);
  const service = account38.get('02');
  if (service === undefined || !/^[0-9A-Z]+$/.test(service)) {
    throw new VietQrError(
      'bad_service',
      `service (38/02) must be upper-case letters or digits, got ${JSON.stringify(service ?? null)}`,
    );
  }

  const currency = required(fields, '53', 'currency (53)');
  if (currency !== CURRENCY_VND)
    throw new VietQrError('not_vietqr', `currency (53) must be ${CURRENCY_VND}, got ${JSON.stringify(currency)}`);
  const country = required(fields, '58', 'country (58)');
  if (country !== COUNTRY_VN)
    throw new VietQrError('not_vietqr', `country (58) must be ${COUNTRY_VN}, got ${JSON.stringify(country)}`);

  let amount: number | null = null;
  const amountText = fields.get('54');
  if (amountText !== undefined) {
    if (!AMOUNT.test(amountText)) {
      throw new VietQrError(
        'bad_amount',
        `amount (54) must be a positive integer of at most ${MAX_AMOUNT_CHARS} digits, got ${JSON.stringify(amountText)}`,
      );
    }
    // VietQR: the amount appears only in a dynamic QR. (A dynamic QR without one is allowed:
    // the NAPAS QRCASH example is 01=12 with no 54.)
    if (initiation === 'static')
      throw new VietQrError('bad_format', 'a static QR (01=11) must not carry an amount (54)');
    amount = Number(amountText);
  }

  const decoded: DecodedVietQr = {
    initiation,
    bin,
    account,
    service,
    currency,
    country,
    amount,
    crc: expectedCrc, // canonical (upper-case) form, whatever case the payload used
  };

  const mcc = fields.get('52');
  if (mcc !== undefined) {
    checkMcc(mcc);
    decoded.mcc = mcc;
  }
  const name = fields.get('59');
  if (name !== undefined) {
    checkText('name', name, MAX_NAME);
    decoded.name = name;
  }
  const city = fields.get('60');
  if (city !== undefined) {
    checkText('city', city, MAX_CITY);
    decoded.city = city;
  }

  const additionalValue = fields.get('62');
  if (additionalValue !== undefined) {
    const additional = parseNested(additionalValue, '62');
    const byId = indexUnique(additional, '62');
    for (const [id, key] of ADDITIONAL_FIELDS) {
      const value = byId.get(id);
      if (value === undefined) continue;
      if (value.length === 0) throw new VietQrError('bad_format', `field 62/${id} is empty`);
      checkText(key, value, MAX_ADDITIONAL);
      decoded[key] = value;
    }
    // Other 62 subfields (mobile number, loyalty, RFU, templates) are valid EMVCo; we ignore them.
  }
  // Likewise unknown root fields (other schemes' merchant accounts 26–51, 64, 80–99) are ignored.

  return decoded;
}

function parseNested(value: string, where: string): TlvField[] {
  try {
    return parseTlv(value);
  } catch (error) {
    throw fromTlvError(error, where, true);
  }
}

/** Root length problems → 'length_overrun'; anything inside a template → 'nested_length'. */
function fromTlvError(error: unknown, where: string, nested: boolean): VietQrError {
  if (!(error instanceof TlvError)) throw error;
  if (nested)
    return new VietQrError('nested_length', `${where}: ${error.message}; the nested fields do not fit their parent`);
  if (error.kind === 'overrun' || error.kind === 'truncated_header') {
    return new VietQrError('length_overrun', `${where}: ${error.message}`);
  }
  return new VietQrError('bad_format', `${where}: ${error.message}`);
}

/** Map id → value, rejecting a repeated id (two amounts or two accounts would be ambiguous). */
function indexUnique(fields: TlvField[], where: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const field of fields) {
    if (map.has(field.id)) throw new VietQrError('bad_format', `${where}: field ${field.id} appears more than once`);
    map.set(field.id, field.value);
  }
  return map;
}

function required(fields: Map<string, string>, id: string, label: string): string {
  const value = fields.get(id);
  if (value === undefined) throw new VietQrError('bad_format', `missing ${label}`);
  return value;
}
