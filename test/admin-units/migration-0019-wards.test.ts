import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Migrator, sql } from 'kysely';
import t from 'tap';
import { migrationsFolder } from '../../src/db/migrator.js';
import { boardSource } from '../../src/stats/index.js';
import { createTestDatabase } from '../helpers/database.js';

// What the service stored before wards had codes: free text on merchants, teams, activations and the rollup, and
// activation events carrying that text to the public board. Migration 0019 gives each text its official code
// ("Thục Phán" and "Phường Thục Phán" are both 01273), leaves a text that names no ward without one (a phone number
// typed as a ward), keys the rollup by code, and the board shows only official names.
t.test('migration 0019 codes the wards stored as text, and no stray text reaches the board', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const db = database.db;
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
  });
  t.error((await migrator.migrateTo('0018_invoice_transmissions_by_status')).error);

  const wards = ['Phường Thục Phán', 'Thục Phán', 'THUC PHAN', '0912345678', 'Hợp Giang', 'Xã Hòa An', 'Tân Giang'];
  for (const [i, ward] of wards.entries()) {
    await sql`insert into merchants (stall_code, name, qr_name, category, mcc, ward, payout_bin, payout_account,
      tax_method, invoice_letters) values (${`KD-${i}`}, 'Quầy', 'QUAY', 'food', '5812', ${ward}, '970436',
      ${`00${i}`}, 'household', 'KD')`.execute(db);
    await sql`insert into teams (name, ward) values (${`Tổ ${i}`}, ${ward})`.execute(db);
    await sql`insert into activations (provider, phone_hash, phone_masked, ward, source, activated_at)
      values ('viettel_money', ${`h${i}`}, '*******678', ${ward}, 'api', '2026-03-05T03:00:00Z')`.execute(db);
    await sql`insert into activation_daily (day, provider, ward, team_id, count)
      values ('2026-03-05', 'viettel_money', ${ward}, null, 1)`.execute(db);
    await sql`insert into events (type, data) values ('activation.recorded',
      ${JSON.stringify({ provider: 'viettel_money', ward })}::jsonb)`.execute(db);
  }

  t.error((await migrator.migrateToLatest()).error);

  const expected: Record<string, string | null> = {
    'Phường Thục Phán': '01273',
    'Thục Phán': '01273',
    'THUC PHAN': '01273',
    '0912345678': null,
    'Hợp Giang': null, // a ward before 2025, merged since: no official unit of that name
    'Xã Hòa An': '01654',
    'Tân Giang': '01288',
  };
  for (const table of ['merchants', 'teams', 'activations'] as const) {
    const rows = await sql<{ ward: string; ward_code: string | null }>`
      select ward, ward_code from ${sql.table(table)}`.execute(db);
    t.same(
      Object.fromEntries(rows.rows.map((r) => [r.ward, r.ward_code])),
      expected,
      `${table}: each text has its code, the typed text kept for staff`,
    );
  }
  const rollup = await sql<{ ward_code: string | null; count: string }>`
    select ward_code, count::text from activation_daily order by ward_code nulls last`.execute(db);
  t.same(
    rollup.rows,
    [
      { ward_code: '01273', count: '3' },
      { ward_code: '01288', count: '1' },
      { ward_code: '01654', count: '1' },
      { ward_code: null, count: '2' },
    ],
    'the rollup merges the spellings of one ward; the unknown ones count, under no ward',
  );
  await t.rejects(
    sql`insert into teams (name, ward, ward_code) values ('Tổ X', 'X', '99999')`.execute(db),
    'a ward code must be an official one',
  );

  const snapshot = (await boardSource(db).snapshot()) as { ticker: { type: string; ward?: string }[] };
  const shown = snapshot.ticker.filter((i) => i.type === 'activation').map((i) => i.ward);
  t.equal(shown.length, wards.length, 'every activation is on the ticker');
  t.notOk(JSON.stringify(snapshot).includes('0912345678'), 'the phone number typed as a ward is not on the board');
  t.notOk(JSON.stringify(snapshot).includes('Hợp Giang'), 'nor is a text that names no official ward');
  t.same(
    [...new Set(shown)].sort(),
    ['', 'Phường Tân Giang', 'Phường Thục Phán'].sort(),
    'official names only (an old event\'s text is looked up nationwide: "Xã Hòa An" names several, so it shows none)',
  );

  t.error((await migrator.migrateTo('0018_invoice_transmissions_by_status')).error, 'and it goes down');
  const back = await sql<{ ward: string; count: string }>`
    select ward, sum(count)::text as count from activation_daily group by ward`.execute(db);
  t.same(
    Object.fromEntries(back.rows.map((r) => [r.ward, r.count])),
    { '': '2', 'Phường Tân Giang': '1', 'Phường Thục Phán': '3', 'Xã Hòa An': '1' },
    'down: the rollup by ward name again',
  );
  t.error((await migrator.migrateToLatest()).error, 'and up again');
});
