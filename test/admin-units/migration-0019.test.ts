import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Migrator, sql } from 'kysely';
import t from 'tap';
import { findWard, listProvinces, listWards } from '../../src/admin-units/index.js';
import { migrationsFolder } from '../../src/db/migrator.js';
import { createTestDatabase } from '../helpers/database.js';

// Migration 0019 loads the official list into admin_provinces and admin_wards: the same rows the module serves from
// memory, in a few multi-row statements (fast on PGlite), and it goes down and up again.
t.test('migration 0019 fills the tables with the official list', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const db = database.db;
  const provinces = await db.selectFrom('admin_provinces').selectAll().orderBy('code').execute();
  t.equal(provinces.length, 34);
  t.same(
    provinces.map((p) => ({
      code: p.code,
      name: p.name,
      shortName: p.short_name,
      kind: p.kind,
      asciiName: p.ascii_name,
    })),
    listProvinces(),
    'the table and memory agree',
  );
  const wards = await db.selectFrom('admin_wards').selectAll().orderBy('code').execute();
  t.equal(wards.length, 3321);
  t.same(
    wards.find((w) => w.code === '01273'),
    { code: '01273', province_code: '04', name: 'Phường Thục Phán', kind: 'ward' },
  );
  for (const w of wards) if (findWard(w.code)?.name !== w.name) t.fail(`ward ${w.code} differs from memory`);
  const perProvince = await db
    .selectFrom('admin_wards')
    .select(['province_code', sql<number>`count(*)::int`.as('n')])
    .groupBy('province_code')
    .execute();
  for (const row of perProvince) t.equal(row.n, listWards(row.province_code).length, `province ${row.province_code}`);
  await t.rejects(
    db.insertInto('admin_wards').values({ code: '99999', province_code: '00', name: 'x', kind: 'ward' }).execute(),
    'a ward must belong to a known province',
  );

  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
  });
  t.error((await migrator.migrateTo('0018_invoice_transmissions_by_status')).error);
  const tables = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
        where table_name in ('admin_provinces', 'admin_wards')`.execute(db)
    ).rows[0]!.n;
  t.equal(await tables(), 0, 'down drops both tables');
  const started = performance.now();
  t.error((await migrator.migrateToLatest()).error);
  const took = performance.now() - started;
  t.equal(await tables(), 2, 'up creates them again');
  t.ok(took < 5000, `the load takes ${Math.round(took)} ms`);
});
