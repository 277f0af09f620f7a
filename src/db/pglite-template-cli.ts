import { renameSync, rmSync } from 'node:fs';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrator.js';

// Run by scripts/build.mjs: `node dist/src/db/pglite-template-cli.js DIR` runs PGlite's initdb and every migration
// once, into DIR, so a first start copies the result instead of doing both itself (see pglite-options.ts). A start
// still runs the migrator, which finds nothing pending.
const target = process.argv[2];
if (!target) throw new Error('usage: pglite-template-cli.js DIR');
const partial = `${target}.partial`;
rmSync(partial, { recursive: true, force: true });
const database = await openDatabase({ dataDir: partial, template: null });
await migrateToLatest(database.db);
await database.close(); // a clean shutdown: the copy opens without crash recovery
rmSync(target, { recursive: true, force: true });
renameSync(partial, target);
