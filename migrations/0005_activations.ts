import { sql, type Kysely } from 'kysely';

// Frozen: migrations never import application code.
// Community digital teams, the staff who belong to them, mobile-money activations and their daily rollup.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ward', 'text', (c) => c.notNull()) // commune or ward the team works in
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Team names are what CSV files refer to: unique regardless of case.
  await db.schema
    .createIndex('teams_name_unique')
    .on('teams')
    .expression(sql`lower(name)`)
    .unique()
    .execute();

  // A staff member belongs to at most one team (primary key on staff_id). Kept beside the staff table rather than
  // as a column on it so the auth module's table stays its own.
  await db.schema
    .createTable('staff_teams')
    .addColumn('staff_id', 'uuid', (c) => c.primaryKey().references('staff.id').onDelete('cascade'))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('staff_teams_team').on('staff_teams').column('team_id').execute();

  // The phone number itself is never stored: only HMAC-SHA256(PII key, normalised number) and a masked form.
  await db.schema
    .createTable('activations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique()) // stable order for cursor pages and exports
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('ward', 'text', (c) => c.notNull())
    .addColumn('team_id', 'uuid', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('recorded_by', 'uuid', (c) => c.references('staff.id').onDelete('set null'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('api', 'import')`))
    .addColumn('activated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // One account per provider per person: the arbiter for INSERT ... ON CONFLICT DO NOTHING.
    .addUniqueConstraint('activations_provider_phone', ['provider', 'phone_hash'])
    .execute();
  await db.schema.createIndex('activations_team').on('activations').columns(['team_id', 'seq']).execute();

  // Totals for the summary and the live board: one row per Vietnam day × provider × ward × team, upserted in the
  // same transaction as the activations, so reading totals never scans the activations themselves.
  await db.schema
    .createTable('activation_daily')
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('ward', 'text', (c) => c.notNull())
    .addColumn('team_id', 'uuid') // no foreign key: a rollup key must never be rewritten under us
    .addColumn('count', 'bigint', (c) => c.notNull().check(sql`count >= 0`))
    .addUniqueConstraint('activation_daily_key', ['day', 'provider', 'ward', 'team_id'], (u) => u.nullsNotDistinct())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['activation_daily', 'activations', 'staff_teams', 'teams']) await db.schema.dropTable(t).execute();
}
