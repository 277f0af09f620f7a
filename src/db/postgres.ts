import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { CommitWatch } from './commit-watch.js';
import { preparedStatementName } from './prepared.js';
import type { DB } from './schema.js';

// Postgres returns int8 as strings by default; money is bigint VND well inside 2^53, so parse to number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Errors after which a connection's prepared statements cannot be trusted: "does not exist" (the server or a pooler
 * dropped them), "cached plan must not change result type" (a migration changed a column's type). */
const LOST_STATEMENT_CODES = new Set(['26000', '0A000']);

/**
 * A pg client that runs registered hot statements (see prepared.ts) as named statements, parsed once per connection.
 * A connection whose prepared statements went wrong is handed back to the pool as broken, so the pool closes it and
 * the next transaction starts on a fresh one.
 */
class PreparingClient extends pg.Client {
  private statementsLost = false;
  private releaseToPool?: (err?: Error | boolean) => void;

  // pg-pool gives each client a release function as it lends it out; a release with an error removes the client.
  get release(): (err?: Error | boolean) => void {
    return (err) =>
      this.releaseToPool?.(
        err ?? (this.statementsLost ? new Error('prepared statements lost on this connection') : undefined),
      );
  }
  set release(fn: (err?: Error | boolean) => void) {
    this.releaseToPool = fn;
  }

  // pg's query() has many overloads; Kysely calls it as query(text, values), the only form changed here. The others
  // are forwarded untouched, so their types cannot be named one by one here.
  /* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument */
  override query(...args: any[]): any {
    const [text, values] = args;
    const name =
      typeof text === 'string' && Array.isArray(values) && args.length === 2 ? preparedStatementName(text) : undefined;
    if (!name) return (super.query as (...a: any[]) => any)(...args);
    return super.query({ name, text, values }).catch((error: { code?: string }) => {
      if (LOST_STATEMENT_CODES.has(error.code ?? '')) this.statementsLost = true;
      throw error;
    });
  }
  /* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument */
}

/** A Postgres database (DATABASE_URL): a pool of pg clients (database.ts's openDatabase, which loads this file only
 * then). Its options are openDatabase's. */
export function openPostgres(
  databaseUrl: string,
  options: { poolSize?: number; preparedStatements?: boolean },
  commits: CommitWatch,
) {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 20,
    Client: options.preparedStatements === false ? pg.Client : PreparingClient,
  });
  // A connection dropped by the server (a restart, a terminated backend) must not crash the process. Idle, the pool
  // reports it here and replaces it; lent out, the client itself reports it, its query fails, and the pool drops it
  // when it comes back (pg-pool only listens for errors on idle clients).
  pool.on('error', (err) => console.error(`postgres pool: idle connection lost: ${err.message}`));
  pool.on('connect', (client) =>
    client.on('error', (err) => console.error(`postgres: connection lost: ${err.message}`)),
  );
  const db = new Kysely<DB>({ dialect: commits.wrap(new PostgresDialect({ pool })) });
  return { db, kind: 'postgres' as const, commits, close: () => db.destroy() };
}
