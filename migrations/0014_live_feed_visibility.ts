import { sql, type Kysely } from 'kysely';

// The live feeds read the outbox by commit visibility instead of by id order (ids from a sequence leave holes that a
// reader cannot tell from a transaction still running). Each event records the transaction that wrote it; a reader
// keeps the last snapshot it read under and asks for rows written by transactions that snapshot could not see.
// Rows written before this migration keep a null xid: every feed starts from the present, so none reads them.
//
// ws_tickets: a websocket ticket is spent by deleting its row (one socket, once), and rotating a merchant's key deletes
// its unspent ones. Only a hash of the ticket's random part is kept, never the ticket.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('events')
    .addColumn('xid', sql`xid8`)
    .execute();
  // Set after adding, so existing rows are not rewritten; new rows get the writing (top-level) transaction's id.
  await sql`alter table events alter column xid set default pg_current_xact_id()`.execute(db);
  await db.schema.createIndex('events_xid').on('events').column('xid').execute();

  await db.schema
    .createTable('ws_tickets')
    .addColumn('nonce_hash', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'uuid', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ws_tickets_merchant').on('ws_tickets').column('merchant_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ws_tickets').execute();
  await db.schema.dropIndex('events_xid').execute();
  await db.schema.alterTable('events').dropColumn('xid').execute();
}
