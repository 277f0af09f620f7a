import { z } from 'zod';

/** Vietnamese text typed on different devices arrives composed (NFC) or decomposed (NFD): store one form. */
export const placeText = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1).max(max));

export const newTeamBody = z.object({
  name: placeText(120),
  ward: placeText(80).describe('The commune or ward the team works in'),
});
export type NewTeam = z.infer<typeof newTeamBody>;

export const teamResponse = z.object({
  id: z.string(),
  name: z.string(),
  ward: z.string(),
  members: z.number().int().optional(),
  createdAt: z.string(),
});
export type TeamResponse = z.infer<typeof teamResponse>;

export const staffTeamBody = z.object({
  teamId: z.uuid().nullable().describe('null takes the staff member out of any team'),
});
