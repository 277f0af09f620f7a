import type { Insertable, Selectable } from 'kysely';
import type { Executor, SitesTable } from '../db/index.js';

export type Site = Selectable<SitesTable>;

// Named columns, never selectAll(): a new column does not leak into responses by accident.
const siteColumns = ['id', 'slug', 'name', 'kind', 'province_code', 'ward_code', 'address', 'created_at'] as const;

/** Every site, by province then name: the public list and the boards' chooser. */
export async function listSites(db: Executor): Promise<Site[]> {
  return db.selectFrom('sites').select(siteColumns).orderBy('province_code').orderBy('name').orderBy('id').execute();
}

export async function findSite(db: Executor, id: string): Promise<Site | undefined> {
  return db.selectFrom('sites').select(siteColumns).where('id', '=', id).executeTakeFirst();
}

export async function findSiteBySlug(db: Executor, slug: string): Promise<Site | undefined> {
  return db.selectFrom('sites').select(siteColumns).where('slug', '=', slug).executeTakeFirst();
}

export async function sitesOfProvince(db: Executor, provinceCode: string): Promise<Site[]> {
  return db
    .selectFrom('sites')
    .select(siteColumns)
    .where('province_code', '=', provinceCode)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** How many sites there are: onboarding may leave the site out only while there is exactly one. */
export async function countSites(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('sites')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSite(db: Executor, values: Insertable<SitesTable>): Promise<Site> {
  return db.insertInto('sites').values(values).returning(siteColumns).executeTakeFirstOrThrow();
}
