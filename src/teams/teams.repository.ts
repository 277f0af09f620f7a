import { type Selectable, sql } from 'kysely';
import type { Executor, TeamsTable } from '../db/index.js';

export type TeamRow = Selectable<TeamsTable>;

const teamColumns = ['teams.id', 'teams.name', 'teams.ward', 'teams.ward_code', 'teams.created_at'] as const;

export async function insertTeam(
  db: Executor,
  values: { name: string; ward: string; ward_code: string },
): Promise<TeamRow> {
  return db
    .insertInto('teams')
    .values(values)
    .returning(['id', 'name', 'ward', 'ward_code', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function findTeam(db: Executor, id: string): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').select(teamColumns).where('id', '=', id).executeTakeFirst();
}

/** Every team with its member count, by name. A province has about 1,300 teams: one page is enough. */
export async function listTeams(db: Executor, opts: { wardCode?: string; limit: number }) {
  let q = db
    .selectFrom('teams')
    .leftJoin('staff_teams', 'staff_teams.team_id', 'teams.id')
    .select([...teamColumns, (eb) => eb.fn.count<number>('staff_teams.staff_id').as('members')])
    .groupBy('teams.id')
    .orderBy(sql`lower(teams.name)`)
    .limit(opts.limit);
  if (opts.wardCode) q = q.where('teams.ward_code', '=', opts.wardCode);
  return q.execute();
}

export async function teamOfStaff(db: Executor, staffId: string): Promise<TeamRow | undefined> {
  return db
    .selectFrom('staff_teams')
    .innerJoin('teams', 'teams.id', 'staff_teams.team_id')
    .select(teamColumns)
    .where('staff_teams.staff_id', '=', staffId)
    .executeTakeFirst();
}

export async function setStaffTeam(db: Executor, staffId: string, teamId: string): Promise<void> {
  await db
    .insertInto('staff_teams')
    .values({ staff_id: staffId, team_id: teamId })
    .onConflict((oc) => oc.column('staff_id').doUpdateSet({ team_id: teamId, updated_at: sql`now()` }))
    .execute();
}

export async function clearStaffTeam(db: Executor, staffId: string): Promise<void> {
  await db.deleteFrom('staff_teams').where('staff_id', '=', staffId).execute();
}

/** Every team, for resolving the names and ids a CSV file refers to. */
export async function allTeams(db: Executor): Promise<Pick<TeamRow, 'id' | 'name' | 'ward' | 'ward_code'>[]> {
  return db.selectFrom('teams').select(['id', 'name', 'ward', 'ward_code']).execute();
}
