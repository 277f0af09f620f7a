import { findProvince, findWard } from '../admin-units/index.js';
import { providerName } from '../activations/index.js';
import type { Executor } from '../db/index.js';
import { findInstitution } from '../institutions/index.js';
import { startOfVietnamDay, VIETNAM_OFFSET_MS } from '../time/index.js';
import * as rollups from './report.repository.js';
import type { Period, Totals } from './report.repository.js';
import type { ReportScope, ReportSite } from './scope.js';

/** How many stalls and payers a report lists at each end. */
export const TOP = 10;

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function dayPeriod(date: string): Period {
  return { firstDay: date, lastDay: date, from: startOfVietnamDay(date), to: startOfVietnamDay(addDays(date, 1)) };
}

export function monthPeriod(month: string): Period {
  const firstDay = `${month}-01`;
  const next = addDays(`${month}-28`, 4).slice(0, 7); // the 28th + 4 days is always in the next month
  const lastDay = addDays(`${next}-01`, -1);
  return { firstDay, lastDay, from: startOfVietnamDay(firstDay), to: startOfVietnamDay(`${next}-01`) };
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

/** The headline figures of some totals (a whole report, or one site of a province). */
export function headline(t: Totals) {
  const cashlessCount = t.bank_qr_count + t.mobile_money_count;
  const cashlessValue = t.bank_qr_value + t.mobile_money_value;
  return {
    salesCount: t.sales_count,
    salesValue: t.sales_value,
    cashlessCount,
    cashlessValue,
    cashlessShareValue: share(cashlessValue, t.sales_value),
    cashlessShareCount: share(cashlessCount, t.sales_count),
    refundCount: t.refund_count,
    refundValue: t.refund_value,
    netValue: t.sales_value - t.refund_value,
  };
}

function siteView(s: ReportSite) {
  return {
    slug: s.slug,
    name: s.name,
    siteKind: s.kind,
    provinceCode: s.provinceCode,
    wardCode: s.wardCode,
    wardName: (s.wardCode && findWard(s.wardCode)?.name) ?? null,
  };
}

function scopeView(scope: ReportScope) {
  if (scope.kind === 'site') {
    return { kind: 'site' as const, ...siteView(scope.site), provinceName: findProvince(scope.site.provinceCode)?.name ?? null };
  }
  const code = scope.kind === 'province' ? scope.code : null;
  return { kind: scope.kind, code, name: (code && findProvince(code)?.name) ?? null };
}

type Stall = Awaited<ReturnType<typeof rollups.perStall>>[number];
const stallView = ({ createdAt: _createdAt, ...s }: Stall) => s;

/** One report: a site's or a province's day or month, every figure from the rollups. */
export async function buildReport(db: Executor, scope: ReportScope, period: Period, kind: 'day' | 'month') {
  const [totals, stalls, payers, transmission, series] = await Promise.all([
    rollups.totals(db, scope, period),
    rollups.perStall(db, scope, period),
    rollups.perPayer(db, scope, period),
    rollups.transmissions(db, scope, period),
    kind === 'day' ? rollups.perHour(db, scope, period) : rollups.perDay(db, scope, period),
  ]);
  const wards = [...new Set(scope.sites.map((s) => s.wardCode).filter((w): w is string => w !== null))];
  const activations = await rollups.activationsIn(db, wards, period);
  const perSite = scope.kind === 'province' ? await rollups.totalsPerSite(db, scope, period) : null;

  const active = (list: Stall[]) => list.filter((s) => s.cashlessValue > 0).length;
  const byProvider = new Map<string, number>();
  const byWard = new Map<string, number>();
  for (const a of activations) {
    byProvider.set(a.provider, (byProvider.get(a.provider) ?? 0) + a.count);
    byWard.set(a.ward, (byWard.get(a.ward) ?? 0) + a.count);
  }
  const isNew = (s: Stall) => s.createdAt >= period.from;
  return {
    scope: scopeView(scope),
    period: { kind, firstDay: period.firstDay, lastDay: period.lastDay },
    generatedAt: new Date().toISOString(),
    totals: headline(totals),
    byMethod: (['cash', 'bank_qr', 'mobile_money'] as const).map((method) => ({
      method,
      count: totals[`${method}_count`],
      value: totals[`${method}_value`],
    })),
    byPayer: payers.slice(0, TOP).map((p) => ({
      code: p.payer,
      name: findInstitution(p.payer)?.shortName ?? p.payer,
      method: p.method,
      count: p.count,
      value: p.value,
    })),
    stalls: {
      total: stalls.length,
      active: active(stalls),
      new: stalls.filter(isNew).map(stallView),
      top: stalls.slice(0, TOP).map(stallView),
      // The weakest, weakest first: the stalls a committee asks about.
      bottom: stalls.slice(-TOP).reverse().map(stallView),
    },
    // One of the two, by the period's kind; the other is null.
    perHour: kind === 'day' ? hourly(series as Awaited<ReturnType<typeof rollups.perHour>>) : null,
    perDay: kind === 'month' ? daily(series as Awaited<ReturnType<typeof rollups.perDay>>, period) : null,
    invoices: {
      issued: totals.invoice_count,
      coverage: share(totals.invoice_count, totals.sales_count),
      transmission,
    },
    activations: {
      total: activations.reduce((n, a) => n + a.count, 0),
      byProvider: [...byProvider].map(([provider, count]) => ({ provider, name: providerName(provider), count })),
      byWard: [...byWard].map(([ward, count]) => ({ ward, name: findWard(ward)?.name ?? ward, count })),
    },
    ...(perSite && {
      sites: scope.sites.map((s) => {
        const mine = stalls.filter((st) => st.site === s.slug);
        const t = perSite.get(s.id);
        return {
          ...siteView(s),
          stalls: mine.length,
          activeStalls: active(mine),
          ...headline(t ?? zeroTotals()),
          invoiceCount: t?.invoice_count ?? 0,
        };
      }),
    }),
  };
}

export type Report = Awaited<ReturnType<typeof buildReport>>;

const zeroTotals = () => Object.fromEntries(rollups.TOTAL_COLUMNS.map((c) => [c, 0])) as Totals;

/** All 24 hours of the day, Vietnam time, the quiet ones at 0 (a chart needs them). */
function hourly(rows: Awaited<ReturnType<typeof rollups.perHour>>) {
  const at = new Map(rows.map((r) => [new Date(r.hour.getTime() + VIETNAM_OFFSET_MS).getUTCHours(), r]));
  return Array.from({ length: 24 }, (_, hour) => {
    const r = at.get(hour);
    return { hour, count: r?.count ?? 0, value: r?.value ?? 0, cashlessValue: r?.cashless_value ?? 0 };
  });
}

/** Every day of the month, the quiet ones at 0. */
function daily(rows: Awaited<ReturnType<typeof rollups.perDay>>, period: Period) {
  const at = new Map(rows.map((r) => [r.day, r]));
  const days: Array<{ day: string; count: number; value: number; cashlessValue: number }> = [];
  for (let day = period.firstDay; day <= period.lastDay; day = addDays(day, 1)) {
    const r = at.get(day);
    days.push({ day, count: r?.count ?? 0, value: r?.value ?? 0, cashlessValue: r?.cashless_value ?? 0 });
  }
  return days;
}
