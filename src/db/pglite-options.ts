import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How the embedded database (PGlite) is started, and the pre-initialised data directory a first start copies.
 *
 * Memory: PGlite runs Postgres inside one WebAssembly heap, which grows but never shrinks, so Postgres's own default of
 * 128 MB shared buffers would stay resident for the life of the process. A street's data fits in a few MB, and the
 * operating system's page cache holds the data files anyway; 8 MB keeps hot pages without paying 128 MB for them.
 * Durability is unchanged: PGlite's own start parameters are kept as they are and only memory settings are added
 * (synchronous_commit and full_page_writes stay on).
 */
export const PGLITE_SETTINGS = ['shared_buffers=8MB', 'temp_buffers=2MB', 'wal_buffers=1MB'];

export function pgliteStartParams(defaults: readonly string[]): string[] {
  return [...defaults, ...PGLITE_SETTINGS.flatMap((s) => ['-c', s])];
}

/**
 * Time and memory of a first start: PGlite's initdb runs a second Postgres instance in memory and copies its result,
 * several seconds of CPU and 900 MB at its peak, and then every migration runs. The build (scripts/build.mjs) does
 * both once and keeps the result in dist/pgdata-template (made again when PGlite or a migration changes); a first
 * start copies that directory (about 40 MB, a fraction of a second) and opens it as a restart would, with nothing left
 * to migrate. Running from TypeScript sources (tests, tsx) there is no template and PGlite's initdb runs as before.
 */
export const templateDir = fileURLToPath(new URL('../../pgdata-template', import.meta.url));

/** Copies the template into an empty data directory; false when there is no template or the directory holds a
 * database already. */
export function seedFromTemplate(dataDir: string, template: string = templateDir): boolean {
  if (existsSync(path.join(dataDir, 'PG_VERSION')) || !existsSync(path.join(template, 'PG_VERSION'))) return false;
  mkdirSync(dataDir, { recursive: true });
  // PG_VERSION last: it is what marks the directory as a database, so an interrupted copy is simply copied again.
  const version = path.join(template, 'PG_VERSION');
  cpSync(template, dataDir, { recursive: true, filter: (src) => src !== version });
  copyFileSync(version, path.join(dataDir, 'PG_VERSION'));
  return true;
}
