import { sql, type Kysely } from 'kysely';

// The queue of invoices to transmit to the tax authority (docs/tax-authority.md): one row per invoice, written in the
// invoice's own transaction, then taken by the sender loop (FOR UPDATE SKIP LOCKED) until the authority accepts or
// rejects it. Its retry state lives here, so a restart loses nothing; the message id (MTDiep) is fixed by the first
// attempt and unique, so one invoice never travels under two ids. Test invoices (the sandbox bank's money) never
// get a row. Invoices issued before this migration are queued now: late is better than never sent.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invoice_transmissions')
    .addColumn('invoice_id', 'uuid', (c) => c.primaryKey().references('invoices.id'))
    .addColumn('merchant_id', 'uuid', (c) => c.notNull().references('merchants.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sql`status in ('queued', 'sent', 'accepted', 'rejected')`),
    )
    .addColumn('message_id', 'text', (c) => c.unique().check(sql`length(message_id) <= 46`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_text', 'text')
    .addColumn('receipt_xml', 'text')
    .addColumn('result_xml', 'text')
    .addColumn('queued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('decided_at', 'timestamptz')
    .addCheckConstraint(
      'invoice_transmissions_decided',
      sql`(status in ('accepted', 'rejected')) = (decided_at is not null)`,
    )
    .execute();
  // The sender's claim reads only the rows still in flight, oldest due first.
  await sql`create index invoice_transmissions_due on invoice_transmissions (next_attempt_at) where status in ('queued', 'sent')`.execute(
    db,
  );
  await db.schema
    .createIndex('invoice_transmissions_merchant')
    .on('invoice_transmissions')
    .column('merchant_id')
    .execute();
  await sql`insert into invoice_transmissions (invoice_id, merchant_id, queued_at, next_attempt_at)
    select id, merchant_id, issued_at, now() from invoices where not test`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invoice_transmissions').execute();
}
