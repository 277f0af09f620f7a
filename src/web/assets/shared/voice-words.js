// The stall phone's recorded voice: which word clips to play, in order, for money received. A plain ES module with no
// imports (the browser's clip player and the clip generator, scripts/voice-clips.ts, both use it); its types are in
// voice-words.d.ts.
//
// The words follow the invoices' reading of an amount (src/invoices/amount-in-words.js: "mười" for 10..19, "mốt" /
// "tư" / "lăm" after a tens word, "linh" for a zero tens digit, "không trăm" inside a group, "tỷ" as the largest
// unit). It is a second implementation on purpose: the invoices' module returns a sentence, this one clip names, and
// test/web/voice-words.test.ts checks, for every amount up to 100 000 and many larger ones, that the two read the
// same words, so they cannot drift apart.

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const GROUP_UNITS = ['', 'nghìn', 'triệu'];
const BILLION = 1_000_000_000;
/** A unit after "mươi" that changes its word: 21 "hai mươi mốt", 24 "hai mươi tư", 25 "hai mươi lăm". */
/** @type {Record<number, string>} */
const AFTER_MUOI = { 1: 'mốt', 4: 'tư', 5: 'lăm' };

/** Largest amount read: the invoices' limit, 999 999 tỷ 999 999 999. */
export const MAX_VOICE_AMOUNT = 999_999_999_999_999;

/** Every word a clip exists for: each one the sequence below can produce (the clip generator records these). */
export const VOICE_WORDS = Object.freeze([
  'đã nhận',
  ...DIGITS,
  'mười',
  'mươi',
  'mốt',
  'tư',
  'lăm',
  'linh',
  'trăm',
  'nghìn',
  'triệu',
  'tỷ',
  'đồng',
]);

/**
 * A group of three digits, 0 < n < 1000. `full` reads zero hundreds ("không trăm"), as a group after a larger one is.
 * @param {number} n
 * @param {boolean} full
 * @returns {string[]}
 */
function triple(n, full) {
  const [hundreds, tens, units] = [Math.floor(n / 100), Math.floor(n / 10) % 10, n % 10];
  const hundredsRead = full || hundreds > 0;
  /** @type {string[]} */
  const words = hundredsRead ? [DIGITS[hundreds], 'trăm'] : [];
  if (tens === 0) {
    // 105 "một trăm linh năm", but 5 alone is just "năm"
    if (units > 0) words.push(...(hundredsRead ? ['linh'] : []), DIGITS[units]);
  } else if (tens === 1) {
    words.push('mười'); // 11 "mười một", 14 "mười bốn", 15 "mười lăm"
    if (units > 0) words.push(units === 5 ? 'lăm' : DIGITS[units]);
  } else {
    words.push(DIGITS[tens], 'mươi');
    if (units > 0) words.push(AFTER_MUOI[units] ?? DIGITS[units]);
  }
  return words;
}

/**
 * 0 < n < 10^9 as groups of triệu / nghìn / units; an all-zero group is skipped. `leading`: nothing was read before.
 * @param {number} n
 * @param {boolean} leading
 * @returns {string[]}
 */
function belowBillion(n, leading) {
  /** @type {string[]} */
  const words = [];
  let first = leading;
  for (let group = 2; group >= 0; group--) {
    const value = Math.floor(n / 1000 ** group) % 1000;
    if (value === 0) continue;
    words.push(...triple(value, !first), ...(GROUP_UNITS[group] ? [GROUP_UNITS[group]] : []));
    first = false;
  }
  return words;
}

/**
 * The amount's words, without "đồng": 45 000 → ["bốn", "mươi", "lăm", "nghìn"]. Throws a RangeError for a fraction,
 * a negative amount or one above MAX_VOICE_AMOUNT (the invoices' reader refuses the same).
 * @param {number | bigint} vnd
 * @returns {string[]}
 */
export function amountWords(vnd) {
  const n = Number(vnd);
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_VOICE_AMOUNT)
    throw new RangeError(`amount must be an integer from 0 to ${MAX_VOICE_AMOUNT}, got ${String(vnd)}`);
  if (n === 0) return ['không'];
  const billions = Math.floor(n / BILLION);
  const rest = n % BILLION;
  return [
    ...(billions > 0 ? [...belowBillion(billions, true), 'tỷ'] : []),
    ...(rest > 0 ? belowBillion(rest, billions === 0) : []),
  ];
}

/**
 * What the phone says when money arrives, as clip words: 45 000 → ["đã nhận", "bốn", "mươi", "lăm", "nghìn", "đồng"].
 * @param {number | bigint} vnd
 * @returns {string[]}
 */
export const receiptWords = (vnd) => ['đã nhận', ...amountWords(vnd), 'đồng'];
