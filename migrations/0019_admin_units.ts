import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';

// The official provinces and wards/communes in force since 1 July 2025 (34 provinces, 3,321 wards), with the codes
// of the national statistics office. The data file is frozen with this migration: a later change of the official
// list comes in a new migration with a new file. See docs/admin-units.md for the source.
//
// Then the free-text wards of merchants, teams and activations get their official code in a new column `ward_code`
// (the typed text stays in `ward`, seen by staff only). The rows so far were all recorded for Cao Bằng (the QR
// city was the constant "CAO BANG"), so a text is matched among Cao Bằng's wards, by the rule src/admin-units
// applies (copied here, frozen). A text that matches nothing (a phone number typed as a ward, say) gets no code,
// and what reaches the public board comes from the code. The activations' daily rollup is keyed by the code.
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
  await codeExistingWards(db, data.wards);
}

const EXISTING_ROWS_PROVINCE = '04';

const fold = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
const PREFIX = /^(?:phuong\s+|p\.\s*|xa\s+|x\.\s*|dac khu\s+|thi tran\s+|tt\.\s*)(.+)$/;
const canonical = (f: string) => f.replace(/^p\.\s*/, 'phuong ').replace(/^x\.\s*/, 'xa ');

/** The code of the ward a text names among `wards`: by code, full name, bare name, then name without prefix. */
function wardCodeOf(text: string, wards: Data['wards']): string | null {
  const raw = text.normalize('NFC').trim();
  if (/^[0-9]{5}$/.test(raw)) return wards.find((w) => w.code === raw)?.code ?? null;
  const f = fold(raw);
  if (!f) return null;
  const bare = (name: string) => PREFIX.exec(fold(name))?.[1] ?? fold(name);
  const rest = PREFIX.exec(f)?.[1];
  const tries: ((w: Data['wards'][number]) => boolean)[] = [
    (w) => rest !== undefined && fold(w.name) === canonical(f),
    (w) => bare(w.name) === f,
    (w) => rest !== undefined && bare(w.name) === rest,
  ];
  for (const test of tries) {
    const found = wards.filter(test);
    if (found.length === 1) return found[0]!.code;
    if (found.length > 1) return null;
  }
  return null;
}

async function codeExistingWards(db: Kysely<any>, wards: Data['wards']): Promise<void> {
  const local = wards.filter((w) => w.province === EXISTING_ROWS_PROVINCE);
  for (const table of ['merchants', 'teams', 'activations']) {
    await db.schema
      .alterTable(table)
      .addColumn('ward_code', 'text', (c) => c.references('admin_wards.code'))
      .execute();
  }
  const texts = await sql<{ ward: string }>`
    select ward from merchants union select ward from teams union select ward from activations
    union select ward from activation_daily`.execute(db);
  await db.schema
    .createTable('ward_codes_0019')
    .addColumn('ward', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text')
    .execute();
  const pairs = texts.rows.map((r) => ({ ward: r.ward, code: wardCodeOf(r.ward, local) }));
  for (let i = 0; i < pairs.length; i += BATCH)
    await db
      .insertInto('ward_codes_0019')
      .values(pairs.slice(i, i + BATCH))
      .execute();
  for (const table of ['merchants', 'teams', 'activations'])
    await sql`update ${sql.table(table)} t set ward_code = m.code from ward_codes_0019 m
      where m.ward = t.ward and m.code is not null`.execute(db);

  // The rollup, rebuilt keyed by code: "Thục Phán" and "Phường Thục Phán" were two rows, now one; unknown is null.
  await sql`alter table activation_daily rename to activation_daily_0005`.execute(db);
  await sql`alter table activation_daily_0005 rename constraint activation_daily_key to activation_daily_0005_key`.execute(
    db,
  );
  await db.schema
    .createTable('activation_daily')
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('ward_code', 'text') // no foreign key: a rollup key must never be rewritten under us
    .addColumn('team_id', 'uuid')
    .addColumn('count', 'bigint', (c) => c.notNull().check(sql`count >= 0`))
    .addUniqueConstraint('activation_daily_key', ['day', 'provider', 'ward_code', 'team_id'], (u) =>
      u.nullsNotDistinct(),
    )
    .execute();
  await sql`insert into activation_daily (day, provider, ward_code, team_id, count)
    select d.day, d.provider, m.code, d.team_id, sum(d.count)
    from activation_daily_0005 d left join ward_codes_0019 m on m.ward = d.ward
    group by 1, 2, 3, 4`.execute(db);
  await db.schema.dropTable('activation_daily_0005').execute();
  await db.schema.dropTable('ward_codes_0019').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // Back to text: the rollup by ward name ('' for unknown); the rows kept their typed text all along.
  await sql`alter table activation_daily rename to activation_daily_0019`.execute(db);
  await sql`alter table activation_daily_0019 rename constraint activation_daily_key to activation_daily_0019_key`.execute(
    db,
  );
  await db.schema
    .createTable('activation_daily')
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('ward', 'text', (c) => c.notNull())
    .addColumn('team_id', 'uuid')
    .addColumn('count', 'bigint', (c) => c.notNull().check(sql`count >= 0`))
    .addUniqueConstraint('activation_daily_key', ['day', 'provider', 'ward', 'team_id'], (u) => u.nullsNotDistinct())
    .execute();
  await sql`insert into activation_daily (day, provider, ward, team_id, count)
    select d.day, d.provider, coalesce(w.name, ''), d.team_id, sum(d.count)
    from activation_daily_0019 d left join admin_wards w on w.code = d.ward_code group by 1, 2, 3, 4`.execute(db);
  await db.schema.dropTable('activation_daily_0019').execute();
  for (const table of ['merchants', 'teams', 'activations']) {
    await db.schema.alterTable(table).dropColumn('ward_code').execute();
  }
  await db.schema.dropTable('admin_wards').execute();
  await db.schema.dropTable('admin_provinces').execute();
}
