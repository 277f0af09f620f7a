import t from 'tap';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.js';
import { preparedQuery, preparedStatementName } from '../../src/db/prepared.js';
import { createTestDatabase } from '../helpers/database.js';

const database = await createTestDatabase();
t.teardown(() => database.close());

const text = `select x::int as n from jsonb_array_elements_text($1::jsonb) as x where x::int > $2`;

t.test('a prepared query answers like any query, on either engine', async (t) => {
  const first = await database.db.executeQuery(preparedQuery<{ n: number }>(text, [JSON.stringify([1, 5, 9]), 3]));
  t.same(first.rows, [{ n: 5 }, { n: 9 }]);
  const again = await database.db.executeQuery(preparedQuery<{ n: number }>(text, [JSON.stringify([2, 4]), 3]));
  t.same(again.rows, [{ n: 4 }], 'the second run takes its own parameters');
  t.match(preparedStatementName(text), /^cashless_\d+$/, 'the text has a statement name');
  t.equal(preparedStatementName('select 1'), undefined, 'other texts have none');
});

t.test(
  'on Postgres, a registered text is prepared once per connection and other queries are not',
  { skip: !database.url && 'PGlite runs in process: there is no connection to prepare on' },
  async (t) => {
    // One connection, so the session asked about is the one that ran the queries.
    const single = await openDatabase({ databaseUrl: database.url, dataDir: 'memory://', poolSize: 1 });
    t.teardown(() => single.close());
    for (const n of [1, 2, 3]) await single.db.executeQuery(preparedQuery(text, [JSON.stringify([n]), 0]));
    await sql`select ${'ordinary'}::text as v`.execute(single.db);
    const { rows } = await sql<{
      name: string;
      statement: string;
    }>`select name, statement from pg_prepared_statements`.execute(single.db);
    t.same(
      rows,
      [{ name: preparedStatementName(text), statement: text }],
      'exactly the registered statement, under its name, once',
    );
  },
);

t.test(
  'a connection whose prepared statement went stale is dropped, and the next query runs on a fresh one',
  { skip: !database.url && 'PGlite runs in process: there is no connection to prepare on' },
  async (t) => {
    const single = await openDatabase({ databaseUrl: database.url, dataDir: 'memory://', poolSize: 1 });
    t.teardown(() => single.close());
    await sql`create table prepared_probe (id integer primary key, v integer not null)`.execute(single.db);
    await sql`insert into prepared_probe values (1, 7)`.execute(single.db);
    const read = `select v from prepared_probe where id = $1`;
    const backend = async () =>
      (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(single.db)).rows[0].pid;
    t.same((await single.db.executeQuery(preparedQuery(read, [1]))).rows, [{ v: 7 }]);
    const before = await backend();
    // A migration widening a column changes the prepared statement's result type: Postgres refuses to run it again.
    await sql`alter table prepared_probe alter column v type bigint`.execute(single.db);
    await t.rejects(single.db.executeQuery(preparedQuery(read, [1])), { code: '0A000' });
    t.not(await backend(), before, 'the pool closed that connection and opened another');
    t.same(
      (await single.db.executeQuery(preparedQuery(read, [1]))).rows,
      [{ v: 7 }],
      'prepared again on the fresh connection',
    );
  },
);

t.test(
  'DATABASE_PREPARED_STATEMENTS=0: nothing is prepared (for a pooler that does not keep prepared statements)',
  { skip: !database.url && 'PGlite runs in process: there is no connection to prepare on' },
  async (t) => {
    const plain = await openDatabase({
      databaseUrl: database.url,
      dataDir: 'memory://',
      poolSize: 1,
      preparedStatements: false,
    });
    t.teardown(() => plain.close());
    t.same((await plain.db.executeQuery(preparedQuery(text, [JSON.stringify([4]), 0]))).rows, [{ n: 4 }]);
    const { rows } = await sql`select name from pg_prepared_statements`.execute(plain.db);
    t.same(rows, []);
  },
);
