import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Migrator } from 'kysely';
import t from 'tap';
import { migrationsFolder } from '../../src/db/migrator.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// Migration 0021: the running totals are created and backfilled from the rollups already there, equal to what the
// write path had kept (sales and a refund of two stalls).
t.test('migration 0021 backfills the running totals from the rollups', async (t) => {
  const ctx = await startTestApp(t);
  const { call, database } = ctx;
  const db = database.db;
  const a = await onboardStall(ctx);
  const b = await onboardStall(ctx);
  for (const [stall, amount] of [
    [a, 45000],
    [a, 30000],
    [b, 120000],
  ] as const)
    await call({ method: 'POST', url: '/api/v1/sales', token: stall.apiKey, payload: { amount, method: 'cash' } });
  const sale = (
    await call({ method: 'POST', url: '/api/v1/sales', token: b.apiKey, payload: { amount: 50000, method: 'cash' } })
  ).body.sale;
  await call({ method: 'POST', url: `/api/v1/sales/${sale.id}/refunds`, token: b.apiKey, payload: { amount: 10000 } });
  const pr = (
    await call({ method: 'POST', url: '/api/v1/payment-requests', token: a.apiKey, payload: { amount: 64000 } })
  ).body;
  await call({ method: 'POST', url: '/sandbox/transfers', payload: { payload: pr.qr.payload, payerBank: 'MOMO' } });
  const totals = () => db.selectFrom('merchant_totals').selectAll().orderBy('merchant_id').execute();
  const kept = await totals();
  t.same(
    kept.map((r) => [r.sales_count, r.sales_value, r.refund_value]).sort(),
    [
      [2, 170000, 10000],
      [3, 139000, 0],
    ],
    'the write path kept them',
  );

  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
  });
  const names = (await migrator.getMigrations()).map((m) => m.name);
  const before = names[names.indexOf('0021_running_totals') - 1]!;
  t.error((await migrator.migrateTo(before)).error);
  const tables = await db.introspection.getTables();
  t.notOk(
    tables.some((x) => x.name === 'merchant_totals' || x.name === 'payer_totals'),
    'down drops the tables',
  );
  t.error((await migrator.migrateToLatest()).error);
  t.same(await totals(), kept, 'up backfills the same totals from the rollups');
  const payers = await db.selectFrom('payer_totals').select(['payer', 'method', 'count', 'value']).execute();
  t.same(payers, [{ payer: 'MOMO', method: 'mobile_money', count: 1, value: 64000 }], 'and the payer totals');
});
