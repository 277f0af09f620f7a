import type { Executor } from '../db/index.js';
import { findProvince, findWard } from '../admin-units/index.js';
import { vietnamDay } from '../time/index.js';
import { provinceFigures, siteFigures, type AreaFigures } from './breakdown.repository.js';
import type { ResolvedScope } from './scope-resolver.js';
import { statsSnapshot } from './stats.service.js';

const share = (f: AreaFigures) => (f.todayValue ? f.todayCashlessValue / f.todayValue : 0);

/** A province's sites, ranked by today's cashless value (then by name, so equal sites keep one order). */
async function rankedSites(db: Executor, provinceCode: string, day: string) {
  const sites = await siteFigures(db, provinceCode, day);
  sites.sort((a, b) => b.todayCashlessValue - a.todayCashlessValue || a.name.localeCompare(b.name, 'vi'));
  return sites.map((s, i) => ({
    slug: s.slug,
    name: s.name,
    kind: s.kind,
    wardName: s.wardCode ? (findWard(s.wardCode)?.name ?? null) : null,
    stalls: s.stalls,
    activeStalls: s.activeStalls,
    todayValue: s.todayValue,
    todayCount: s.todayCount,
    todayCashlessValue: s.todayCashlessValue,
    cashlessShare: share(s),
    allTimeValue: s.allTimeValue,
    rank: i + 1,
  }));
}

async function provinces(db: Executor, day: string) {
  return (await provinceFigures(db, day)).map((p) => ({
    code: p.code,
    name: findProvince(p.code)?.name ?? p.code,
    sites: p.sites,
    stalls: p.stalls,
    activeStalls: p.activeStalls,
    todayValue: p.todayValue,
    todayCount: p.todayCount,
    todayCashlessValue: p.todayCashlessValue,
    cashlessShare: share(p),
    allTimeValue: p.allTimeValue,
  }));
}

/**
 * The board snapshot of a scope (API contract, docs/api.md): the same figures as ever, summed over the scope's
 * stalls, with `scope` naming it; a province's adds its `sites` side by side, the whole country's its `provinces`.
 */
export async function scopedSnapshot(db: Executor, scope: ResolvedScope, now = new Date(), activationTarget?: number) {
  const day = vietnamDay(now);
  const [base, breakdown] = await Promise.all([
    statsSnapshot(db, now, activationTarget, scope.filter),
    scope.filter.kind === 'province'
      ? rankedSites(db, scope.filter.code, day).then((sites) => ({ sites }))
      : scope.filter.kind === 'all'
        ? provinces(db, day).then((list) => ({ provinces: list }))
        : Promise.resolve({}),
  ]);
  return { ...base, scope: scope.label, ...breakdown };
}

export type ScopedSnapshot = Awaited<ReturnType<typeof scopedSnapshot>>;
