// Invoice template and series (docs/e-invoices.md): template digit 1 (VAT-method seller) or 2 (household business), then a
// 6-character series C + YY + M + 2 seller letters, e.g. template '2', series 'C26MKD' printed as "2C26MKD".
// C = invoice with a tax-authority code (cash-register invoices are), M = issued from a cash register.

import { VIETNAM_OFFSET_MS } from '../time/index.js';

export function invoiceSeries(
  template: 1 | 2,
  year: number,
  sellerLetters: string,
): { template: string; series: string } {
  if (template !== 1 && template !== 2) throw new RangeError(`template must be 1 or 2, got ${String(template)}`);
  // The year in the series is the two last digits; reject years that cannot be a real issue year so a
  // two-digit or millisecond value passed by mistake fails loudly instead of producing a plausible series.
  if (!Number.isInteger(year) || year < 2000 || year > 2099)
    throw new RangeError(`year must be 2000..2099, got ${year}`);
  if (!/^[A-Z]{2}$/.test(sellerLetters))
    throw new RangeError(`seller letters must be two letters A-Z, got "${sellerLetters}"`);
  const yy = String(year % 100).padStart(2, '0');
  return { template: String(template), series: `C${yy}M${sellerLetters}` };
}

/**
 * Two letters A-Z for the series, from a stall code: 'KD-012' → 'KD', 'đồ-5' → 'DO'. Vietnamese letters are folded
 * to ASCII first (the series is ASCII-only); a code with fewer than two letters is padded with 'X' so a series can
 * always be formed.
 */
export function sellerLettersFromStallCode(stallCode: string): string {
  const letters = stallCode
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  return letters.slice(0, 2).padEnd(2, 'X');
}

/** The calendar year in Vietnam at this instant: 2026-12-31T17:30:00Z is already 2027 in Hà Nội. */
export function vietnamYear(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid date');
  return new Date(ms + VIETNAM_OFFSET_MS).getUTCFullYear();
}
