import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { resolveSecrets, SECRETS_FILE } from '../../src/settings/secrets.js';

// One embedded database for the file; the Postgres rules are about the database's kind, checked on the same one.
const database = await openDatabase({ dataDir: 'memory://' });
await migrateToLatest(database.db);
t.teardown(() => database.close());
const settingsRows = () => database.db.selectFrom('settings').select(['name', 'value']).execute();

t.test(
  'the embedded trial generates its secrets into its data folder, never the database, and keeps them',
  async (t) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cs-secrets-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    const first = await resolveSecrets(database, config);
    const file = path.join(dataDir, SECRETS_FILE);
    t.same(JSON.parse(readFileSync(file, 'utf8')), first, 'kept in the data folder');
    t.equal(statSync(file).mode & 0o777, 0o600, 'readable by the service only');
    t.same(await settingsRows(), [], 'nothing in the database');
    t.same(await resolveSecrets(database, config), first, 'a restart finds the same ones');
    const fromEnv = await resolveSecrets(database, loadConfig({ DATA_DIR: dataDir, PII_KEY: 'e'.repeat(32) }));
    t.equal(fromEnv.piiKey, 'e'.repeat(32), 'the environment wins');
    t.notMatch(readFileSync(file, 'utf8'), 'e'.repeat(32), 'and is not written down');
  },
);

t.test(
  'secrets an earlier version kept in the settings table move to the data folder and leave the table',
  async (t) => {
    await database.db
      .insertInto('settings')
      .values([
        { name: 'pii_key', value: 'old-pii-key' },
        { name: 'ws_ticket_key', value: 'old-ticket-key' },
      ])
      .execute();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cs-secrets-'));
    const secrets = await resolveSecrets(database, loadConfig({ DATA_DIR: dataDir }));
    t.equal(secrets.piiKey, 'old-pii-key', 'phone hashes keep matching');
    t.equal(secrets.wsTicketKey, 'old-ticket-key');
    t.same(await settingsRows(), []);
    t.match(readFileSync(path.join(dataDir, SECRETS_FILE), 'utf8'), 'old-pii-key');
  },
);

t.test(
  'on Postgres nothing is generated: PII_KEY and TICKET_KEY come from the environment, or it refuses',
  async (t) => {
    const postgres = { db: database.db, kind: 'postgres' as const };
    const error = await resolveSecrets(postgres, loadConfig({ DATA_DIR: 'memory://' })).catch((e: unknown) => e);
    t.ok(error instanceof ConfigError);
    t.match((error as ConfigError).problems, [/^PII_KEY: required/, /^TICKET_KEY: required/]);
    const keys = { DATA_DIR: 'memory://', PII_KEY: 'p'.repeat(32), TICKET_KEY: 't'.repeat(32) };
    const secrets = await resolveSecrets(postgres, loadConfig(keys));
    t.same([secrets.piiKey, secrets.wsTicketKey], ['p'.repeat(32), 't'.repeat(32)]);
    t.same(await settingsRows(), []);

    // A database whose phone hashes were made with a stored key refuses another one rather than hash them anew.
    await database.db
      .insertInto('settings')
      .values({ name: 'pii_key', value: 's'.repeat(32) })
      .execute();
    const mismatch = await resolveSecrets(postgres, loadConfig(keys)).catch((e: unknown) => e);
    t.match((mismatch as ConfigError).problems, [/^PII_KEY: differs/]);
    const matching = await resolveSecrets(postgres, loadConfig({ ...keys, PII_KEY: 's'.repeat(32) }));
    t.equal(matching.piiKey, 's'.repeat(32), 'the stored key, given by the environment');
    t.same(await settingsRows(), [], 'and the copy in the database is gone');
  },
);
