/** VietQR encoding: input fields to a payload string (see vietqr.ts for the field layout). */
import { crc16ccitt } from './crc16.js';
import { encodeTlv } from './tlv.js';
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
  VietQrError,
  type VietQrInput,
} from './vietqr-fields.js';

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
