import { z } from 'zod';
import { buyerSchema } from '../invoices/index.js';
import { amountSchema, cartItemsSchema, saleItemSchema } from '../payment-requests/index.js';

/**
 * A buyer logged with a cash sale: as on the receipt's buyer form, a tax code needs the name it belongs to. The MST
 * check digit itself is checked by the cash-sale route (400 invalid_tax_code, like onboarding and the receipt).
 */
export const saleBuyerSchema = buyerSchema.refine((b) => b.taxCode === undefined || b.name !== undefined, {
  path: ['name'],
  message: 'a buyer with a tax code needs a name',
});

export const cashSaleBody = z.object({
  amount: amountSchema.optional().describe('whole đồng; when left out, the total of the items (which are then needed)'),
  method: z.literal('cash'),
  items: cartItemsSchema.optional(),
  buyer: saleBuyerSchema.optional(),
});

export const saleResponse = z.object({
  id: z.string(),
  merchantId: z.string(),
  method: z.enum(['bank_qr', 'mobile_money', 'cash']),
  amount: z.number(),
  refundedAmount: z.number(),
  items: z.array(saleItemSchema).nullable(),
  paymentRequestId: z.string().nullable(),
  occurredAt: z.string(),
  test: z.boolean().describe("Paid with the sandbox bank's test money, not real money"),
});

/** A day (YYYY-MM-DD, Vietnam time) or an instant (ISO 8601). */
export const dateBound = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .refine(
    (v) => Number(v.slice(0, 4)) >= 2000 && Number(v.slice(0, 4)) <= 2200,
    'a date between the years 2000 and 2200',
  );

export const salesQuery = z.object({
  merchantId: z.uuid().optional().describe('staff only: one stall'),
  from: dateBound.optional().describe('inclusive'),
  to: dateBound.optional().describe('exclusive; a day means up to the start of that day'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

export const refundBody = z.object({
  amount: amountSchema,
  reason: z.string().trim().max(300).optional(),
});
