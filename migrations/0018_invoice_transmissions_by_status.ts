import { sql, type Kysely } from 'kysely';

// Transmissions by status and day of issue (queued_at is the invoice's issued_at): the staff invoices list filtered
// by status walks only the rows of that status, newest first, and the board counts today's invoices per status with
// four short index-only range scans, whatever the number of earlier invoices.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index invoice_transmissions_status_day on invoice_transmissions (status, queued_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invoice_transmissions_status_day').execute();
}
