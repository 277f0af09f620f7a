import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import t from 'tap';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest, migrationsFolder } from '../../src/db/migrator.js';
import { seedFromTemplate } from '../../src/db/pglite-options.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'pglite-start-'));
t.teardown(() => rmSync(scratch, { recursive: true, force: true }));

/** A stand-in for dist/pgdata-template: the copy is about files, not about what Postgres keeps in them. */
function fakeTemplate(): string {
  const dir = path.join(scratch, `template-${Math.random().toString(36).slice(2)}`);
  mkdirSync(path.join(dir, 'base/1'), { recursive: true });
  writeFileSync(path.join(dir, 'base/1/1259'), 'catalog pages');
  writeFileSync(path.join(dir, 'postgresql.conf'), '# settings');
  writeFileSync(path.join(dir, 'PG_VERSION'), '17\n');
  return dir;
}

t.test('an empty data directory is filled from the template, PG_VERSION included', async (t) => {
  const template = fakeTemplate();
  const dataDir = path.join(scratch, 'fresh');
  t.equal(seedFromTemplate(dataDir, template), true);
  t.equal(readFileSync(path.join(dataDir, 'base/1/1259'), 'utf8'), 'catalog pages');
  t.equal(readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8'), '17\n');
});

t.test('a data directory that holds a database is never overwritten', async (t) => {
  const template = fakeTemplate();
  const dataDir = path.join(scratch, 'existing');
  mkdirSync(dataDir);
  writeFileSync(path.join(dataDir, 'PG_VERSION'), '17\n');
  writeFileSync(path.join(dataDir, 'postgresql.conf'), '# mine');
  t.equal(seedFromTemplate(dataDir, template), false);
  t.equal(readFileSync(path.join(dataDir, 'postgresql.conf'), 'utf8'), '# mine');
  t.notOk(existsSync(path.join(dataDir, 'base')));
});

t.test('a copy interrupted before PG_VERSION is copied again; secrets beside it stay', async (t) => {
  const template = fakeTemplate();
  const dataDir = path.join(scratch, 'interrupted');
  mkdirSync(path.join(dataDir, 'base/1'), { recursive: true });
  writeFileSync(path.join(dataDir, 'base/1/1259'), 'half written');
  writeFileSync(path.join(dataDir, 'cashless-secrets.json'), '{}');
  t.equal(seedFromTemplate(dataDir, template), true);
  t.equal(readFileSync(path.join(dataDir, 'base/1/1259'), 'utf8'), 'catalog pages');
  t.ok(existsSync(path.join(dataDir, 'PG_VERSION')));
  t.equal(readFileSync(path.join(dataDir, 'cashless-secrets.json'), 'utf8'), '{}');
});

t.test('without a template (running from the sources) nothing is copied and PGlite runs initdb', async (t) => {
  const dataDir = path.join(scratch, 'no-template');
  t.equal(seedFromTemplate(dataDir, path.join(scratch, 'absent')), false);
  t.notOk(existsSync(path.join(dataDir, 'PG_VERSION')));
});

t.test('the embedded database: small shared buffers, default durability, and migrations report progress', async (t) => {
  const database = await openDatabase({ dataDir: 'memory://' });
  t.teardown(() => database.close());
  const show = async (name: string) =>
    (await sql<Record<string, string>>`${sql.raw(`show ${name}`)}`.execute(database.db)).rows[0][name];
  t.equal(await show('shared_buffers'), '8MB');
  t.equal(await show('synchronous_commit'), 'on');
  t.equal(await show('full_page_writes'), 'on');

  const calls: Array<[number, number]> = [];
  const applied = await migrateToLatest(database.db, (done, total) => calls.push([done, total]));
  const files = readdirSync(migrationsFolder).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'));
  t.equal(applied.length, files.length, 'every migration applied');
  t.same(
    calls,
    files.map((_, i) => [i + 1, files.length]),
    'one call per migration, in order, against the pending count',
  );
  const again: Array<[number, number]> = [];
  t.same(await migrateToLatest(database.db, (d, n) => again.push([d, n])), []);
  t.same(again, [], 'nothing pending, nothing reported');
});
