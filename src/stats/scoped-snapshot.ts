import type { Executor } from '../db/index.js';
import { findProvince, findWard } from '../admin-units/index.js';
import { vietnamDay } from '../time/index.js';
import { provinceFigures, type AreaFigures } from './breakdown.repository.js';
import { siteTotals, summed, type SiteTotals } from './scope-figures.js';
import type { ResolvedScope } from './scope-resolver.js';
import { statsSnapshot } from './stats.service.js';

const share = (f: AreaFigures) => (f.todayValue ? f.todayCashlessValue / f.todayValue : 0);

/** A province's sites (from their totals), ranked by today's cashless value (then by name: equal sites keep one order). */
function rankedSites(totals: readonly SiteTotals[]) {
  const sites = totals.map((t) => ({
    ...t,
    todayValue: t.today.sales_value,
    todayCount: t.today.sales_count,
    todayCashlessValue: t.today.bank_qr_value + t.today.mobile_money_value,
    allTimeValue: t.allTime.sales_value,
  }));
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
  const filter = scope.filter;
  if (filter.kind === 'all') {
    const [base, list] = await Promise.all([statsSnapshot(db, now, activationTarget, filter), provinces(db, day)]);
    return { ...base, scope: scope.label, provinces: list };
  }
  // A site's or a province's totals come from one statement over its sites (scope-figures.ts), read alongside the rest.
  const sites = siteTotals(db, filter, day);
  const base = await statsSnapshot(db, now, activationTarget, filter, sites.then(summed));
  if (filter.kind === 'site') return { ...base, scope: scope.label };
  return { ...base, scope: scope.label, sites: rankedSites(await sites) };
}

export type ScopedSnapshot = Awaited<ReturnType<typeof scopedSnapshot>>;
