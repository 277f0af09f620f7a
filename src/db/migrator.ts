import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, Migrator, type Kysely } from 'kysely';

// Migrations are frozen in time and typed against no schema, so the migrator works on Kysely<any>, as they do.
/* eslint-disable @typescript-eslint/no-explicit-any */

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

function migratorFor(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }) });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migratorFor(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}

/** True when every migration in migrations/ has been applied (used by /readyz). */
export async function migrationsPending(db: Kysely<any>): Promise<number> {
  const migrations = await migratorFor(db).getMigrations();
  return migrations.filter((m) => !m.executedAt).length;
}
