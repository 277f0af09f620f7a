import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';

/** The Postgres server tests run against, when any: TEST_DATABASE_URL, else DATABASE_URL. */
export const postgresUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

/**
 * The secrets and settings a service on Postgres must be given (it refuses to start without them); the embedded
 * database generates its own secrets and has a stand-in provider MST, so there the tests leave them out and exercise
 * that path.
 */
export const deploymentSecretsEnv: Record<string, string> = postgresUrl
  ? {
      PII_KEY: 'test-pii-key-0123456789abcdef0123456789',
      TICKET_KEY: 'test-ticket-key-0123456789abcdef012345',
      EINVOICE_PROVIDER_TAX_CODE: '0100109106',
    }
  : {};

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database of its own
 * on the Postgres server (so tap's parallel test files never see each other's rows). Dropped on close.
 */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  if (!postgresUrl) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database.db);
    return database;
  }
  const name = `cs_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://', poolSize: 30 });
  await migrateToLatest(database.db);
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      // Closed clients may still be saying goodbye; a forced drop would send them an error nobody listens to.
      for (let attempt = 0; ; attempt++) {
        try {
          await adminQuery(`drop database if exists ${name}`);
          return;
        } catch (error) {
          if (attempt >= 50) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
  };
}

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
