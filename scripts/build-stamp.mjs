import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * What a build of dist/ is made from: every file under src/ and migrations/, the sample the server serves from docs/,
 * the TypeScript settings and the locked dependency versions (PGlite's version decides the data-directory template).
 * The stamp is a hash of their paths and contents (about 2 MB: milliseconds), written into dist/ by the build and
 * compared by scripts/start.mjs, so `npm start` never runs a build older than its sources.
 */
export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const SOURCE_DIRS = ['src', 'migrations'];
export const SOURCE_FILES = [
  'scripts/build.mjs',
  'scripts/build-stamp.mjs',
  'docs/activations-sample.csv',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
];
export const STAMP_FILE = 'dist/.build-stamp';

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

export function sourceFiles() {
  const files = SOURCE_DIRS.flatMap((d) => listFiles(path.join(root, d)));
  for (const f of SOURCE_FILES) if (existsSync(path.join(root, f))) files.push(path.join(root, f));
  return files.map((f) => path.relative(root, f)).sort();
}

export function computeStamp() {
  const hash = createHash('sha256');
  for (const file of sourceFiles()) {
    hash.update(`${file}\0${statSync(path.join(root, file)).size}\0`);
    hash.update(readFileSync(path.join(root, file)));
  }
  return hash.digest('hex');
}

export function builtStamp() {
  const file = path.join(root, STAMP_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}
