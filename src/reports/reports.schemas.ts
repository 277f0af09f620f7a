import { z } from 'zod';
import { dateBound } from '../sales/index.js';

export const langQuery = z.enum(['vi', 'en']).default('vi').describe('language of the headers and labels');

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
  .describe("a site's slug");
const provinceCode = z
  .string()
  .regex(/^\d{2}$/)
  .describe('an official province code, e.g. 04 (Cao Bằng)');

export const salesCsvQuery = z.object({
  merchantId: z.uuid().optional().describe('staff only: one stall'),
  site: slug.optional(),
  province: provinceCode.optional(),
  from: dateBound.optional().describe('inclusive'),
  to: dateBound.optional().describe('exclusive; a day means up to the start of that day'),
  lang: langQuery,
});

const scopeFields = {
  site: slug.optional().describe("a site's slug (or give province)"),
  province: provinceCode.optional().describe('a province code (or give site)'),
  lang: langQuery,
  format: z.enum(['json', 'csv']).default('json'),
};
const oneScope = (q: { site?: string; province?: string }) => (q.site === undefined) !== (q.province === undefined);
const oneScopeMessage = { message: 'give exactly one of site and province', path: ['site'] };

export const dailyReportQuery = z
  .object({ ...scopeFields, date: z.iso.date().describe('the Vietnam day, YYYY-MM-DD') })
  .refine(oneScope, oneScopeMessage);

export const monthlyReportQuery = z
  .object({
    ...scopeFields,
    month: z
      .string()
      .regex(/^(20\d\d|2[01]\d\d|2200)-(0[1-9]|1[0-2])$/)
      .describe('YYYY-MM'),
  })
  .refine(oneScope, oneScopeMessage);
