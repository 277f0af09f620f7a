// The buyer details an invoice may carry (Decree 123/2020: only when the buyer asks). Whatever the way in (a cash sale
// logged with a buyer, the receipt's buyer form), a tax code goes into the tax authority's XML only if its MST check
// digit holds, in its canonical form.

import { badRequest } from '../http/errors.js';
import { normaliseTaxCode } from '../merchants/tax-code.js';

/**
 * The buyer with its tax code in canonical form (`0100233488` or `0100233488-001`); a 400 `invalid_tax_code` when
 * the code is not a valid MST. `field` names where the code was in the request, for the error details.
 */
export function checkedBuyer<B extends { taxCode?: string | null }>(buyer: B, field = 'body.taxCode'): B {
  if (buyer.taxCode === undefined || buyer.taxCode === null) return buyer;
  const taxCode = normaliseTaxCode(buyer.taxCode);
  if (!taxCode)
    throw badRequest('invalid_tax_code', 'The buyer tax code (MST) check digit does not match', [
      { field, message: 'invalid MST' },
    ]);
  return { ...buyer, taxCode };
}
