import t from 'tap';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.js';
import { createTestDatabase } from '../helpers/database.js';

const database = await createTestDatabase();
t.teardown(() => database.close());

t.test(
  'a connection the server ends while it is lent out does not crash the process; the next queries run on a new one',
  { skip: !database.url && 'PGlite runs in process: it has no connection to lose' },
  async (t) => {
    const single = await openDatabase({ databaseUrl: database.url, dataDir: 'memory://', poolSize: 1 });
    t.teardown(() => single.close());
    const pid = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(single.db)).rows[0].pid;
    const before = await pid();
    // As when Postgres restarts or an operator ends a backend: the client hears of it while Kysely still holds it.
    await t.rejects(sql`select pg_terminate_backend(pg_backend_pid())`.execute(single.db), { code: '57P01' });
    await sql`select 1`.execute(single.db).catch(() => {}); // may meet the closing connection
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await pid();
    t.not(after, before, 'a fresh connection');
  },
);
