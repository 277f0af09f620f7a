import { mkdirSync } from 'node:fs';
import { Kysely, type Transaction } from 'kysely';
import { CommitWatch } from './commit-watch.js';
import { pgliteStartParams, seedFromTemplate } from './pglite-options.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;
/** Repository functions accept either the database or an open transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Tells listeners, in this process, after a commit that inserted into a table they watch (see commit-watch.ts). */
  commits: CommitWatch;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  /** Postgres only: run registered hot statements as named statements (default true). */
  preparedStatements?: boolean;
  /** Embedded only: the data directory an empty DATA_DIR is copied from (default: the build's; null: none). */
  template?: string | null;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const commits = new CommitWatch();
  if (options.databaseUrl) {
    // Loaded only when used, as PGlite below: an embedded start never pays for pg's modules.
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(options.databaseUrl, options, commits);
  }
  const inMemory = options.dataDir === 'memory://';
  if (!inMemory) mkdirSync(options.dataDir, { recursive: true });
  // Loaded only when used: a Postgres deployment never pays for the embedded engine's memory.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  if (!inMemory && options.template !== null) seedFromTemplate(options.dataDir, options.template);
  const startParams = pgliteStartParams(PGlite.defaultStartParams);
  const pglite = new PGlite({ dataDir: inMemory ? undefined : options.dataDir, startParams });
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: commits.wrap(new PGliteDialect(pglite)) });
  return { db, kind: 'pglite', commits, close: () => db.destroy() };
}
