import { requireWard, wardFields } from '../admin-units/index.js';
import type { Db } from '../db/index.js';
import { badRequest, conflict, notFound } from '../http/index.js';
import { clearStaffTeam, findTeam, insertTeam, setStaffTeam, teamOfStaff, type TeamRow } from './teams.repository.js';
import type { NewTeam, TeamResponse } from './teams.schemas.js';

const pgCode = (error: unknown) =>
  typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;

export async function createTeam(db: Db, input: NewTeam): Promise<TeamRow> {
  try {
    const ward = requireWard(input.ward, 'body.ward', input.province);
    return await insertTeam(db, { name: input.name, ward: ward.name, ward_code: ward.code });
  } catch (error) {
    if (pgCode(error) === '23505') throw conflict('team_name_taken', `A team named "${input.name}" already exists`);
    throw error;
  }
}

/** Puts a staff member in a team (replacing any earlier one), or takes them out with `teamId: null`. */
export async function assignStaffTeam(db: Db, staffId: string, teamId: string | null): Promise<TeamRow | null> {
  if (teamId === null) {
    await clearStaffTeam(db, staffId);
    return null;
  }
  return db.transaction().execute(async (trx) => {
    const team = await findTeam(trx, teamId);
    if (!team) throw badRequest('unknown_team', 'No such team', [{ field: 'body.teamId', message: 'unknown team' }]);
    try {
      await setStaffTeam(trx, staffId, teamId);
    } catch (error) {
      // The foreign key to staff tells us the staff member does not exist.
      if (pgCode(error) === '23503') throw notFound('staff member');
      throw error;
    }
    return team;
  });
}

/** The team a staff member records activations for by default, or null. */
export async function teamOf(db: Db, staffId: string): Promise<TeamRow | null> {
  return (await teamOfStaff(db, staffId)) ?? null;
}

export function teamToResponse(t: TeamRow & { members?: number | string | bigint }): TeamResponse {
  return {
    id: t.id,
    name: t.name,
    ...wardFields(t),
    ...(t.members !== undefined ? { members: Number(t.members) } : {}),
    createdAt: t.created_at.toISOString(),
  };
}
