// One implementation for the server (invoices) and the browser (the stall app's keypad and voice): a plain ES
// module with no imports, served to pages as /assets/shared/amount-in-words.js; its types are in amount-in-words.d.ts.
//
// The invoice total in Vietnamese words (Decree 123/2020: "total in figures and in Vietnamese words"; docs/standards.md), read the way
// accountants write it on an invoice: "Một triệu không trăm linh năm nghìn đồng".
//
// Reading rules, each one a place where a naive digit-by-digit reading is wrong:
// - 10..19 use "mười"; 20 and up use "<digit> mươi".
// - a unit 1 after "mươi" is "mốt" (21 "hai mươi mốt"), but "một" after "mười" (11) or "linh" (101).
// - a unit 5 after a tens word is "lăm" (15, 25); alone or after "linh" it is "năm" (5, 105).
// - a unit 4 after "mươi" is "tư" (24); alone, after "mười" or "linh" it is "bốn" (4, 14, 104).
// - a zero tens digit between a hundreds word and a unit reads "linh" (105 "một trăm linh năm").
// - a group of three after the leading one is read in full, so its zero hundreds are spoken: "không trăm"
//   (1 005 000 → "một triệu không trăm linh năm nghìn"); a group that is entirely zero is skipped.
// - "tỷ" is the largest unit: 1 500 000 000 000 is "một nghìn năm trăm tỷ", i.e. the count of tỷ is itself read
//   as a number, not as a separate "nghìn tỷ" group.

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const BELOW_BILLION_UNITS = ['', 'nghìn', 'triệu'];
const BILLION = 1_000_000_000;

/** Largest amount we read: 999 999 tỷ 999 999 999, i.e. 15 digits, well inside Number.MAX_SAFE_INTEGER. */
export const MAX_AMOUNT_IN_WORDS = 999_999_999_999_999;

/** Words for 0 < n < 1000. `full` reads the hundreds even when zero ("không trăm ..."), as inner groups do. */
/**
 * @param {number} n
 * @param {boolean} full
 * @returns {string[]}
 */
function readTriple(n, full) {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor(n / 10) % 10;
  const units = n % 10;
  /** @type {string[]} */
  const words = [];
  const withHundreds = full || hundreds > 0;
  if (withHundreds) words.push(DIGITS[hundreds], 'trăm');
  if (tens === 0) {
    if (units > 0) {
      if (withHundreds) words.push('linh');
      words.push(DIGITS[units]);
    }
  } else if (tens === 1) {
    words.push('mười');
    if (units > 0) words.push(units === 5 ? 'lăm' : DIGITS[units]);
  } else {
    words.push(DIGITS[tens], 'mươi');
    if (units === 1) words.push('mốt');
    else if (units === 4) words.push('tư');
    else if (units === 5) words.push('lăm');
    else if (units > 0) words.push(DIGITS[units]);
  }
  return words;
}

/** Words for 0 < n < 10^9 in groups of triệu / nghìn / units. `leading` is false when a larger unit came before. */
/**
 * @param {number} n
 * @param {boolean} leading
 * @returns {string[]}
 */
function readBelowBillion(n, leading) {
  /** @type {string[]} */
  const words = [];
  let first = leading;
  for (let group = 2; group >= 0; group--) {
    const value = Math.floor(n / 1000 ** group) % 1000;
    if (value === 0) continue;
    words.push(...readTriple(value, !first));
    if (BELOW_BILLION_UNITS[group]) words.push(BELOW_BILLION_UNITS[group]);
    first = false;
  }
  return words;
}

/** "Bốn mươi lăm nghìn đồng" for 45 000. Accepts a number or a bigint (money is stored as bigint). */
/**
 * @param {number | bigint} vnd
 * @returns {string}
 */
export function amountInWords(vnd) {
  const n = typeof vnd === 'bigint' ? Number(vnd) : vnd;
  if (
    typeof vnd === 'bigint'
      ? vnd < 0n || vnd > BigInt(MAX_AMOUNT_IN_WORDS)
      : !Number.isInteger(n) || n < 0 || n > MAX_AMOUNT_IN_WORDS
  ) {
    throw new RangeError(`amount must be an integer from 0 to ${MAX_AMOUNT_IN_WORDS}, got ${String(vnd)}`);
  }
  /** @type {string[]} */
  let words;
  if (n === 0) {
    words = ['không'];
  } else {
    const billions = Math.floor(n / BILLION);
    const rest = n % BILLION;
    words = [];
    if (billions > 0) words.push(...readBelowBillion(billions, true), 'tỷ');
    if (rest > 0) words.push(...readBelowBillion(rest, billions === 0));
  }
  const text = `${words.join(' ')} đồng`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
