import t from 'tap';
import { sql } from 'kysely';
import { vietnamDay } from '../../src/time/vietnam.js';
import { vietnamDaySql } from '../../src/time/vietnam-sql.js';
import { createTestDatabase } from '../helpers/database.js';

const database = await createTestDatabase();
t.teardown(() => database.close());

t.test("the database's Vietnam day is the one the code computes, across midnight and the year's end", async (t) => {
  const instants = [
    '2026-12-31T16:59:59.999Z',
    '2026-12-31T17:00:00Z',
    '2027-01-01T00:00:00Z',
    '2026-06-15T23:30:00+07:00',
    '2026-06-15T17:00:00-07:00',
  ];
  for (const at of instants) {
    const { rows } = await sql<{
      day: string;
    }>`select ${vietnamDaySql('at')} as day from (select ${at}::timestamptz as at) as s`.execute(database.db);
    t.equal(rows[0]?.day, vietnamDay(new Date(at)), at);
  }
});
