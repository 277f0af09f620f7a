import { sql } from 'kysely';
import type { Executor } from '../db/index.js';
import { findProvince, findWard } from '../admin-units/index.js';
import { AppError, badRequest } from '../http/index.js';
import { findSiteBySlug } from '../sites/index.js';
import { scopeKey, type StatsScope } from './scope.js';

/** What a board asks for: nothing (everything), `?site=<slug>` or `?province=<code>`. */
export interface ScopeQuery {
  site?: string;
  province?: string;
}

/** How a snapshot names its scope (the API contract's `scope` field). */
export type ScopeLabel =
  | { kind: 'all' }
  | {
      kind: 'site';
      slug: string;
      name: string;
      siteKind: string;
      provinceCode: string;
      provinceName: string;
      wardName: string | null;
    }
  | { kind: 'province'; code: string; name: string };

export interface ResolvedScope {
  key: string;
  filter: StatsScope;
  label: ScopeLabel;
}

const ALL_SCOPE: ResolvedScope = { key: 'all', filter: { kind: 'all' }, label: { kind: 'all' } };
/** A known site stays resolved this long: a snapshot served from the cache costs no lookup of its site. */
const RESOLVED_TTL_MS = 10_000;

/** The site's or province's scope, or a 404 (`unknown_site`, `unknown_province`); both at once is a 400. */
export async function resolveScope(db: Executor, query: ScopeQuery): Promise<ResolvedScope> {
  if (query.site !== undefined && query.province !== undefined)
    throw badRequest('one_scope', 'Give either site or province, not both');
  if (query.site !== undefined) {
    const site = await findSiteBySlug(db, query.site);
    if (!site) throw new AppError(404, 'unknown_site', `No site has the slug "${query.site}"`);
    const filter: StatsScope = { kind: 'site', siteId: site.id, slug: site.slug };
    return {
      key: scopeKey(filter),
      filter,
      label: {
        kind: 'site',
        slug: site.slug,
        name: site.name,
        siteKind: site.kind,
        provinceCode: site.province_code,
        provinceName: findProvince(site.province_code)?.name ?? site.province_code,
        wardName: findWard(site.ward_code)?.name ?? null,
      },
    };
  }
  if (query.province !== undefined) {
    const province = findProvince(query.province);
    if (!province) throw new AppError(404, 'unknown_province', `No province has the code "${query.province}"`);
    const filter: StatsScope = { kind: 'province', code: province.code };
    return { key: scopeKey(filter), filter, label: { kind: 'province', code: province.code, name: province.name } };
  }
  return ALL_SCOPE;
}

/** resolveScope with known scopes remembered for RESOLVED_TTL_MS (unknown ones are asked again: they may be created). */
export class ScopeResolver {
  private readonly known = new Map<string, { scope: ResolvedScope; at: number }>();

  constructor(private readonly db: Executor) {}

  async resolve(query: ScopeQuery): Promise<ResolvedScope> {
    const asked = JSON.stringify([query.site, query.province]);
    const hit = this.known.get(asked);
    if (hit && Date.now() - hit.at < RESOLVED_TTL_MS) return hit.scope;
    const scope = await resolveScope(this.db, query);
    this.known.set(asked, { scope, at: Date.now() });
    return scope;
  }
}

/**
 * The board scopes each stall's events belong to (its site's and its province's), remembered: a stall does not move
 * between sites, so each stall costs one lookup for the life of the process.
 */
export class StallScopes {
  private readonly known = new Map<string, string[]>();

  constructor(private readonly db: Executor) {}

  async of(merchantIds: readonly string[]): Promise<Map<string, string[]>> {
    const missing = [...new Set(merchantIds)].filter((id) => !this.known.has(id));
    if (missing.length) {
      const { rows } = await sql<{ id: string; slug: string; province_code: string }>`
        select m.id, s.slug, s.province_code from merchants m join sites s on s.id = m.site_id
         where m.id = any(${missing}::uuid[])`.execute(this.db);
      for (const r of rows)
        this.known.set(r.id, [
          scopeKey({ kind: 'site', siteId: '', slug: r.slug }),
          scopeKey({ kind: 'province', code: r.province_code }),
        ]);
    }
    return new Map(merchantIds.map((id) => [id, this.known.get(id) ?? []]));
  }
}
