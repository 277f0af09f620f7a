// `npm run build` (and the install's `prepare`): compiles the server and its migrations with tsc into dist/, copies
// the files the server reads at run time (pages, browser assets, JSON data, the plain .js modules), makes the embedded
// database's data-directory template, and writes the stamp scripts/start.mjs checks. `--if-stale` does nothing when
// dist/ was built from exactly the current sources. The build happens in dist.partial/ and replaces dist/ at the end,
// so an interrupted build never leaves a half-built dist/ that looks fresh.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { builtStamp, computeStamp, root, SOURCE_DIRS, sourceFiles, STAMP_FILE } from './build-stamp.mjs';

const require = createRequire(import.meta.url);
const out = path.join(root, 'dist');
const partial = path.join(root, 'dist.partial');
const stamp = computeStamp();

if (process.argv.includes('--if-stale') && builtStamp() === stamp) process.exit(0);

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  console.error(
    'dist/ is missing or older than the sources, and TypeScript is not installed to build it: run `npm ci` ' +
      '(with dev dependencies) and `npm run build`, or use a build made elsewhere (see docs/operations.md).',
  );
  process.exit(1);
}

const started = performance.now();
console.log('building the server into dist/ (tsc)…');
rmSync(partial, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', partial], {
    cwd: root,
    stdio: 'inherit',
  });
} catch {
  rmSync(partial, { recursive: true, force: true });
  console.error('build failed: TypeScript reported errors (above); dist/ is unchanged.');
  process.exit(1);
}

// Everything under src/ and migrations/ that tsc does not emit: pages, browser assets, JSON data, the plain .js
// modules the browser shares with the server. Type declarations stay behind.
for (const dir of SOURCE_DIRS) {
  cpSync(path.join(root, dir), path.join(partial, dir), {
    recursive: true,
    force: false, // never over what tsc emitted
    filter: (src) => !src.endsWith('.ts'), // .ts sources and .d.ts declarations; directories pass
  });
}
mkdirSync(path.join(partial, 'docs'), { recursive: true });
cpSync(path.join(root, 'docs/activations-sample.csv'), path.join(partial, 'docs/activations-sample.csv'));

// The pages' assets compressed once here rather than at every start (src/web/encoded-assets.ts).
execFileSync(
  process.execPath,
  [path.join(partial, 'src/web/encode-assets-cli.js'), path.join(partial, 'web-encoded')],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

// The data-directory template (initdb + every migration) depends on PGlite's version and on the migrations: kept from
// the previous build when neither changed.
const templateKey = `${packageVersion('@electric-sql/pglite')} ${migrationsHash()}`;
const template = 'pgdata-template';
const versionFile = `${template}.version`;
const previous = path.join(out, versionFile);
if (
  existsSync(previous) &&
  readFileSync(previous, 'utf8').trim() === templateKey &&
  existsSync(path.join(out, template, 'PG_VERSION'))
) {
  renameSync(path.join(out, template), path.join(partial, template));
} else {
  console.log(`making the embedded database's template (PGlite's initdb and the migrations, once per change)…`);
  execFileSync(process.execPath, [path.join(partial, 'src/db/pglite-template-cli.js'), path.join(partial, template)], {
    cwd: root,
    stdio: 'inherit',
  });
}
writeFileSync(path.join(partial, versionFile), `${templateKey}\n`);

writeFileSync(path.join(partial, path.relative('dist', STAMP_FILE)), `${stamp}\n`);
rmSync(out, { recursive: true, force: true });
renameSync(partial, out);
console.log(`built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);

/** A dependency's version, from the package.json above its entry point (its exports hide package.json itself). */
function packageVersion(name) {
  let dir = path.dirname(require.resolve(name));
  while (
    !existsSync(path.join(dir, 'package.json')) ||
    JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name
  ) {
    if (dir === path.dirname(dir)) throw new Error(`no package.json for ${name}`);
    dir = path.dirname(dir);
  }
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
}

/** A hash of everything under migrations/ (the template holds their result). */
function migrationsHash() {
  const hash = createHash('sha256');
  for (const file of sourceFiles().filter((f) => f.startsWith(`migrations${path.sep}`))) {
    hash.update(`${file}\0`).update(readFileSync(path.join(root, file)));
  }
  return hash.digest('hex').slice(0, 16);
}
