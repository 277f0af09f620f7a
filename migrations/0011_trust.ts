import { sql, type Kysely } from 'kysely';

// Money made by the sandbox bank is marked where it is stored: the payment, the sale it made and that sale's
// invoices. A constant default adds the column without rewriting the table (Postgres 11+), and old rows are real.
const tables = ['payments', 'sales', 'invoices'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of tables) {
    await db.schema.alterTable(table).addColumn('test', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  }
  // Masked phones show the last three digits only: `091****678` becomes `*******678` (one star per hidden digit).
  await sql`update activations set phone_masked = repeat('*', length(phone_masked) - 3) || right(phone_masked, 3) where phone_masked !~ '^[*]+[0-9]{3}$'`.execute(db);
}

// The first digits masked by `up` are gone for good: `down` leaves the masks as they are.
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of tables) await db.schema.alterTable(table).dropColumn('test').execute();
}
