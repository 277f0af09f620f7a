import type { Kysely } from 'kysely';

// Money made by the sandbox bank is marked where it is stored: the payment, the sale it made and that sale's
// invoices. A constant default adds the column without rewriting the table (Postgres 11+), and old rows are real.
const tables = ['payments', 'sales', 'invoices'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of tables) {
    await db.schema.alterTable(table).addColumn('test', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of tables) await db.schema.alterTable(table).dropColumn('test').execute();
}
