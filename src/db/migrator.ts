import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

// Migrations are frozen in time and typed against no schema, so the migrator works on Kysely<any>, as they do.
/* eslint-disable @typescript-eslint/no-explicit-any */

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** (done, total) of the pending migrations, as each one finishes: a long first start prints it. */
export type MigrationProgress = (done: number, total: number) => void;

function migratorFor(db: Kysely<any>, provider?: MigrationProvider): Migrator {
  return new Migrator({
    db,
    provider: provider ?? new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
  });
}

/** The folder's migrations, each reporting when its `up` finishes. */
function reportingProvider(total: number, onProgress: MigrationProgress): MigrationProvider {
  const files = new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder });
  let done = 0;
  return {
    async getMigrations() {
      const migrations = await files.getMigrations();
      const wrapped: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(migrations)) {
        wrapped[name] = {
          ...m,
          up: async (db) => {
            await m.up(db);
            onProgress(++done, total);
          },
        };
      }
      return wrapped;
    },
  };
}

/**
 * Applies every pending migration (Kysely runs them all in one transaction on Postgres and PGlite); throws with the
 * failing migration's name.
 */
export async function migrateToLatest(db: Kysely<any>, onProgress?: MigrationProgress): Promise<string[]> {
  const pending = await pendingCount(db);
  if (pending === 0) return [];
  const provider = onProgress ? reportingProvider(pending, onProgress) : undefined;
  const { error, results } = await migratorFor(db, provider).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}

/** The names FileMigrationProvider would load from the folder (it skips declarations and other files). */
async function migrationNames(): Promise<string[]> {
  const files = await fs.readdir(migrationsFolder);
  return files
    .filter((f) => /\.(js|ts|mjs|mts)$/.test(f) && !/\.d\.(ts|mts)$/.test(f))
    .map((f) => f.slice(0, f.lastIndexOf('.')));
}

/**
 * Every start runs the migrator, and on a database that is up to date it costs more than the rest of a restart: the
 * Migrator introspects every table and imports every migration before finding nothing to do. One query says so
 * first, and counts what is pending for the progress. Anything odd (a name the folder lacks) counts as pending and
 * goes to the Migrator, which reports it.
 */
async function pendingCount(db: Kysely<any>): Promise<number> {
  const names = await migrationNames();
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const applied = new Set(rows.map((r) => r.name));
    const known = names.filter((n) => applied.has(n)).length;
    return applied.size > known ? Math.max(1, names.length - known) : names.length - known;
  } catch {
    return names.length; // no migration table yet: a new database
  }
}

/** True when every migration in migrations/ has been applied (used by /readyz). */
export async function migrationsPending(db: Kysely<any>): Promise<number> {
  const migrations = await migratorFor(db).getMigrations();
  return migrations.filter((m) => !m.executedAt).length;
}
