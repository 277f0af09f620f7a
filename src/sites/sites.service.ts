import type { Db, Executor, SiteKind } from '../db/index.js';
import { badRequest, conflict } from '../http/index.js';
import { findProvince, findWard, matchWard, provinceQrCity } from '../admin-units/index.js';
import { findSite, insertSite, listSites, type Site } from './sites.repository.js';

export interface NewSite {
  slug: string;
  name: string;
  kind: SiteKind;
  provinceCode: string;
  /** A ward code, or its name in any spelling ("Phường Thục Phán", "thuc phan"). */
  ward: string;
  address?: string;
}

const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';

/** Slugs that are pages of their own under `/board/` (`/board/national`, `/board/province/<code>`): no site takes them. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set(['national', 'province']);

/** Creates a site: its province must exist and its ward must be one of that province's (400 otherwise). */
export async function createSite(db: Db, input: NewSite): Promise<Site> {
  if (RESERVED_SLUGS.has(input.slug))
    throw badRequest('reserved_slug', `"${input.slug}" is the name of a board page, not free for a site`, [
      { field: 'body.slug', message: 'reserved' },
    ]);
  const province = findProvince(input.provinceCode);
  if (!province)
    throw badRequest('unknown_province', `No province has code ${input.provinceCode}`, [
      { field: 'body.provinceCode', message: 'unknown province' },
    ]);
  const byCode = findWard(input.ward);
  const ward = byCode && byCode.province === province.code ? byCode : matchWard(input.ward, province.code);
  if (!ward)
    throw badRequest('unknown_ward', `No ward or commune of ${province.name} matches "${input.ward}"`, [
      { field: 'body.ward', message: 'unknown ward' },
    ]);
  try {
    return await insertSite(db, {
      slug: input.slug,
      name: input.name,
      kind: input.kind,
      province_code: province.code,
      ward_code: ward.code,
      address: input.address ?? null,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('site_slug_taken', `A site already has the slug ${input.slug}`);
    throw error;
  }
}

/** A site as the API shows it: codes with their official names. */
export function siteToResponse(s: Site) {
  return {
    id: s.id,
    slug: s.slug,
    name: s.name,
    kind: s.kind,
    provinceCode: s.province_code,
    provinceName: findProvince(s.province_code)?.name ?? s.province_code,
    wardCode: s.ward_code,
    wardName: findWard(s.ward_code)?.name ?? s.ward_code,
    address: s.address,
  };
}

export const publicSites = async (db: Db) => (await listSites(db)).map(siteToResponse);

// No route changes a site's slug or province, so a site is read once per process: a stall's QR and JSON name it.
const cache = new Map<string, Site>();

/** A site by id through a process-wide cache (sites are few and never move); throws for an unknown id. */
export async function cachedSite(db: Executor, siteId: string): Promise<Site> {
  const known = cache.get(siteId);
  if (known) return known;
  const site = await findSite(db, siteId);
  if (!site) throw new Error(`no site ${siteId}`);
  cache.set(siteId, site);
  return site;
}

/**
 * Field 60 (merchant city) of a stall's VietQR: the ASCII name of its site's province, at most 15 characters
 * ("CAO BANG", "CA MAU").
 */
export async function siteQrCity(db: Executor, siteId: string): Promise<string> {
  const site = await cachedSite(db, siteId);
  const city = provinceQrCity(site.province_code);
  if (!city) throw new Error(`site ${site.slug} names province ${site.province_code}, which does not exist`);
  return city;
}
