/**
 * CSV cells for every export (sales, daily stats, activations): one function, so they all quote and defuse alike.
 *
 * - Numbers stay plain numbers, so a spreadsheet still sums them (negative ones included). A string that is exactly
 *   a decimal number (`-10000`, `0.2500`: how Postgres hands over sums and ratios) counts as a number: it cannot be
 *   a formula.
 * - Any other text that begins with = + - @ tab or carriage return gets a leading `'`, so a spreadsheet shows it as
 *   text instead of running it as a formula (OWASP "CSV injection").
 * - A cell holding a comma, semicolon (the delimiter of Excel with Vietnamese settings), quote or line break is
 *   quoted, its quotes doubled (RFC 4180).
 */
const NUMBER = /^-?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",;\r\n]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  // Objects are written as their JSON, never as "[object Object]".
  let s =
    typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : (JSON.stringify(value) ?? '');
  if (NUMBER.test(s)) return s;
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV line (no line break). */
export const csvRow = (cells: readonly unknown[]): string => cells.map(csvCell).join(',');

/** Excel only reads a CSV file as UTF-8 when it starts with a byte order mark. */
export const CSV_BOM = '\uFEFF';
