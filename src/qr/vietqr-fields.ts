/**
 * VietQR's shared parts: the public types, the error, and the field checks that the encoder (vietqr-encode.ts) and
 * the decoder (vietqr-decode.ts) both apply, so the two accept exactly the same values. See vietqr.ts for the layout.
 */
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
export const ADDITIONAL_FIELDS = [
  ['01', 'bill'],
  ['03', 'store'],
  ['05', 'reference'],
  ['07', 'terminal'],
  ['08', 'purpose'],
] as const;

export const MAX_NAME = 25;
export const MAX_CITY = 15;
export const MAX_ADDITIONAL = 25;
export const MAX_AMOUNT_CHARS = 13;

export const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
const BIN = /^[0-9]{6}$/;
const ACCOUNT = /^[0-9A-Za-z]{1,19}$/;
const MCC = /^[0-9]{4}$/;

// ---------------------------------------------------------------------------------------------
// Shared field checks (the encoder and the decoder accept exactly the same values)
// ---------------------------------------------------------------------------------------------

export function checkBin(bin: string): void {
  if (!BIN.test(bin)) throw new VietQrError('bad_bin', `BIN must be 6 digits, got ${JSON.stringify(bin)}`);
}

export function checkAccount(account: string): void {
  if (!ACCOUNT.test(account)) {
    throw new VietQrError(
      'bad_account',
      `account must be 1–19 characters of [0-9A-Za-z], got ${JSON.stringify(account)}`,
    );
  }
}

export function checkMcc(mcc: string): void {
  if (!MCC.test(mcc)) throw new VietQrError('bad_mcc', `MCC must be 4 digits, got ${JSON.stringify(mcc)}`);
}

/** Printable ASCII and within `max`; the ASCII check comes first because length is meaningless otherwise. */
export function checkText(field: string, value: string, max: number): void {
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
