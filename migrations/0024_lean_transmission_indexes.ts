import { sql, type Kysely } from 'kysely';

// Every confirmed sale inserts one invoice_transmissions row in its write, and each index on the table costs that
// insert an entry (and its WAL). Two of the five did not earn it:
// - invoice_transmissions_merchant indexed the stall's foreign key, but no query reads transmissions by stall and
//   stalls are never deleted (the only thing such an index speeds up is the check on a deleted merchants row).
// - the message id's uniqueness was a plain unique constraint, so every new row (whose message id is still null
//   until its first attempt) got an entry of its own. A partial unique index over the ids that exist enforces the
//   same rule (nulls never collide) and leaves the insert alone; the sender's first attempt adds the entry.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index invoice_transmissions_merchant`.execute(db);
  await sql`alter table invoice_transmissions drop constraint invoice_transmissions_message_id_key`.execute(db);
  await sql`create unique index invoice_transmissions_message_id on invoice_transmissions (message_id)
    where message_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index invoice_transmissions_message_id`.execute(db);
  await sql`alter table invoice_transmissions add constraint invoice_transmissions_message_id_key unique (message_id)`.execute(
    db,
  );
  await sql`create index invoice_transmissions_merchant on invoice_transmissions (merchant_id)`.execute(db);
}
