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

t.test('on Postgres, a registered text is prepared once per connection and other queries are not', { skip: !database.url && 'PGlite runs in process: there is no connection to prepare on' }, async (t) => {
  // One connection, so the session asked about is the one that ran the queries.
  const single = await openDatabase({ databaseUrl: database.url, dataDir: 'memory://', poolSize: 1 });
  t.teardown(() => single.close());
  for (const n of [1, 2, 3]) await single.db.executeQuery(preparedQuery(text, [JSON.stringify([n]), 0]));
  await sql`select ${'ordinary'}::text as v`.execute(single.db);
  const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(single.db);
  t.same(rows, [{ name: preparedStatementName(text), statement: text }], 'exactly the registered statement, under its name, once');
});
