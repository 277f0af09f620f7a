import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor, ActivationsTable } from '../db/index.js';
import { ALL_SITES, wardInScopeFilter, type StaffScope } from '../auth/index.js';

export type NewActivation = Insertable<ActivationsTable> & { activated_at: Date };

/** Everything a response may show: the hash never leaves the database layer except to find duplicates. */
const publicColumns = [
  'activations.id',
  'activations.seq',
  'activations.provider',
  'activations.phone_masked',
  'activations.ward',
  'activations.ward_code',
  'activations.team_id',
  'activations.recorded_by',
  'activations.source',
  'activations.activated_at',
  'activations.created_at',
] as const;

export type ActivationRow = Pick<
  Selectable<ActivationsTable>,
  | 'id'
  | 'seq'
  | 'provider'
  | 'phone_masked'
  | 'ward'
  | 'ward_code'
  | 'team_id'
  | 'recorded_by'
  | 'source'
  | 'activated_at'
  | 'created_at'
> & { team_name: string | null };

export type InsertedActivation = ActivationRow & { phone_hash: string };

/**
 * Inserts what is new and skips what exists (same provider and phone hash), also against concurrent writers:
 * the unique constraint decides. Returns only the rows this call created.
 */
export async function insertActivations(
  trx: Executor,
  rows: NewActivation[],
): Promise<Omit<InsertedActivation, 'team_name'>[]> {
  if (rows.length === 0) return [];
  return trx
    .insertInto('activations')
    .values(rows)
    .onConflict((oc) => oc.columns(['provider', 'phone_hash']).doNothing())
    .returning([
      'id',
      'seq',
      'provider',
      'phone_hash',
      'phone_masked',
      'ward',
      'ward_code',
      'team_id',
      'recorded_by',
      'source',
      'activated_at',
      'created_at',
    ])
    .execute();
}

function selectActivations(db: Executor) {
  return db
    .selectFrom('activations')
    .leftJoin('teams', 'teams.id', 'activations.team_id')
    .select([...publicColumns, 'teams.name as team_name']);
}

export async function findActivationByPhone(
  db: Executor,
  provider: string,
  phoneHash: string,
): Promise<ActivationRow | undefined> {
  return selectActivations(db)
    .where('activations.provider', '=', provider)
    .where('activations.phone_hash', '=', phoneHash)
    .executeTakeFirst();
}

export interface ActivationFilter {
  provider?: string;
  wardCode?: string;
  teamId?: string;
  /** A staff member's scope: only activations in its wards (none given: all). */
  scope?: StaffScope;
}

/** Newest first, `limit` rows older than `beforeSeq`. */
export async function listActivations(
  db: Executor,
  opts: ActivationFilter & { beforeSeq?: number; limit: number },
): Promise<ActivationRow[]> {
  let q = selectActivations(db).orderBy('activations.seq', 'desc').limit(opts.limit);
  if (opts.beforeSeq !== undefined) q = q.where('activations.seq', '<', opts.beforeSeq);
  if (opts.provider) q = q.where('activations.provider', '=', opts.provider);
  if (opts.wardCode) q = q.where('activations.ward_code', '=', opts.wardCode);
  if (opts.teamId) q = q.where('activations.team_id', '=', opts.teamId);
  if (opts.scope) q = q.where(wardInScopeFilter(opts.scope, 'activations.ward_code'));
  return q.execute();
}

export interface DailyIncrement {
  day: string;
  provider: string;
  ward_code: string | null;
  team_id: string | null;
  count: number;
}

/**
 * Adds to the daily rollup. Rows go in one sorted order so two transactions touching the same keys lock them in
 * the same order and never deadlock.
 */
export async function addDailyCounts(trx: Executor, increments: DailyIncrement[]): Promise<void> {
  if (increments.length === 0) return;
  const key = (i: DailyIncrement) => `${i.day}\u0000${i.provider}\u0000${i.ward_code ?? ''}\u0000${i.team_id ?? ''}`;
  const sorted = [...increments].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  await trx
    .insertInto('activation_daily')
    .values(sorted)
    .onConflict((oc) =>
      oc
        .columns(['day', 'provider', 'ward_code', 'team_id'])
        .doUpdateSet({ count: sql<number>`activation_daily.count + excluded.count` }),
    )
    .execute();
}

const total = sql<string>`coalesce(sum(activation_daily.count), 0)`;

/** Totals from the rollup only: the cost depends on days × providers × wards × teams, never on activations. */
export async function dailyTotals(db: Executor, sinceDay: string, scope: StaffScope = ALL_SITES) {
  const inScope = wardInScopeFilter(scope, 'activation_daily.ward_code');
  const [byProvider, byWard, byTeam, perDay] = await Promise.all([
    db
      .selectFrom('activation_daily')
      .where(inScope)
      .select(['provider', total.as('count')])
      .groupBy('provider')
      .execute(),
    db
      .selectFrom('activation_daily')
      .where(inScope)
      .select(['ward_code', total.as('count')])
      .groupBy('ward_code')
      .orderBy(total, 'desc')
      .orderBy('ward_code')
      .execute(),
    db
      .selectFrom('activation_daily')
      .where(inScope)
      .leftJoin('teams', 'teams.id', 'activation_daily.team_id')
      .select(['activation_daily.team_id', 'teams.name as team_name', total.as('count')])
      .groupBy(['activation_daily.team_id', 'teams.name'])
      .orderBy(total, 'desc')
      .execute(),
    db
      .selectFrom('activation_daily')
      .where(inScope)
      .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), total.as('count')])
      .where('day', '>=', sinceDay)
      .groupBy('day')
      .orderBy('day')
      .execute(),
  ]);
  return { byProvider, byWard, byTeam, perDay };
}
