import { sql, type Kysely } from 'kysely';

// The security log of refused webhook deliveries, bounded: per source (client IP) and minute, a counter of every
// refusal, while webhook_rejections keeps only the first few in detail. A flood of bad signatures then writes one
// counter row a minute per source instead of a row per request.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook_rejection_counts')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('minute', 'timestamptz', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_rejection_counts_pk', ['source', 'minute'])
    .execute();
  await db.schema
    .createIndex('webhook_rejection_counts_minute')
    .on('webhook_rejection_counts')
    .column('minute')
    .execute();
  await sql`comment on column webhook_rejection_counts.rejected is 'every refusal from this source in this minute, kept in detail or not'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_rejection_counts').execute();
}
