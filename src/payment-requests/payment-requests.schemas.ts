import { z } from 'zod';
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

export const newPaymentRequestBody = z.object({
  amount: amountSchema,
  description: z.string().trim().max(140).optional(),
  items: z.array(saleItemSchema).min(1).max(100).optional(),
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
