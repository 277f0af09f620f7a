import { sql, type RawBuilder } from 'kysely';

/**
 * What a board or a snapshot covers: everything, one site (a street or a market), or one province (its sites). A stall
 * belongs to a site through `merchants.site_id`, a site to a province through `sites.province_code`.
 */
export type StatsScope =
  { kind: 'all' } | { kind: 'site'; siteId: string; slug: string } | { kind: 'province'; code: string };

export const ALL: StatsScope = { kind: 'all' };

/** A stable key per scope: the shared snapshot cache and the websocket groups are keyed by it. */
export function scopeKey(scope: StatsScope): string {
  if (scope.kind === 'site') return `site:${scope.slug}`;
  if (scope.kind === 'province') return `province:${scope.code}`;
  return 'all';
}

/**
 * The condition "the stall in `column` is in the scope", for queries over rollups, running totals, events or
 * invoices: a semi-join on the stalls of the site (or of the province's sites), so a scoped query reads only its
 * stalls' rows of the day, or their running totals, whatever the length of the history.
 */
export function inScope(scope: StatsScope, column: string): RawBuilder<boolean> {
  if (scope.kind === 'all') return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(column)} in (${scopeStalls(scope)})`;
}

/** The ids (column `id`) of a site's stalls or of a province's sites' stalls. */
export function scopeStalls(scope: Exclude<StatsScope, { kind: 'all' }>): RawBuilder<{ id: string }> {
  if (scope.kind === 'site') return sql`select id from merchants where site_id = ${scope.siteId}`;
  return sql`select m.id from merchants m join sites s on s.id = m.site_id where s.province_code = ${scope.code}`;
}
