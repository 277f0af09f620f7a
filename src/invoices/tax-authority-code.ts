import { ConfigError, DEFAULT_EINVOICE_PROVIDER_CODE, DEFAULT_EINVOICE_PROVIDER_TAX_CODE } from '../config/index.js';
import { normaliseTaxCode } from '../tax/index.js';

// MCCQT, the tax authority's code on an invoice generated from a cash register, made on the seller's side (Circular
// 78/2021/TT-BTC Art. 4(1); the structure in docs/standards.md): 23 characters, `M<t>-<yy>-<ccccc>-<nnnnnnnnnnn>`.
//   M      a cash-register invoice;            t  the invoice type, 1–6 (our template: 1 VAT, 2 sales);
//   yy     the year of issue (Vietnam);        ccccc  the 5 characters the tax authority issued (EINVOICE_PROVIDER_CODE);
//   n…     11 digits that make the code unique: the next value of a database sequence, taken by the statement
//          that numbers and inserts the invoice (invoices.repository.ts, migration 0016).

/** The whole code, as the rule gives it. */
export const TAX_AUTHORITY_CODE = /^M[1-6]-\d{2}-[0-9A-Z]{5}-\d{11}$/;
export const TAX_CODE_DIGITS = 11;

let providerCode = DEFAULT_EINVOICE_PROVIDER_CODE;

/**
 * The 5 characters every invoice issued from now on carries (EINVOICE_PROVIDER_CODE; set once when the app starts).
 * Invoices already issued keep the code they were given.
 */
export function setEinvoiceProviderCode(code: string): void {
  if (!/^[0-9A-Z]{5}$/.test(code))
    throw new RangeError(`EINVOICE_PROVIDER_CODE must be 5 digits or capitals: "${code}"`);
  providerCode = code;
}

/** The code up to its last hyphen: the write that numbers the invoice appends the 11 digits. */
export function taxAuthorityCodePrefix(template: 1 | 2, year: number, code: string = providerCode): string {
  return `M${template}-${String(year % 100).padStart(2, '0')}-${code}-`;
}

/** The whole code, given its prefix and the sequence's value (what the write stored; see numberedBy). */
export function completeTaxAuthorityCode(prefix: string, sequence: number): string {
  const digits = String(sequence);
  if (!Number.isSafeInteger(sequence) || sequence < 1 || digits.length > TAX_CODE_DIGITS)
    throw new RangeError(`not an MCCQT sequence value: ${sequence}`);
  const code = prefix + digits.padStart(TAX_CODE_DIGITS, '0');
  if (!TAX_AUTHORITY_CODE.test(code)) throw new RangeError(`not an MCCQT: "${code}"`);
  return code;
}

let providerTaxCode = DEFAULT_EINVOICE_PROVIDER_TAX_CODE;

/**
 * MSTTCGP, the solution provider's tax code every invoice issued from now on carries (EINVOICE_PROVIDER_TAX_CODE; set
 * once when the app starts). Refuses, naming the setting, a code that is missing (a deployment on Postgres has no
 * stand-in) or whose check digit does not match.
 */
export function setSolutionProviderTaxCode(code: string | undefined): void {
  if (code === undefined)
    throw new ConfigError(["EINVOICE_PROVIDER_TAX_CODE: required with DATABASE_URL (the solution provider's MST)"]);
  const canonical = normaliseTaxCode(code);
  if (canonical === null)
    throw new ConfigError([`EINVOICE_PROVIDER_TAX_CODE: not a valid tax code (MST), the check digit does not match`]);
  providerTaxCode = canonical;
}

/** The provider's tax code now (an invoice stored before MSTTCGP was kept in its document is written with it). */
export const solutionProviderTaxCode = (): string => providerTaxCode;
