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
 *
 * The code is in three files: vietqr-fields.ts (types, the error and the field checks both directions share),
 * vietqr-encode.ts and vietqr-decode.ts. This file is the public API; import from here.
 */
export {
  COUNTRY_VN,
  CURRENCY_VND,
  NAPAS_GUID,
  VietQrError,
  type DecodedVietQr,
  type VietQrErrorCode,
  type VietQrInput,
  type VietQrService,
} from './vietqr-fields.js';
export { encodeVietQr } from './vietqr-encode.js';
export { decodeVietQr } from './vietqr-decode.js';
