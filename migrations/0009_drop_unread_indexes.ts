import type { Kysely } from 'kysely';

// Two indexes that no query reads, paid for by every confirmation: `payments_request` (payments by request: the
// review, the checks and the request's own page never look payments up that way) and `events_merchant` (the feeds
// read the outbox by id alone). Each payment wrote one entry into the first and three (payment, sale, invoice
// events) into the second. Foreign keys do not need them: payment requests and events are never deleted.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('payments_request').execute();
  await db.schema.dropIndex('events_merchant').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('payments_request').on('payments').column('payment_request_id').execute();
  await db.schema.createIndex('events_merchant').on('events').columns(['merchant_id', 'id']).execute();
}
