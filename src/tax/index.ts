/**
 * Tax rules: tax codes (MST) and invoice series symbols, pure functions used by merchants and invoices.
 */
export { invoiceSeries, sellerLettersFromStallCode, vietnamYear } from './series.js';
export { normaliseTaxCode, taxCodeWithCheckDigit } from './tax-code.js';
