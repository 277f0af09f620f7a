import { sql, type Kysely } from 'kysely';

// A staff member's scope: every site (the default, and what every staff member had before), some sites
// (staff_sites), or one province. Admins see everything whatever is stored here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('staff')
    .addColumn('scope_kind', 'text', (c) =>
      c
        .notNull()
        .defaultTo('all')
        .check(sql`scope_kind in ('all', 'sites', 'province')`),
    )
    .addColumn('scope_province_code', 'text', (c) => c.references('admin_provinces.code'))
    .execute();
  await sql`alter table staff add constraint staff_scope_province check ((scope_kind = 'province') = (scope_province_code is not null))`.execute(
    db,
  );
  await db.schema
    .createTable('staff_sites')
    .addColumn('staff_id', 'uuid', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id'))
    .addPrimaryKeyConstraint('staff_sites_pk', ['staff_id', 'site_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_sites').execute();
  await sql`alter table staff drop constraint staff_scope_province`.execute(db);
  await db.schema.alterTable('staff').dropColumn('scope_province_code').dropColumn('scope_kind').execute();
}
