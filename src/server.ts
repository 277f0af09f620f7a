import { buildApp, redactPaths } from './app.js';
import { ensureFirstAdmin } from './auth/index.js';
import { assertDeploymentSecrets, ConfigError, loadConfig, sandboxEnabled, type Config } from './config/index.js';
import { openDatabase, migrateToLatest } from './db/index.js';
import { seedDemoOnFirstStart } from './demo/index.js';
import { purgeIdempotencyKeys } from './http/index.js';
import { setSolutionProviderTaxCode } from './invoices/index.js';

// Listens and shuts down gracefully; everything else lives in buildApp.
let config: Config;
try {
  config = loadConfig();
  assertDeploymentSecrets(config); // before anything connects: PII_KEY, TICKET_KEY and the provider's MST on Postgres
  setSolutionProviderTaxCode(config.EINVOICE_PROVIDER_TAX_CODE); // its check digit, before anything connects too
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

// A start that takes more than 2 s (a first start: a new database, the demo street) says what it is doing.
const bootStarted = performance.now();
let phase = 'opening the database';
const slowStart = setTimeout(() => console.log(`starting: ${phase}…`), 2_000);
function progress(step: string) {
  phase = step;
  let printedAt = 0;
  return (done: number, total: number) => {
    const now = performance.now();
    if (now - bootStarted < 2_000 || (done < total && now - printedAt < 500)) return;
    printedAt = now;
    console.log(`${step}… ${done}/${total}`);
  };
}

const database = await openDatabase({
  databaseUrl: config.DATABASE_URL,
  dataDir: config.DATA_DIR,
  poolSize: config.DATABASE_POOL_SIZE,
  preparedStatements: config.DATABASE_PREPARED_STATEMENTS === '1',
});
await migrateToLatest(database.db, progress('migrating'));
const firstAdmin = await ensureFirstAdmin(database.db, config.ADMIN_TOKEN);
// Empty embedded database and DEMO=1 only.
await seedDemoOnFirstStart(database, config, console.log, progress('creating the demo street'));
phase = 'starting the web server';

const app = await buildApp({
  config,
  database,
  logger: { level: config.LOG_LEVEL, redact: { paths: redactPaths, censor: '[redacted]' } },
}).catch(async (error: unknown) => {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message); // a secret that does not fit this database (resolveSecrets)
  await database.close();
  process.exit(1);
});

const purge = setInterval(
  () => void purgeIdempotencyKeys(database.db).catch((err) => app.log.warn({ err }, 'purge failed')),
  3_600_000,
);
purge.unref();

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  clearInterval(purge);
  try {
    await app.close(); // stops accepting, waits for in-flight requests, runs onClose hooks
    await database.close();
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await app.listen({ port: config.PORT, host: config.HOST });
clearTimeout(slowStart);
// The start leaves some 15 MB of garbage behind (PGlite's WebAssembly and data files read into buffers, what loading
// the modules and building the routes allocated), and an idle server allocates too little for V8 to collect it: one
// full collection now, while nothing waits on it (about 30 ms). `npm start` gives the function (node --expose-gc).
(globalThis as { gc?: () => void }).gc?.();
const shownHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
const url = `http://${shownHost}:${(app.server.address() as { port: number }).port}`;
const where = database.kind === 'pglite' ? `embedded database in ${config.DATA_DIR}` : 'Postgres (DATABASE_URL)';
const banner = [`\ncashless-street is running at ${url} on the ${where}`, `  API docs: ${url}/docs`];
if (sandboxEnabled(config))
  banner.push('  Sandbox bank ON (SANDBOX): test money is accepted and shown, marked test; never on a real deployment');
if (firstAdmin && 'revokedAdminToken' in firstAdmin) {
  banner.push(
    '',
    '  ADMIN_TOKEN was revoked by an admin and stays revoked: set a new ADMIN_TOKEN to get an environment admin again.',
    '',
  );
}
if (firstAdmin && 'generated' in firstAdmin && firstAdmin.generated)
  banner.push('', '  First admin token (shown once, keep it safe):', `  ${firstAdmin.token}`, '');
console.log(banner.join('\n'));
