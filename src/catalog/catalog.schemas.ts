import { z } from 'zod';
import type { VatRate } from '../db/index.js';

/** The VAT rates an invoice line may carry (the same list as a sale line's). */
export const catalogVatRate = z.enum(['0%', '5%', '8%', '10%', 'KCT', 'KKKNT']) satisfies z.ZodType<VatRate>;

export const MAX_ITEMS_PER_STALL = 500;
export const MAX_PRICE = 500_000_000;

// Control characters have no place in a name printed on an invoice; finding them is the point of this pattern.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Text as an invoice line holds it: one Unicode form (NFC), trimmed, no control characters. */
export const lineText = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(1)
        .max(max)
        .refine((s) => !CONTROL.test(s), 'no control characters'),
    );

export const itemName = lineText(200);
export const itemPrice = z.number().int('a whole number of đồng').min(0).max(MAX_PRICE);

export const newItemBody = z.object({
  name: itemName,
  unit: lineText(30).optional(),
  price: itemPrice,
  vatRate: catalogVatRate.optional(),
  category: lineText(50).optional(),
  active: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(100_000).default(0),
});
export type NewItem = z.infer<typeof newItemBody>;

export const itemPatchBody = z.object({
  name: itemName.optional(),
  unit: lineText(30).nullable().optional().describe('null clears it'),
  price: itemPrice.optional(),
  vatRate: catalogVatRate.nullable().optional().describe('null clears it'),
  category: lineText(50).nullable().optional().describe('null clears it'),
  active: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
export type ItemPatch = z.infer<typeof itemPatchBody>;

export const catalogItem = z.object({
  id: z.string(),
  merchantId: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  price: z.number(),
  vatRate: catalogVatRate.nullable(),
  category: z.string().nullable(),
  active: z.boolean(),
  sortOrder: z.number(),
  usageCount: z.number().describe('units sold from this item: the cart shows the most used first'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CatalogItemResponse = z.infer<typeof catalogItem>;

export const catalogQuery = z.object({
  merchantId: z.uuid().optional().describe("staff: the stall whose catalog this is (a merchant's key acts for itself)"),
});
export const itemParams = z.object({ id: z.uuid() });

/**
 * A cart entry naming a catalog item: the server takes the name, unit, price and VAT rate from the stall's catalog.
 * Strict, so an entry cannot carry its own price for a catalog item.
 */
export const catalogEntrySchema = z.strictObject({
  itemId: z.uuid(),
  quantity: z.number().int().min(1).max(100_000),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
