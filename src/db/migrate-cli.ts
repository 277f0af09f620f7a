import { loadConfig } from '../config/index.js';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrator.js';

// `npm run migrate`: apply pending migrations to DATABASE_URL (or the embedded database) and exit.
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await database.close();
}
