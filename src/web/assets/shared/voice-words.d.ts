/** Types for voice-words.js (a browser module), so the server's tests and the clip generator can import it. */

/** Largest amount read: 999 999 tỷ 999 999 999, the invoices' limit. */
export const MAX_VOICE_AMOUNT: number;

/** Every word a clip exists for (each one receiptWords can produce). */
export const VOICE_WORDS: readonly string[];

/** 45 000 → ["bốn", "mươi", "lăm", "nghìn"]; throws a RangeError for a fraction, below 0 or above MAX_VOICE_AMOUNT. */
export function amountWords(vnd: number | bigint): string[];

/** 45 000 → ["đã nhận", "bốn", "mươi", "lăm", "nghìn", "đồng"]. */
export function receiptWords(vnd: number | bigint): string[];
