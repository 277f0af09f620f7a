import { renameSync, rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pgliteStartParams } from './pglite-options.js';

// Run by scripts/build.mjs: `node dist/src/db/pglite-template-cli.js DIR` runs PGlite's initdb once, into DIR, so a
// first start copies the result instead of running initdb itself (see pglite-options.ts).
const target = process.argv[2];
if (!target) throw new Error('usage: pglite-template-cli.js DIR');
const partial = `${target}.partial`;
rmSync(partial, { recursive: true, force: true });
const pglite = new PGlite({ dataDir: partial, startParams: pgliteStartParams(PGlite.defaultStartParams) });
await pglite.waitReady;
await pglite.close(); // a clean shutdown: the copy opens without crash recovery
rmSync(target, { recursive: true, force: true });
renameSync(partial, target);
