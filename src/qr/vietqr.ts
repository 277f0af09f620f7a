/**
 * VietQR: the NAPAS 247 profile of the EMVCo merchant-presented QR (docs/standards.md).
 *
 * Root fields, in the order we emit them:
 *   00 "01" · 01 "11" static | "12" dynamic · 38 merchant account {00 GUID A000000727,
 *   01 beneficiary {00 BIN, 01 account/card}, 02 service} · 52 MCC · 53 "704" · 54 amount ·
 *   58 "VN" · 59 name · 60 city · 62 {01 bill, 03 store, 05 reference, 07 terminal, 08 purpose} · 63 CRC.
 *
 * Both directions are strict: a customer's banking app pays whatever the payload says, so we never
 * emit, or accept, anything ambiguous.
 */
import { crc16ccitt } from './crc16.js';
import { encodeTlv, parseTlv, TlvError, type TlvField } from './tlv.js';

export const NAPAS_GUID = 'A000000727';
export const CURRENCY_VND = '704';
export const COUNTRY_VN = 'VN';

export type VietQrService = 'QRIBFTTA' | 'QRIBFTTC';

export interface VietQrInput {
  /** Acquirer (bank) BIN, 6 digits. */
  bin: string;
  /** Account number (QRIBFTTA) or card number (QRIBFTTC), 1–19 of [0-9A-Za-z]. */
  account: string;
  /** QRIBFTTA = transfer to account (default), QRIBFTTC = transfer to card. */
  service?: VietQrService;
  /** Integer VND. Present → dynamic QR (01=12); absent → static (01=11). */
  amount?: number;
  /** Merchant category code, 4 digits. */
  mcc?: string;
  /** ≤ 25 printable ASCII (fold with qrName first). */
  name?: string;
  /** ≤ 15 printable ASCII. */
  city?: string;
  /** 62/01, ≤ 25. */
  bill?: string;
  /** 62/03, ≤ 25. */
  store?: string;
  /** 62/05, ≤ 25. */
  reference?: string;
  /** 62/07, ≤ 25. */
  terminal?: string;
  /** 62/08, the transfer memo, ≤ 25. */
  purpose?: string;
}

/** What a payload says: the encoder's fields, plus what only a decoder meets. */
export interface DecodedVietQr extends Omit<VietQrInput, 'service' | 'amount'> {
  initiation: 'static' | 'dynamic';
  /** Any service code found in 38/02 (e.g. QRCASH for cash withdrawal), not only the two we emit. */
  service: string;
  currency: string;
  country: string;
  amount: number | null;
  /** The 4 hex digits of field 63, in upper case (a payload may write them in lower case). */
  crc: string;
}

export type VietQrErrorCode =
  // encoding and decoding: a field value is not allowed
  | 'bad_bin'
  | 'bad_account'
  | 'bad_amount'
  | 'bad_mcc'
  | 'bad_service'
  | 'field_too_long'
  | 'non_ascii'
  // decoding: the payload structure is wrong
  | 'bad_crc'
  | 'length_overrun'
  | 'nested_length'
  | 'missing_crc'
  | 'not_vietqr'
  | 'bad_format';

export class VietQrError extends Error {
  /** Stable, machine-readable; safe to branch on and to return to API clients. */
  readonly code: VietQrErrorCode;
  /** Human-readable explanation naming the offending field. */
  readonly reason: string;
  constructor(code: VietQrErrorCode, reason: string) {
    super(`${code}: ${reason}`);
    this.name = 'VietQrError';
    this.code = code;
    this.reason = reason;
  }
}

/** The 62 subfields we know, with their ids, in emit order. */
const ADDITIONAL_FIELDS = [
  ['01', 'bill'],
  ['03', 'store'],
  ['05', 'reference'],
  ['07', 'terminal'],
  ['08', 'purpose'],
] as const;

const MAX_NAME = 25;
const MAX_CITY = 15;
const MAX_ADDITIONAL = 25;
const MAX_AMOUNT_CHARS = 13;

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
const BIN = /^[0-9]{6}$/;
const ACCOUNT = /^[0-9A-Za-z]{1,19}$/;
const MCC = /^[0-9]{4}$/;
/** Integer VND: no sign, no decimals, no leading zero, ≤ 13 characters. */
const AMOUNT = /^[1-9][0-9]{0,12}$/;
const CRC_FORMAT = /^[0-9A-Fa-f]{4}$/;

// ---------------------------------------------------------------------------------------------
// Shared field checks (the encoder and the decoder accept exactly the same values)
// ---------------------------------------------------------------------------------------------

function checkBin(bin: string): void {
  if (!BIN.test(bin)) throw new VietQrError('bad_bin', `BIN must be 6 digits, got ${JSON.stringify(bin)}`);
}

function checkAccount(account: string): void {
  if (!ACCOUNT.test(account)) {
    throw new VietQrError(
      'bad_account',
      `account must be 1–19 characters of [0-9A-Za-z], got ${JSON.stringify(account)}`,
    );
  }
}

function checkMcc(mcc: string): void {
  if (!MCC.test(mcc)) throw new VietQrError('bad_mcc', `MCC must be 4 digits, got ${JSON.stringify(mcc)}`);
}

/** Printable ASCII and within `max`; the ASCII check comes first because length is meaningless otherwise. */
function checkText(field: string, value: string, max: number): void {
  if (!PRINTABLE_ASCII.test(value)) {
    throw new VietQrError(
      'non_ascii',
      `${field} must be printable ASCII (fold Vietnamese text with foldToAscii/qrName first)`,
    );
  }
  if (value.length > max) {
    throw new VietQrError('field_too_long', `${field} is ${value.length} characters; the maximum is ${max}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/** Builds the payload string (including the CRC) to put in a QR code. Throws VietQrError on any invalid field. */
export function encodeVietQr(input: VietQrInput): string {
  const service = input.service ?? 'QRIBFTTA';
  checkBin(input.bin);
  checkAccount(input.account);
  if (service !== 'QRIBFTTA' && service !== 'QRIBFTTC') {
    throw new VietQrError('bad_service', `service must be QRIBFTTA or QRIBFTTC, got ${JSON.stringify(service)}`);
  }
  const amount = input.amount;
  if (amount !== undefined) {
    if (!Number.isSafeInteger(amount) || amount <= 0 || String(amount).length > MAX_AMOUNT_CHARS) {
      throw new VietQrError(
        'bad_amount',
        `amount must be a positive integer of at most ${MAX_AMOUNT_CHARS} digits, got ${amount}`,
      );
    }
  }
  // Empty optional strings are treated as absent: a zero-length TLV is not valid EMVCo.
  const mcc = nonEmpty(input.mcc);
  const name = nonEmpty(input.name);
  const city = nonEmpty(input.city);
  if (mcc !== undefined) checkMcc(mcc);
  if (name !== undefined) checkText('name', name, MAX_NAME);
  if (city !== undefined) checkText('city', city, MAX_CITY);

  let additional = '';
  for (const [id, key] of ADDITIONAL_FIELDS) {
    const value = nonEmpty(input[key]);
    if (value === undefined) continue;
    checkText(key, value, MAX_ADDITIONAL);
    additional += encodeTlv(id, value);
  }
  // Five full subfields would be 145 characters; the 62 template itself can hold only 99.
  if (additional.length > 99) {
    throw new VietQrError(
      'field_too_long',
      `additional data (62) would be ${additional.length} characters; the maximum is 99`,
    );
  }

  const beneficiary = encodeTlv('00', input.bin) + encodeTlv('01', input.account);
  const merchantAccount = encodeTlv('00', NAPAS_GUID) + encodeTlv('01', beneficiary) + encodeTlv('02', service);

  let payload =
    encodeTlv('00', '01') + encodeTlv('01', amount === undefined ? '11' : '12') + encodeTlv('38', merchantAccount);
  if (mcc !== undefined) payload += encodeTlv('52', mcc);
  payload += encodeTlv('53', CURRENCY_VND);
  if (amount !== undefined) payload += encodeTlv('54', String(amount));
  payload += encodeTlv('58', COUNTRY_VN);
  if (name !== undefined) payload += encodeTlv('59', name);
  if (city !== undefined) payload += encodeTlv('60', city);
  if (additional) payload += encodeTlv('62', additional);
  // The CRC covers everything before it, including its own id and length "6304".
  payload += '6304';
  return payload + crc16ccitt(payload);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

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
