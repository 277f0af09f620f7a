import { sql } from 'kysely';
import type { Executor } from '../db/index.js';
import { asTotals, totalColumns, type SaleTotals } from './stats.repository.js';

// A site's or a province's totals in one statement: its sites joined to their stalls, each stall's row of today's
// rollup (by the rollup's key, day and stall) and its running totals (one row each), grouped by site. A site's board
// reads its one row; a province's sums its sites' rows and ranks them side by side. One round trip replaces the five
// separate reads (today, all time, stalls, active stalls, the sites) that each joined the same stalls.

export interface SiteTotals {
  slug: string;
  name: string;
  kind: string;
  wardCode: string | null;
  stalls: number;
  activeStalls: number;
  today: SaleTotals;
  allTime: SaleTotals;
}

const each = (prefix: 'd' | 't') =>
  sql.join(
    totalColumns.map(
      (c) => sql`coalesce(sum(${sql.ref(`${prefix}.${c}`)}), 0)::bigint as ${sql.ref(`${prefix}_${c}`)}`,
    ),
  );

const pick = (row: Record<string, unknown>, prefix: string) =>
  asTotals(Object.fromEntries(totalColumns.map((c) => [c, row[`${prefix}_${c}`]])));

/** Every site of the scope (one, or a province's) with its stalls, active stalls, today's and all-time totals. */
export async function siteTotals(
  db: Executor,
  scope: { kind: 'site'; siteId: string } | { kind: 'province'; code: string },
  day: string,
): Promise<SiteTotals[]> {
  const where = scope.kind === 'site' ? sql`s.id = ${scope.siteId}` : sql`s.province_code = ${scope.code}`;
  const { rows } = await sql<Record<string, unknown>>`
    select s.slug, s.name, s.kind, s.ward_code, count(m.id) as stalls,
           count(*) filter (where d.bank_qr_count + d.mobile_money_count > 0) as active_stalls,
           ${each('d')}, ${each('t')}
      from sites s
      left join merchants m on m.site_id = s.id
      left join merchant_daily d on d.day = ${day} and d.merchant_id = m.id
      left join merchant_totals t on t.merchant_id = m.id
     where ${where}
     group by s.id, s.slug, s.name, s.kind, s.ward_code`.execute(db);
  return rows.map((r) => ({
    slug: String(r.slug),
    name: String(r.name),
    kind: String(r.kind),
    wardCode: (r.ward_code as string | null) ?? null,
    stalls: Number(r.stalls),
    activeStalls: Number(r.active_stalls),
    today: pick(r, 'd'),
    allTime: pick(r, 't'),
  }));
}

/** The sum of some sites' totals (a province's, from its sites' rows). */
export function summed(sites: readonly SiteTotals[]) {
  const add = (key: 'today' | 'allTime') =>
    asTotals(Object.fromEntries(totalColumns.map((c) => [c, sites.reduce((n, s) => n + s[key][c], 0)])));
  return {
    today: add('today'),
    allTime: add('allTime'),
    onboarded: sites.reduce((n, s) => n + s.stalls, 0),
    active: sites.reduce((n, s) => n + s.activeStalls, 0),
  };
}
