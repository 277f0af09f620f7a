import { z } from 'zod';
import { categoryNames } from './categories.js';

export const stallCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2,4}-\d{1,5}$/, 'a stall code looks like KD-012');

/** A blank field counts as absent, so it is refused as required (tax_code_required, address_required). */
const blankIsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const newMerchantBody = z.object({
  stallCode: stallCodeSchema,
  name: z.string().trim().min(1).max(120),
  category: z.enum(categoryNames),
  ward: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .describe(
      'The official ward or commune: its five-digit code ("01273") or its name ("Phường Thục Phán", "Thục Phán")',
    ),
  province: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .optional()
    .describe('Province code or name, to tell apart wards of the same name; not needed with a ward code'),
  siteId: z
    .uuid()
    .optional()
    .describe('The street or market the stall stands in (GET /api/v1/sites); may be left out while there is only one'),
  payout: z.object({
    bin: z.string().regex(/^\d{6}$/, 'a BIN is 6 digits'),
    accountNumber: z
      .string()
      .trim()
      .regex(/^\d{6,19}$/, 'an account number is 6-19 digits'),
  }),
  taxCode: z.preprocess(blankIsAbsent, z.string().trim().min(1).max(14).optional()),
  taxMethod: z.enum(['household', 'vat']),
  address: z.preprocess(blankIsAbsent, z.string().trim().min(1).max(250).optional()),
  invoiceLetters: z
    .string()
    .regex(/^[A-Z]{2}$/, 'two upper-case letters')
    .optional(),
  isDemo: z.boolean().optional(),
});
export type NewMerchant = z.infer<typeof newMerchantBody>;

export const merchantResponse = z.object({
  id: z.string(),
  stallCode: z.string(),
  name: z.string(),
  qrName: z.string(),
  category: z.string(),
  mcc: z.string(),
  ward: z.string().describe('The ward name (the typed text for a stall whose ward matched no official ward)'),
  wardCode: z.string().nullable(),
  wardName: z.string().nullable(),
  provinceCode: z.string().nullable(),
  siteId: z.string(),
  siteSlug: z.string(),
  payout: z.object({
    bin: z.string(),
    bankName: z.string(),
    kind: z.enum(['bank', 'wallet']),
    accountNumber: z.string(),
  }),
  taxCode: z.string().nullable(),
  taxMethod: z.enum(['household', 'vat']),
  address: z.string().nullable(),
  invoiceSeries: z.string(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  links: z.object({ qrSvg: z.string(), qrPng: z.string(), qrText: z.string(), poster: z.string() }),
});
export type MerchantResponse = z.infer<typeof merchantResponse>;

export const merchantIdParams = z.object({ id: z.uuid() });
