import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Migrator, sql } from 'kysely';
import t from 'tap';
import { migrationsFolder } from '../../src/db/migrator.js';
import { createTestDatabase } from '../helpers/database.js';

// Migration 0016: the MCCQT column (unique) and the sequence of its 11 digits, which stops at 11 digits.
t.test('migration 0016 goes down and up; the sequence never passes 11 digits', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const db = database.db;
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
  });
  const column = async () =>
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from information_schema.columns where table_name = 'invoices' and column_name = 'tax_authority_code'`.execute(
        db,
      )
    ).rows[0]!.n;
  t.equal(await column(), 1);
  t.error((await migrator.migrateTo('0015_catalog')).error);
  t.equal(await column(), 0, 'down drops the column');
  t.error((await migrator.migrateToLatest()).error);
  t.equal(await column(), 1, 'up adds it again');
  await sql`select setval('invoice_tax_code_seq', 99999999999)`.execute(db);
  await t.rejects(
    sql`select nextval('invoice_tax_code_seq')`.execute(db),
    'past 11 digits nextval fails, never cycles',
  );
});
