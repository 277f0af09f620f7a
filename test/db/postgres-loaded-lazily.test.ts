// An embedded start never loads pg (database.ts imports postgres.ts only for DATABASE_URL): some 3 MB of heap and
// tens of milliseconds of a start saved.
import { createRequire } from 'node:module';
import t from 'tap';

const loadedPg = () =>
  Object.keys(createRequire(import.meta.url).cache).some((file) => /node_modules\/pg\/lib\//.test(file));

t.test('loading the db module does not load pg', async (t) => {
  t.notOk(loadedPg(), 'not loaded before');
  await import('../../src/db/index.js');
  t.notOk(loadedPg(), 'nor by the db module');
  await import('pg');
  t.ok(loadedPg(), 'the check itself sees pg once it is loaded');
});
