import { findWard, matchWard, requireWard, wardFields } from '../admin-units/index.js';
import type { Db, Executor } from '../db/index.js';
import type { StaffScope } from '../auth/index.js';
import { appendEvents } from '../realtime/index.js';
import { badRequest } from '../http/index.js';
import { findTeam, teamOfStaff } from '../teams/index.js';
import {
  addDailyCounts,
  dailyTotals,
  findActivationByPhone,
  insertActivations,
  type ActivationFilter,
  type ActivationRow,
  type DailyIncrement,
  type NewActivation,
} from './activations.repository.js';
import type { ActivationResponse, ActivationSummary, NewActivationBody } from './activations.schemas.js';
import { hashPhone, maskPhone, normalisePhone } from './phone.js';
import { PROVIDERS, providerName } from './providers.js';
import { activationTimeProblem, dayMinus, vietnamDay } from './vietnam-time.js';

/** The province's published milestone (45,000+ mobile-money accounts): the default target (ACTIVATION_TARGET). */
export const ACTIVATION_TARGET = 45_000;

/**
 * Writes activations in one transaction: the rows that are new, one `activation.recorded` event each and the daily
 * rollup. Rows whose (provider, phone hash) exists — also one a concurrent writer just inserted — are skipped.
 * Returns the rows created.
 */
export async function recordActivations(db: Db, rows: NewActivation[]) {
  // One sorted order for every writer: concurrent batches wait on each other's keys instead of deadlocking.
  const key = (r: NewActivation) => `${r.provider} ${r.phone_hash}`;
  const sorted = [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return db.transaction().execute(async (trx) => {
    const created = await insertActivations(trx, sorted);
    if (created.length === 0) return created;
    await appendEvents(
      trx,
      // Only what the board shows: never the phone, not even masked.
      created.map((a) => ({
        type: 'activation.recorded' as const,
        data: {
          activationId: a.id,
          provider: a.provider,
          // The official name and code only: a text that matched no ward never reaches the public board.
          ward: a.ward_code ? a.ward : null,
          wardCode: a.ward_code,
          teamId: a.team_id,
          day: vietnamDay(a.activated_at),
          activatedAt: a.activated_at.toISOString(),
          source: a.source,
        },
      })),
    );
    await addDailyCounts(trx, dailyIncrements(created));
    return created;
  });
}

function dailyIncrements(
  rows: { activated_at: Date; provider: string; ward_code: string | null; team_id: string | null }[],
): DailyIncrement[] {
  const byKey = new Map<string, DailyIncrement>();
  for (const r of rows) {
    const day = vietnamDay(r.activated_at);
    const key = JSON.stringify([day, r.provider, r.ward_code, r.team_id]);
    const hit = byKey.get(key);
    if (hit) hit.count += 1;
    else byKey.set(key, { day, provider: r.provider, ward_code: r.ward_code, team_id: r.team_id, count: 1 });
  }
  return [...byKey.values()];
}

/** Resolves the team an activation counts for: the one named, none (null), or the recording staff member's. */
async function teamFor(db: Executor, staffId: string, teamId: string | null | undefined) {
  if (teamId === null) return null;
  if (teamId === undefined) return (await teamOfStaff(db, staffId)) ?? null;
  const team = await findTeam(db, teamId);
  if (!team) throw badRequest('unknown_team', 'No such team', [{ field: 'body.teamId', message: 'unknown team' }]);
  return team;
}

export async function recordActivation(
  db: Db,
  piiKey: string,
  staffId: string,
  input: NewActivationBody,
): Promise<{ activation: ActivationRow; duplicate: boolean }> {
  const phone = normalisePhone(input.phone);
  if (!phone.ok) throw badRequest('invalid_phone', phone.reason, [{ field: 'body.phone', message: phone.reason }]);
  const activatedAt = input.activatedAt ? new Date(input.activatedAt) : new Date();
  const problem = activationTimeProblem(activatedAt);
  if (problem) throw badRequest('invalid_activated_at', problem, [{ field: 'body.activatedAt', message: problem }]);
  const team = await teamFor(db, staffId, input.teamId);
  const teamWard = team?.ward_code ? findWard(team.ward_code) : null;
  // A ward named in the body is looked up in the team's province first (or the province given), then nationwide.
  const ward =
    input.ward === undefined
      ? teamWard
      : input.province || !teamWard
        ? requireWard(input.ward, 'body.ward', input.province)
        : (matchWard(input.ward, teamWard.province) ?? requireWard(input.ward, 'body.ward'));
  if (!ward)
    throw badRequest('ward_required', 'Give the ward or commune (or a team, whose ward is used)', [
      { field: 'body.ward', message: 'required' },
    ]);

  const phoneHash = hashPhone(piiKey, phone.phone);
  const [created] = await recordActivations(db, [
    {
      provider: input.provider,
      phone_hash: phoneHash,
      phone_masked: maskPhone(phone.phone),
      ward: ward.name,
      ward_code: ward.code,
      team_id: team?.id ?? null,
      recorded_by: staffId,
      source: 'api',
      activated_at: activatedAt,
    },
  ]);
  if (created) return { activation: { ...created, team_name: team?.name ?? null }, duplicate: false };
  const existing = await findActivationByPhone(db, input.provider, phoneHash);
  if (!existing) throw new Error('activation vanished between insert and lookup');
  return { activation: existing, duplicate: true };
}

export async function activationSummary(
  db: Executor,
  opts: { days: number; now?: Date; target?: number; scope?: StaffScope },
): Promise<ActivationSummary> {
  const target = opts.target ?? ACTIVATION_TARGET;
  const day = vietnamDay(opts.now ?? new Date());
  const totals = await dailyTotals(db, dayMinus(day, opts.days - 1), opts.scope);
  const counts = new Map(totals.byProvider.map((r) => [r.provider, Number(r.count)]));
  // Every configured provider appears, at 0 when nobody has opened an account with it yet.
  const byProvider = [
    ...PROVIDERS.map((p) => ({ provider: p.code, name: p.name, count: counts.get(p.code) ?? 0 })),
    ...totals.byProvider
      .filter((r) => !PROVIDERS.some((p) => p.code === r.provider))
      .map((r) => ({ provider: r.provider, name: providerName(r.provider), count: Number(r.count) })),
  ];
  const total = byProvider.reduce((sum, p) => sum + p.count, 0);
  const perDay = totals.perDay.map((r) => ({ day: r.day, count: Number(r.count) }));
  return {
    target,
    total,
    today: perDay.find((d) => d.day === day)?.count ?? 0,
    day,
    progress: total / target,
    byProvider,
    byWard: totals.byWard.map((r) => {
      const ward = r.ward_code ? findWard(r.ward_code) : null;
      return {
        wardCode: ward?.code ?? null,
        wardName: ward?.name ?? null,
        ward: ward?.name ?? '',
        count: Number(r.count),
      };
    }),
    byTeam: totals.byTeam.map((r) => ({ teamId: r.team_id, teamName: r.team_name, count: Number(r.count) })),
    perDay,
  };
}

export function activationToResponse(a: ActivationRow): ActivationResponse {
  return {
    id: a.id,
    provider: a.provider,
    providerName: providerName(a.provider),
    phoneMasked: a.phone_masked,
    ...wardFields(a),
    team: a.team_id ? { id: a.team_id, name: a.team_name } : null,
    recordedBy: a.recorded_by,
    source: a.source,
    activatedAt: a.activated_at.toISOString(),
    createdAt: a.created_at.toISOString(),
  };
}

/** A list or export filter from the query: the ward (code or name) as its official code; no such ward, no rows. */
export function activationFilter(query: { provider?: string; ward?: string; teamId?: string }): ActivationFilter {
  const { ward, ...rest } = query;
  return ward === undefined ? rest : { ...rest, wardCode: matchWard(ward)?.code ?? 'none' };
}
