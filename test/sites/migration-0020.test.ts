import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Migrator, sql } from 'kysely';
import t from 'tap';
import { migrationsFolder } from '../../src/db/migrator.js';
import { findSite, findSiteBySlug, listSites, sitesOfProvince } from '../../src/sites/index.js';
import { createTestDatabase } from '../helpers/database.js';

// Migration 0020 brings sites to a database that has stalls but no notion of a site: every stall stored before it
// stands in the first site, "Phố đi bộ Kim Đồng" in Cao Bằng, and site_id is required from then on.
t.test('migration 0020 puts every existing stall in the Kim Đồng site', async (t) => {
  const database = await createTestDatabase(); // migrated to the latest: go back to before 0020 first
  t.teardown(() => database.close());
  const db = database.db;
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
  });
  const down = await migrator.migrateTo('0019_admin_units');
  t.error(down.error);
  const columns = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.columns where table_name = 'merchants' and column_name = 'site_id'`.execute(
    db,
  );
  t.equal(columns.rows[0].n, 0, 'the old shape: merchants without site_id');

  // Stalls as an earlier version stored them (no site_id).
  for (const [code, account] of [
    ['KD-001', '1000001'],
    ['KD-002', '1000002'],
    ['KD-003', '1000003'],
  ])
    await sql`insert into merchants (stall_code, name, qr_name, category, mcc, ward, payout_bin, payout_account, tax_method, invoice_letters)
      values (${code}, 'Quán cũ', 'QUAN CU', 'food', '5812', 'Thục Phán', '970436', ${account}, 'household', 'KD')`.execute(
      db,
    );

  const up = await migrator.migrateToLatest();
  t.error(up.error);

  const sites = await listSites(db);
  t.equal(sites.length, 1, 'one site');
  const [kimDong] = sites;
  t.match(kimDong, {
    slug: 'kim-dong',
    name: 'Phố đi bộ Kim Đồng',
    kind: 'street',
    province_code: '04',
    ward_code: '01273',
  });
  t.same(await findSiteBySlug(db, 'kim-dong'), kimDong);
  t.same(await findSite(db, kimDong.id), kimDong);
  t.same(await sitesOfProvince(db, '04'), [kimDong]);
  t.same(await sitesOfProvince(db, '96'), []);

  const stalls = await db.selectFrom('merchants').select(['stall_code', 'site_id']).orderBy('stall_code').execute();
  t.same(
    stalls.map((s) => s.site_id),
    [kimDong.id, kimDong.id, kimDong.id],
    'every old stall stands in Kim Đồng',
  );

  // From now on a stall must name an existing site.
  const insert = (siteId: string | null) =>
    sql`insert into merchants (stall_code, name, qr_name, category, mcc, ward, payout_bin, payout_account, tax_method, invoice_letters, site_id)
      values ('KD-009', 'Mới', 'MOI', 'food', '5812', 'x', '970436', '1000009', 'household', 'KD', ${siteId})`.execute(
      db,
    );
  await t.rejects(insert(null), 'site_id is required');
  await t.rejects(insert('00000000-0000-4000-8000-000000000000'), 'site_id names a site');

  // Sites reference the official units, and their slug is lower-case kebab.
  const site = (slug: string, province: string, ward: string) =>
    sql`insert into sites (slug, name, kind, province_code, ward_code) values (${slug}, 'x', 'market', ${province}, ${ward})`.execute(
      db,
    );
  await t.rejects(site('cho-x', '99', '01273'), 'unknown province');
  await t.rejects(site('cho-x', '04', '99999'), 'unknown ward');
  await t.rejects(site('Cho X', '04', '01273'), 'slug not kebab');
  await t.rejects(site('kim-dong', '04', '01273'), 'slug taken');
});

t.test('a fresh database starts with the Kim Đồng site alone', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const sites = await listSites(database.db);
  t.same(
    sites.map((s) => s.slug),
    ['kim-dong'],
  );
});
