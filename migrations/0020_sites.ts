import { sql, type Kysely } from 'kysely';

// Sites: the cashless streets and markets of a deployment, each in an official province and ward (migration 0019).
// Every stall belongs to one. The programme began on one street, so that street is the first site, and every stall
// stored before this migration stands in it. A fresh database gets it too: with exactly one site, onboarding may
// leave the site out, as it did before sites existed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sites')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('street', 'market', 'night-market', 'other')`))
    .addColumn('province_code', 'text', (c) => c.notNull().references('admin_provinces.code'))
    .addColumn('ward_code', 'text', (c) => c.notNull().references('admin_wards.code'))
    .addColumn('address', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('sites_province').on('sites').column('province_code').execute();

  const kimDong: { id: string } = await db
    .insertInto('sites')
    .values({
      slug: 'kim-dong',
      name: 'Phố đi bộ Kim Đồng',
      kind: 'street',
      province_code: '04',
      ward_code: '01273',
      address: 'Phố Kim Đồng, phường Thục Phán, Cao Bằng',
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  await db.schema.alterTable('merchants').addColumn('site_id', 'uuid').execute();
  await db.updateTable('merchants').set({ site_id: kimDong.id }).execute();
  await db.schema
    .alterTable('merchants')
    .alterColumn('site_id', (c) => c.setNotNull())
    .execute();
  await db.schema
    .alterTable('merchants')
    .addForeignKeyConstraint('merchants_site_fk', ['site_id'], 'sites', ['id'])
    .execute();
  // Scoped lists and per-site boards find a site's stalls by it.
  await db.schema.createIndex('merchants_site').on('merchants').columns(['site_id', 'stall_code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('merchants').dropColumn('site_id').execute();
  await db.schema.dropTable('sites').execute();
}
