import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';

// The official provinces and wards/communes in force since 1 July 2025 (34 provinces, 3,321 wards), with the codes
// of the national statistics office. The data file is frozen with this migration: a later change of the official
// list comes in a new migration with a new file. See docs/admin-units.md for the source.
interface Data {
  provinces: { code: string; name: string; shortName: string; kind: string; asciiName: string }[];
  wards: { code: string; name: string; kind: string; province: string }[];
}

// Multi-row inserts keep the load to a handful of statements (PGlite pays per statement, not per row).
const BATCH = 500;

export async function up(db: Kysely<any>): Promise<void> {
  const data = JSON.parse(readFileSync(new URL('./data/admin-units-2025-07-01.json', import.meta.url), 'utf8')) as Data;
  await db.schema
    .createTable('admin_provinces')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[0-9]{2}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text', (c) => c.notNull())
    .addColumn('ascii_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('city', 'province')`))
    .execute();
  await db.schema
    .createTable('admin_wards')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[0-9]{5}$'`))
    .addColumn('province_code', 'text', (c) => c.notNull().references('admin_provinces.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('ward', 'commune', 'special_zone')`))
    .execute();
  await db.schema.createIndex('admin_wards_province').on('admin_wards').column('province_code').execute();

  await db
    .insertInto('admin_provinces')
    .values(
      data.provinces.map((p) => ({
        code: p.code,
        name: p.name,
        short_name: p.shortName,
        ascii_name: p.asciiName,
        kind: p.kind,
      })),
    )
    .execute();
  for (let i = 0; i < data.wards.length; i += BATCH) {
    await db
      .insertInto('admin_wards')
      .values(
        data.wards
          .slice(i, i + BATCH)
          .map((w) => ({ code: w.code, province_code: w.province, name: w.name, kind: w.kind })),
      )
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('admin_wards').execute();
  await db.schema.dropTable('admin_provinces').execute();
}
