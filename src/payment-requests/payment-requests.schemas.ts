import { z } from 'zod';
import { catalogEntrySchema } from '../catalog/index.js';
import type { SaleItem, VatRate } from '../db/index.js';

export const vatRateSchema = z.enum(['0%', '5%', '8%', '10%', 'KCT', 'KKKNT']) satisfies z.ZodType<VatRate>;

/** One line of what was sold (the stored shape is the sales table's `SaleItem`; `satisfies` keeps the two in step). */
export const saleItemSchema = z.object({
  name: z.string().trim().min(1).max(200),
  quantity: z.number().int().min(1).max(100_000),
  unitPrice: z.number().int().min(0).max(500_000_000),
  unit: z.string().trim().min(1).max(30).optional(),
  vatRate: vatRateSchema.optional(),
}) satisfies z.ZodType<SaleItem>;
export type { SaleItem };

export const amountSchema = z
  .number()
  .int('amount must be a whole number of đồng')
  .min(1, 'amount must be at least 1 đồng');

/**
 * One entry of a cart: a catalog item by id (`{ itemId, quantity }`: the server fills in name, unit, price and VAT
 * rate) or a free line written out. A free line may not name an itemId, so a catalog item never gets a client's price.
 */
export const cartEntrySchema = z.union([
  catalogEntrySchema,
  saleItemSchema.extend({ itemId: z.never().optional() }).transform(({ itemId: _, ...line }): SaleItem => line),
]);

/** A cart's entries; `amount` may then be left out: it is the entries' total. */
export const cartItemsSchema = z.array(cartEntrySchema).min(1).max(100);

export const newPaymentRequestBody = z.object({
  amount: amountSchema.optional().describe('whole đồng; when left out, the total of the items (which are then needed)'),
  description: z.string().trim().max(140).optional(),
  items: cartItemsSchema.optional(),
  expiresInSeconds: z.number().int().min(30).max(86_400).optional(),
});

export const paymentRequestStatus = z.enum(['pending', 'paid', 'expired', 'cancelled']);

export const paymentRequestResponse = z.object({
  id: z.string(),
  merchantId: z.string(),
  reference: z.string(),
  amount: z.number(),
  description: z.string().nullable(),
  items: z.array(saleItemSchema).nullable(),
  status: paymentRequestStatus,
  expiresAt: z.string(),
  paidAt: z.string().nullable(),
  createdAt: z.string(),
  qr: z.object({ payload: z.string(), svg: z.string().optional(), svgUrl: z.string(), pngUrl: z.string() }),
});
export type PaymentRequestResponse = z.infer<typeof paymentRequestResponse>;

export const paymentRequestParams = z.object({ id: z.uuid() });
