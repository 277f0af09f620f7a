import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onCleanup } from './cleanup.js';

/** The Postgres server the benchmarks use; each run creates (and drops) its own database on it. */
export const ADMIN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database `bench_<random>`, dropped by the benchmark's cleanup (or by `drop()`). */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `bench_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  onCleanup(`drop database ${name}`, drop);
  return { name, url: withDatabase(ADMIN_DATABASE_URL, name), drop };
}

/** Settings that decide what a durable commit costs, printed so runs can be compared. */
export async function describeServer(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ v: string; sc: string; fs: string; ws: string; cd: string }>(
      `SELECT current_setting('server_version') v, current_setting('synchronous_commit') sc, current_setting('fsync') fs,
              current_setting('wal_sync_method') ws, current_setting('commit_delay') cd`,
    );
    const s = r.rows[0];
    return `Postgres ${s.v}, synchronous_commit=${s.sc}, fsync=${s.fs}, wal_sync_method=${s.ws}, commit_delay=${s.cd}`;
  } finally {
    await client.end();
  }
}

/**
 * Fails, with the numbers, when the server cannot take `needed` more connections (the raw baseline opens one per
 * client): better than "too many clients already" after minutes of setup. With `waitMs`, waits that long first for
 * connections to be freed (a server's pool closes its idle connections after 10 s).
 */
export async function assertConnectionsAvailable(url: string, needed: number, waitMs = 0): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const until = Date.now() + waitMs;
    for (;;) {
      const r = await client.query<{ max: number; used: number; reserved: number }>(
        `SELECT current_setting('max_connections')::int max, current_setting('superuser_reserved_connections')::int reserved,
                (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend') used`,
      );
      const { max, used, reserved } = r.rows[0];
      // This client's own connection is counted in `used` but is closed before the caller opens its own.
      const free = max - reserved - used + 1;
      if (needed <= free) return;
      if (Date.now() >= until) {
        throw new Error(
          `this run needs ${needed} Postgres connections, but the server has ${free} free (max_connections ${max}, ${reserved} reserved, ${used} in use): lower --concurrency`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await client.end();
  }
}
