/** Types for amount-in-words.js, the one implementation the server and the browser share. */

/** Largest amount read: 999 999 tỷ 999 999 999 (15 digits, inside Number.MAX_SAFE_INTEGER). */
export const MAX_AMOUNT_IN_WORDS: number;

/** "Bốn mươi lăm nghìn đồng" for 45 000; throws a RangeError outside 0..MAX_AMOUNT_IN_WORDS or for a fraction. */
export function amountInWords(vnd: number | bigint): string;
