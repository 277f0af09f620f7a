import type { Kysely } from 'kysely';

// Staff close a payment that needs no sale (an overpaid excess handed back, a duplicate returned by the bank) and say
// how, so the review list empties and the answer stays with the payment.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payments').addColumn('resolution_note', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payments').dropColumn('resolution_note').execute();
}
