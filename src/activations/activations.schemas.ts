import { z } from 'zod';
import { placeText } from '../teams/index.js';
import { providerCodes } from './providers.js';

export const newActivationBody = z.object({
  provider: z.enum(providerCodes),
  phone: z.string().min(1).max(40).describe('0xxxxxxxxx or +84xxxxxxxxx; spaces, dots and dashes are ignored'),
  ward: placeText(80)
    .optional()
    .describe(
      'The official ward or commune: five-digit code ("01273") or name ("Phường Thục Phán"); defaults to the team\'s',
    ),
  province: placeText(60).optional().describe('Province code or name, to tell apart wards of the same name'),
  teamId: z.uuid().nullable().optional().describe("Defaults to the recording staff member's team; null for none"),
  activatedAt: z.iso.datetime({ offset: true }).optional().describe('Defaults to now; never in the future'),
});
export type NewActivationBody = z.infer<typeof newActivationBody>;

export const activationResponse = z.object({
  id: z.string(),
  provider: z.string(),
  providerName: z.string(),
  phoneMasked: z.string().describe('*******678 (the last three digits): the full number is never returned'),
  ward: z.string().describe('The ward name (the typed text for an activation whose ward matched no official ward)'),
  wardCode: z.string().nullable(),
  wardName: z.string().nullable(),
  provinceCode: z.string().nullable(),
  team: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  recordedBy: z.string().nullable(),
  source: z.enum(['api', 'import']),
  activatedAt: z.string(),
  createdAt: z.string(),
});
export type ActivationResponse = z.infer<typeof activationResponse>;

export const recordResponse = z.object({
  activation: activationResponse,
  duplicate: z.boolean().describe('true: this provider already had this phone; nothing was counted'),
});

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  provider: z.enum(providerCodes).optional(),
  ward: z.string().trim().min(1).max(80).optional(),
  teamId: z.uuid().optional(),
});

export const importReport = z.object({
  totalLines: z.number().int().describe('Data lines read (the header is line 1 and is not counted)'),
  created: z.number().int(),
  duplicates: z.number().int().describe('Already recorded, or repeated earlier in the same file'),
  rejectedCount: z.number().int(),
  rejected: z
    .array(z.object({ line: z.number().int(), reason: z.string() }))
    .describe('The first 1,000 rejected lines'),
});
export type ImportReport = z.infer<typeof importReport>;

const count = z.number().int();
export const summaryResponse = z.object({
  target: count,
  total: count,
  today: count,
  day: z.string().describe('Today in Vietnam, YYYY-MM-DD'),
  progress: z.number().describe('total / target'),
  byProvider: z.array(z.object({ provider: z.string(), name: z.string(), count })),
  byWard: z
    .array(z.object({ wardCode: z.string().nullable(), wardName: z.string().nullable(), ward: z.string(), count }))
    .describe('By official ward; wardCode null: activations whose ward matched no official ward'),
  byTeam: z.array(z.object({ teamId: z.string().nullable(), teamName: z.string().nullable(), count })),
  perDay: z.array(z.object({ day: z.string(), count })),
});
export type ActivationSummary = z.infer<typeof summaryResponse>;
