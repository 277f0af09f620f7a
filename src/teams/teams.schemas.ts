import { z } from 'zod';

/** Vietnamese text typed on different devices arrives composed (NFC) or decomposed (NFD): store one form. */
export const placeText = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1).max(max));

export const newTeamBody = z.object({
  name: placeText(120),
  ward: placeText(80).describe(
    'The official ward or commune the team works in: its five-digit code ("01273") or its name ("Phường Thục Phán")',
  ),
  province: placeText(60).optional().describe('Province code or name, to tell apart wards of the same name'),
});
export type NewTeam = z.infer<typeof newTeamBody>;

export const teamResponse = z.object({
  id: z.string(),
  name: z.string(),
  ward: z.string().describe('The ward name (the typed text for a team whose ward matched no official ward)'),
  wardCode: z.string().nullable(),
  wardName: z.string().nullable(),
  provinceCode: z.string().nullable().describe("The ward's province"),
  members: z.number().int().optional(),
  createdAt: z.string(),
});
export type TeamResponse = z.infer<typeof teamResponse>;

export const staffTeamBody = z.object({
  teamId: z.uuid().nullable().describe('null takes the staff member out of any team'),
});
