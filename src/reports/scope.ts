import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/index.js';
import { ALL_SITES, callerScope, type Principal, type StaffScope } from '../auth/index.js';
import { AppError } from '../http/index.js';

/** A site as a report names it. */
export interface ReportSite {
  id: string;
  slug: string;
  name: string;
  kind: string;
  provinceCode: string;
  wardCode: string | null;
}

/**
 * What a report or an export covers: every site, one site, or the sites of a province. Its `siteIds` (null for all)
 * become the merchant filter of every query, so a report never reads a stall outside its scope.
 */
export type ReportScope =
  | { kind: 'all'; siteIds: string[] | null; sites: ReportSite[] }
  | { kind: 'site'; siteIds: string[]; sites: [ReportSite]; site: ReportSite }
  | { kind: 'province'; siteIds: string[]; sites: ReportSite[]; code: string };

const unknownSite = () => new AppError(404, 'unknown_site', 'No such site');
const unknownProvince = () => new AppError(404, 'unknown_province', 'No such province, or no site in it');

async function sitesWhere(db: Executor, column: 'slug' | 'province_code' | null, value?: string) {
  let q = db
    .selectFrom('sites')
    .select(['id', 'slug', 'name', 'kind', 'province_code', 'ward_code'])
    .orderBy('name')
    .orderBy('slug');
  if (column && value !== undefined) q = q.where(column, '=', value);
  const rows = await q.execute();
  return rows.map(
    (r): ReportSite => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      kind: r.kind,
      provinceCode: r.province_code,
      wardCode: r.ward_code,
    }),
  );
}

/** The staff scope of the caller (admins: every site): the one place reports ask for it. */
export const staffScopeOf = (principal: Principal | null): StaffScope => callerScope(principal);

const within = (staff: StaffScope, s: ReportSite) =>
  staff.kind === 'all' ||
  (staff.kind === 'sites' ? staff.siteIds.includes(s.id) : staff.provinceCode === s.provinceCode);

/**
 * The scope a query names, `site` (a slug), `province` (a code) or neither (every site), within the caller's staff
 * scope. Unknown ones and ones outside the staff scope are alike 404s: a scope does not reveal what lies outside it.
 */
export async function resolveScope(
  db: Executor,
  q: { site?: string; province?: string },
  staff: StaffScope = ALL_SITES,
): Promise<ReportScope> {
  if (q.site !== undefined) {
    const [site] = await sitesWhere(db, 'slug', q.site);
    if (!site || !within(staff, site)) throw unknownSite();
    return { kind: 'site', siteIds: [site.id], sites: [site], site };
  }
  if (q.province !== undefined) {
    const sites = (await sitesWhere(db, 'province_code', q.province)).filter((s) => within(staff, s));
    if (sites.length === 0) throw unknownProvince();
    return { kind: 'province', siteIds: sites.map((s) => s.id), sites, code: q.province };
  }
  if (staff.kind === 'all') return { kind: 'all', siteIds: null, sites: await sitesWhere(db, null) };
  const sites = (await sitesWhere(db, null)).filter((s) => within(staff, s));
  return { kind: 'all', siteIds: sites.map((s) => s.id), sites };
}

/** `column` names a stall of the scope (always true for every site). For `.where(...)` of any query. */
export function inScope(scope: ReportScope, column: string): RawBuilder<boolean> {
  if (scope.siteIds === null) return sql<boolean>`true`;
  if (scope.siteIds.length === 0) return sql<boolean>`false`; // SQL has no empty `in ()`
  return sql<boolean>`${sql.ref(column)} in (select id from merchants where site_id in (${sql.join(scope.siteIds)}))`;
}
