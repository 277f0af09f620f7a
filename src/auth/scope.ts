import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../db/index.js';

/**
 * What a staff member's lists, exports and actions reach: every site (admins always), some sites, or one province.
 * A row out of scope is treated as if it did not exist (404, never 403), so a scope does not leak what is outside it.
 */
export type StaffScope =
  { kind: 'all' } | { kind: 'sites'; siteIds: string[] } | { kind: 'province'; provinceCode: string };

export const ALL_SITES: StaffScope = { kind: 'all' };

export const seesAll = (scope: StaffScope): scope is { kind: 'all' } => scope.kind === 'all';

/**
 * A `where` filter: the site id in `column` is in scope (always true for `all`). Used on a query that reads
 * `merchants` (the default column) or anything else holding a site id:
 * `db.selectFrom('merchants').select(…).where(siteInScopeFilter(scope))`.
 */
export function siteInScopeFilter(scope: StaffScope, column = 'merchants.site_id'): RawBuilder<SqlBool> {
  const ref = sql.ref(column);
  if (scope.kind === 'all') return sql<SqlBool>`true`;
  if (scope.kind === 'sites') {
    // SQL has no empty `in ()`; a scope of no sites reaches nothing.
    if (scope.siteIds.length === 0) return sql<SqlBool>`false`;
    return sql<SqlBool>`${ref} in (${sql.join(scope.siteIds)})`;
  }
  return sql<SqlBool>`${ref} in (select s.id from sites s where s.province_code = ${scope.provinceCode})`;
}

/**
 * A `where` filter for rows that name a stall: the stall in `column` is in scope (always true for `all`).
 * `db.selectFrom('sales').select(…).where(merchantInScopeFilter(scope, 'sales.merchant_id'))`. A null stall (an
 * unmatched payment) is in no site, so only an unscoped caller sees it.
 */
export function merchantInScopeFilter(scope: StaffScope, column: string): RawBuilder<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`true`;
  return sql<SqlBool>`${sql.ref(column)} in (select m.id from merchants m where ${siteInScopeFilter(scope, 'm.site_id')})`;
}

/**
 * A `where` filter for rows that name a ward (activations, their rollup): the ward in `column` is one of the scope's
 * sites' wards, or a ward of its province (always true for `all`). A row with no official ward is in no scope.
 */
export function wardInScopeFilter(scope: StaffScope, column: string): RawBuilder<SqlBool> {
  const ref = sql.ref(column);
  if (scope.kind === 'all') return sql<SqlBool>`true`;
  if (scope.kind === 'province')
    return sql<SqlBool>`${ref} in (select w.code from admin_wards w where w.province_code = ${scope.provinceCode})`;
  return sql<SqlBool>`${ref} in (select s.ward_code from sites s where ${siteInScopeFilter(scope, 's.id')})`;
}

/** Whether one stall is in scope: one indexed lookup (none for `all`). */
export async function merchantInScope(db: Executor, scope: StaffScope, merchantId: string): Promise<boolean> {
  if (seesAll(scope)) return true;
  const row = await db
    .selectFrom('merchants')
    .select('merchants.id')
    .where('merchants.id', '=', merchantId)
    .where(siteInScopeFilter(scope))
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a site is in scope (onboarding a stall there, say). */
export async function siteInScope(db: Executor, scope: StaffScope, siteId: string): Promise<boolean> {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'sites') return scope.siteIds.includes(siteId);
  const row = await db
    .selectFrom('sites')
    .select('id')
    .where('id', '=', siteId)
    .where('province_code', '=', scope.provinceCode)
    .executeTakeFirst();
  return row !== undefined;
}
