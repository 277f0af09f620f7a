import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Migrator, sql } from 'kysely';
import t from 'tap';
import { migrationsFolder } from '../../src/db/migrator.js';
import { createTestDatabase } from '../helpers/database.js';

// What an earlier version stored, brought to the new rules by migration 0011: phones masked to their last three
// digits, payer accounts in raw notifications masked, and no one-time secret left in an idempotent answer.
t.test('migration 0011 masks what was stored before it and keeps replays answering', async (t) => {
  const database = await createTestDatabase(); // migrated to the latest: go back to before 0011 first
  t.teardown(() => database.close());
  const db = database.db;
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
  });
  const down = await migrator.migrateTo('0010_open_payment_indexes');
  t.error(down.error);

  await sql`insert into activations (provider, phone_hash, phone_masked, ward, source, activated_at) values ('viettel_money', 'h', '091****678', 'Phường Thục Phán', 'api', now())`.execute(
    db,
  );
  const payos = '{"data":{"accountNumber":"1012345678","counterAccountNumber":"0987654321"},"signature":"ab"}';
  await sql`insert into notifications (provider, provider_tx_id, raw_body, status) values ('payos', 'TX1', ${payos}, 'processed')`.execute(
    db,
  );
  const token = `csm_${'k'.repeat(43)}`;
  await sql`insert into idempotency_keys (scope, key, request_hash, status_code, content_type, response_body, locked_until)
    values ('staff:1 POST /api/v1/merchants/:id/api-keys', 'k1', 'h', 201, 'application/json', ${JSON.stringify({ apiKey: token })}, now()),
           ('merchant:1 POST /api/v1/sales', 'k2', 'h', 201, 'application/json', '{"sale":{"id":"s"}}', now())`.execute(
    db,
  );

  const up = await migrator.migrateToLatest();
  t.error(up.error);
  t.equal((await sql<{ m: string }>`select phone_masked as m from activations`.execute(db)).rows[0].m, '*******678');
  t.equal(
    (await sql<{ r: string }>`select raw_body as r from notifications`.execute(db)).rows[0].r,
    payos.replace('0987654321', '******4321'),
  );
  const answers = (
    await sql<{
      key: string;
      body: string;
    }>`select key, response_body as body from idempotency_keys order by key`.execute(db)
  ).rows;
  t.same(
    JSON.parse(answers[0].body),
    { apiKey: null, secretShownOnce: true },
    'the key is gone; a replay still answers',
  );
  t.equal(answers[1].body, '{"sale":{"id":"s"}}', 'an answer without a secret is untouched');
  const tests = await sql<{
    n: number;
  }>`select count(*)::int as n from information_schema.columns where column_name = 'test' and table_name in ('payments', 'sales', 'invoices')`.execute(
    db,
  );
  t.equal(tests.rows[0].n, 3, 'payments, sales and invoices have their test column');
});
