// The buyer details an invoice may carry (Decree 123/2020: only when the buyer asks). Whatever the way in (a cash sale
// logged with a buyer, the receipt's buyer form), a tax code goes into the tax authority's XML only if its MST check
// digit holds, in its canonical form.

import { z } from 'zod';
import { badRequest } from '../http/index.js';
import { normaliseTaxCode } from '../tax/index.js';

/** The buyer details as a request gives them: each optional, nothing else accepted. */
export const buyerSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    taxCode: z.string().trim().min(10).max(14).optional(),
    address: z.string().trim().min(1).max(300).optional(),
    email: z.email().max(200).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 .-]{8,15}$/)
      .optional(),
  })
  .strict();

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
