import type { InjectOptions } from 'fastify';
import type { Test } from 'tap';
import { buildApp, type App, type AppOptions } from '../../src/app.js';
import { ensureFirstAdmin } from '../../src/auth/staff.service.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createTestDatabase, deploymentSecretsEnv } from './database.js';

export const ADMIN_TOKEN = 'css_test-admin-token-0123456789abcdef';

export interface TestApp {
  app: App;
  database: Database;
  adminToken: string;
  /** Injects a request with a bearer token (if given) and returns the parsed JSON body beside the raw response. */
  call(
    options: InjectOptions & { token?: string },
  ): Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: string }>;
}

/** One app over one fresh database per test file (PGlite takes seconds to start: share it across a file's tests). */
export async function startTestApp(
  t: Test,
  env: Record<string, string> = {},
  /** The tax authority's transport (a test's own wrapper around the sandbox); by default as TVAN says. */
  taxAuthority?: AppOptions['taxAuthority'],
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config: Config = loadConfig({
    DATA_DIR: 'memory://',
    DEMO: '0',
    LOG_LEVEL: 'silent',
    ...deploymentSecretsEnv,
    ...env,
  });
  await ensureFirstAdmin(database.db, ADMIN_TOKEN);
  const app = await buildApp({ config, database, taxAuthority });
  t.teardown(async () => {
    await app.close();
    await database.close();
  });
  return {
    app,
    database,
    adminToken: ADMIN_TOKEN,
    async call({ token, headers, ...options }) {
      const res = await app.inject({
        ...options,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      });
      let body: unknown = undefined;
      if (String(res.headers['content-type'] ?? '').includes('json') && res.body) body = JSON.parse(res.body);
      return { status: res.statusCode, body, headers: res.headers, raw: res.body };
    },
  };
}

/**
 * A second app instance on the first one's database, as a second process behind a load balancer would be: on
 * Postgres with a pool of its own, on PGlite (one connection) over the same database. Closed with the test.
 */
export async function startSecondInstance(t: Test, first: TestApp): Promise<App> {
  const database =
    first.database.kind === 'postgres' && 'url' in first.database
      ? await openDatabase({ databaseUrl: (first.database as { url: string }).url, dataDir: 'memory://' })
      : first.database;
  const app = await buildApp({
    config: loadConfig({ DATA_DIR: 'memory://', DEMO: '0', LOG_LEVEL: 'silent', ...deploymentSecretsEnv }),
    database,
  });
  t.teardown(async () => {
    await app.close();
    if (database !== first.database) await database.close();
  });
  return app;
}
