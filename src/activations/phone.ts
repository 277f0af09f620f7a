import { createHmac } from 'node:crypto';

// Vietnamese mobile numbers after the 2018 switch to 10 digits: 0 + a carrier prefix digit pair + 7 digits.
// 03(2-9) Viettel; 05(2,5,6,8,9) Vietnamobile, Reddi, Gmobile; 07(0,6-9) MobiFone; 08(1-9) Vinaphone, Viettel,
// MobiFone, iTel; 09x all carriers.
const MOBILE = /^0(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$/;

export type PhoneCheck = { ok: true; phone: string } | { ok: false; reason: string };

/**
 * `0912 345 678`, `091.234.5678`, `+84 912-345-678`, `84912345678` and `912345678` (a spreadsheet dropped the
 * leading 0) all become `0912345678`. Reasons never repeat the number: they end up in import reports.
 */
export function normalisePhone(input: string): PhoneCheck {
  const compact = input.normalize('NFKC').replace(/[\s.\-()]/g, '');
  if (compact === '') return { ok: false, reason: 'phone is empty' };
  if (!/^\+?\d+$/.test(compact))
    return { ok: false, reason: 'phone may only hold digits, spaces, dots, dashes and a leading +84' };
  let national: string;
  const international = /^(?:\+|00)?84(0?)(\d+)$/.exec(compact);
  if (international && (compact.startsWith('+') || compact.startsWith('00') || international[2].length === 9)) {
    national = `0${international[2]}`;
  } else if (compact.startsWith('+')) {
    return { ok: false, reason: 'only Vietnamese numbers (+84) are accepted' };
  } else if (/^[35789]\d{8}$/.test(compact)) {
    national = `0${compact}`;
  } else {
    national = compact;
  }
  if (/^01\d{9}$/.test(national))
    return { ok: false, reason: 'old 11-digit number: use the 10-digit form (since 2018)' };
  if (national.length !== 10) return { ok: false, reason: 'a Vietnamese mobile number has 10 digits (0xxxxxxxxx)' };
  if (!MOBILE.test(national)) return { ok: false, reason: `${national.slice(0, 3)} is not a Vietnamese mobile prefix` };
  return { ok: true, phone: national };
}

/**
 * `0912345678` → `*******678`: the last three digits only, one star for each other digit. Enough for a resident to
 * recognise their number; the carrier prefix is left out too, since with it only 10,000 numbers remain to try.
 * Any phone (a buyer's `+84 912-345-678` too) is masked from its digits.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `${'*'.repeat(Math.max(digits.length - 3, 0))}${digits.slice(-3)}`;
}

/** Keyed hash of a normalised number: lets us find duplicates without keeping the number. */
export function hashPhone(piiKey: string, phone: string): string {
  return createHmac('sha256', piiKey).update(phone, 'utf8').digest('hex');
}
