import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/index.js';
import { openDatabase, migrationsPending } from '../db/index.js';
import { checkNames, runInvariantChecks } from './invariants.js';
import { formatReport } from './report.js';

// `npm run check`: verifies the database named by the environment (DATABASE_URL, or the embedded one in DATA_DIR)
// and exits 0 when every invariant holds, 1 naming each violation, 2 when it could not check at all.
// Read-only. On the embedded database, stop the server first: PGlite's files belong to one process at a time.

const usage = `Usage: npm run check -- [--only name,name] [--max N] [--json]
  --only   run only these checks (${checkNames.join(', ')})
  --max    violations listed per check (default 100)
  --json   print the report as JSON
Exit status: 0 all OK, 1 violations found, 2 could not check.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      max: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const only = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only?.filter((name) => !checkNames.includes(name)) ?? [];
  if (unknown.length) {
    console.error(`Unknown check(s): ${unknown.join(', ')}\n${usage}`);
    return 2;
  }
  const config = loadConfig();
  if (!config.DATABASE_URL && config.DATA_DIR !== 'memory://' && !existsSync(config.DATA_DIR)) {
    // Opening a missing directory would create an empty database and "verify" that.
    console.error(`No embedded database in ${config.DATA_DIR} (set DATA_DIR, or DATABASE_URL for Postgres)`);
    return 2;
  }
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  const where =
    database.kind === 'postgres' ? 'Postgres (DATABASE_URL)' : `the embedded database in ${config.DATA_DIR}`;
  try {
    const pending = await migrationsPending(database.db);
    if (pending > 0) {
      console.error(
        `${where} has ${pending} pending migration(s): run \`npm run migrate\` (or start the server) first`,
      );
      return 2;
    }
    const report = await runInvariantChecks(database.db, only);
    console.log(
      values.json ? JSON.stringify(report, null, 2) : formatReport(report, where, Math.max(0, Number(values.max) || 0)),
    );
    return report.violations.length ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      error instanceof ConfigError
        ? error.message
        : `check failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 2;
  },
);
