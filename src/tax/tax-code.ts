// Vietnamese tax codes (mã số thuế, MST) (docs/standards.md).
// A code is 10 digits whose last digit is a check digit, optionally followed by `-NNN` (001..999) for a dependent
// unit (branch). The check digit rule is the tax authority's: weights 31,29,23,19,17,13,7,5,3 on the first 9 digits,
// check = 10 − (sum mod 11). A remainder of 0 would need a check "digit" of 10, so no valid code has it.
// A branch code is also written as 13 digits with no hyphen (`0100109106001`, as some forms and exports print it):
// we accept that form and store the canonical one, with the hyphen.

const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;
const SHAPE = /^(\d{10})(?:-?(\d{3}))?$/;

/** The check digit for the first 9 digits, or null when the remainder is 0 (no such code can be valid). */
function checkDigit(first9: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * WEIGHTS[i];
  const remainder = sum % 11;
  return remainder === 0 ? null : 10 - remainder;
}

/**
 * The canonical form of a tax code (`0100233488` or `0100233488-001`, also for `0100233488001`), or null when it is
 * not a valid MST.
 * Only surrounding whitespace is forgiven: a typo inside the code must fail rather than be "fixed" into
 * someone else's tax code.
 */
export function normaliseTaxCode(code: string): string | null {
  const match = SHAPE.exec(code.trim());
  if (!match) return null;
  const [, main] = match;
  const branch: string | undefined = match[2]; // the optional group: undefined when absent
  if (branch === '000') return null;
  if (checkDigit(main.slice(0, 9)) !== Number(main[9])) return null;
  return branch === undefined ? main : `${main}-${branch}`;
}

/**
 * The valid tax code that starts with these 9 digits, or null when none does (a remainder of 0). Tests, benchmarks
 * and the crash test make their stalls' codes with it.
 */
export function taxCodeWithCheckDigit(first9: string): string | null {
  if (!/^\d{9}$/.test(first9)) return null;
  const check = checkDigit(first9);
  return check === null ? null : `${first9}${check}`;
}

export function isValidTaxCode(code: string): boolean {
  return normaliseTaxCode(code) !== null;
}
