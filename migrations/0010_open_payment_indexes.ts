import { sql, type Kysely } from 'kysely';

// Payments still waiting for review (resolved_at is null: underpaid, overpaid, late, duplicate, unmatched), newest
// first: for staff (the review list) and for a stall (its own, shown again after the app reloads or reconnects).
// Partial, so matched payments, nearly all of them, add no entry: the confirmation's write path does not pay for them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('payments_open')
    .on('payments')
    .columns(['created_at', 'id'])
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('payments_open_by_stall')
    .on('payments')
    .columns(['merchant_id', 'created_at', 'id'])
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('payments_open_by_stall').execute();
  await db.schema.dropIndex('payments_open').execute();
}
