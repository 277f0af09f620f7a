import t from 'tap';
import { sql, type ColumnType, type Generated } from 'kysely';
import { BatchWrite as TypedBatchWrite } from '../../src/db/batch-write.js';
import { createTestDatabase } from '../helpers/database.js';

const database = await createTestDatabase();
t.teardown(() => database.close());
const { db } = database;

// Tables of the test's own, so the cases show BatchWrite's behaviour and not a module's.
await sql`create table bw_parent (id uuid primary key, name text not null, at timestamptz not null, doc jsonb, note text default 'none', created_at timestamptz not null default now())`.execute(
  db,
);
await sql`create table bw_child (id integer primary key, parent_id uuid not null references bw_parent (id), day date not null)`.execute(
  db,
);
await sql`create table bw_rollup (day date not null, k text not null, n integer not null default 0, v bigint not null default 0, primary key (day, k))`.execute(
  db,
);
await sql`create table bw_status (id integer primary key, status text not null, at timestamptz)`.execute(db);
await sql`create table bw_counter (k text not null, y integer not null, last integer not null, primary key (k, y))`.execute(
  db,
);
await sql`create table bw_numbered (id text primary key, k text not null, y integer not null, number integer not null, doc jsonb not null, unique (k, y, number))`.execute(
  db,
);
await sql`create table bw_note (id serial primary key, data jsonb not null)`.execute(db);

/** The test's tables as Kysely sees them: BatchWrite checks names, rows and JSON paths against this. */
interface TestSchema {
  bw_parent: {
    id: string;
    name: string;
    at: Date;
    doc: ColumnType<Record<string, unknown> | null, string | null, string | null>;
    note: Generated<string>;
    created_at: Generated<Date>;
  };
  bw_child: { id: number; parent_id: string; day: string };
  bw_rollup: { day: string; k: string; n: Generated<number>; v: Generated<number> };
  bw_status: { id: number; status: string; at: Date | null };
  bw_counter: { k: string; y: number; last: number };
  bw_numbered: {
    id: string;
    k: string;
    y: number;
    number: number;
    doc: ColumnType<{ id: string; number: number }, string, string>;
  };
  bw_note: { id: Generated<number>; data: ColumnType<Record<string, unknown>, string, string> };
}
const BatchWrite = TypedBatchWrite<TestSchema>;

const P1 = '00000000-0000-4000-8000-000000000001';
const P2 = '00000000-0000-4000-8000-000000000002';

t.test('one statement writes several tables; values keep their types; unlisted columns take defaults', async (t) => {
  const at = new Date('2026-11-23T02:15:30.123Z');
  const name = `Bánh cuốn "Bà Hoa" \\ 'Kim Đồng' 🍜`;
  await db.transaction().execute(async (trx) => {
    const write = new BatchWrite()
      // The children come first: the foreign key is checked when the whole statement has run.
      .insert(
        'bw_child',
        ['id', 'parent_id', 'day'],
        [
          { id: 1, parent_id: P1, day: '2026-11-23' },
          { id: 2, parent_id: P2, day: '2026-11-24' },
        ],
      )
      .insert(
        'bw_parent',
        ['id', 'name', 'at', 'doc'],
        [
          { id: P1, name, at, doc: { lines: [{ name: 'Phở', amount: 35000 }], words: 'Ba mươi lăm nghìn đồng' } },
          { id: P2, name: 'Second', at, doc: null },
        ],
      );
    t.equal(write.isEmpty, false);
    await write.execute(trx);
    t.equal(write.isEmpty, true, 'empty again once written');
  });
  const parents = await sql<{
    id: string;
    name: string;
    at: Date;
    doc: unknown;
    note: string;
    created_at: Date;
  }>`select * from bw_parent order by id`.execute(db);
  t.equal(parents.rows.length, 2);
  t.equal(parents.rows[0].name, name, 'quotes, backslashes and Vietnamese survive exactly');
  t.same(parents.rows[0].at, at, 'instants to the millisecond');
  t.same(
    parents.rows[0].doc,
    { lines: [{ name: 'Phở', amount: 35000 }], words: 'Ba mươi lăm nghìn đồng' },
    'objects are stored as jsonb, not as JSON strings',
  );
  t.equal(parents.rows[1].doc, null);
  t.equal(parents.rows[0].note, 'none', 'a column not listed takes its default');
  t.ok(parents.rows[0].created_at instanceof Date);
  const days = await sql<{ day: string }>`select day::text as day from bw_child order by id`.execute(db);
  t.same(
    days.rows.map((r) => r.day),
    ['2026-11-23', '2026-11-24'],
  );
});

t.test(
  'times: instants shared by rows and distinct ones are stored exactly; an invalid Date is null, as JSON has it',
  async (t) => {
    const shared = new Date('2026-11-23T05:00:00.001Z');
    const rows = [
      { id: 201, status: 'a', at: shared },
      { id: 202, status: 'b', at: shared },
      { id: 203, status: 'c', at: new Date('2026-11-23T05:00:00.002Z') },
      { id: 204, status: 'd', at: new Date(Number.NaN) },
      { id: 205, status: 'e', at: new Date(shared.getTime()) }, // another object, the same instant
    ];
    await new BatchWrite().insert('bw_status', ['id', 'status', 'at'], rows).execute(db);
    const stored = await sql<{
      id: number;
      at: Date | null;
    }>`select id, at from bw_status where id between 201 and 205 order by id`.execute(db);
    t.same(
      stored.rows.map((r) => r.at?.toISOString() ?? null),
      [
        '2026-11-23T05:00:00.001Z',
        '2026-11-23T05:00:00.001Z',
        '2026-11-23T05:00:00.002Z',
        null,
        '2026-11-23T05:00:00.001Z',
      ],
    );
    t.ok(rows[0].at instanceof Date, "the caller's rows keep their Dates");
    await sql`delete from bw_status where id between 201 and 205`.execute(db); // the other cases read the whole table
  },
);

t.test(
  'upsertAdding sums rows with one key before writing, adds to stored rows and counts missing counters as 0',
  async (t) => {
    const write = new BatchWrite();
    write.upsertAdding(
      'bw_rollup',
      ['day', 'k'],
      ['n', 'v'],
      [
        { day: '2026-11-23', k: 'KD-001', n: 1, v: 20000 },
        { day: '2026-11-23', k: 'KD-001', n: 1, v: 5000 }, // the same row twice in one statement would be refused by Postgres
        { day: '2026-11-23', k: 'KD-002', v: 7000 },
      ],
    );
    write.upsertAdding('bw_rollup', ['day', 'k'], ['n', 'v'], [{ day: '2026-11-23', k: 'KD-002', n: 2 }]);
    await write.execute(db);
    await new BatchWrite()
      .upsertAdding('bw_rollup', ['day', 'k'], ['n', 'v'], [{ day: '2026-11-23', k: 'KD-001', n: 1, v: 1 }])
      .execute(db);
    const rows = await sql<{
      k: string;
      n: number;
      v: number;
    }>`select k, n, v::int as v from bw_rollup order by k`.execute(db);
    t.same(rows.rows, [
      { k: 'KD-001', n: 3, v: 25001 },
      { k: 'KD-002', n: 2, v: 7000 },
    ]);
  },
);

t.test('update sets the given columns on the rows whose key is given, and no others', async (t) => {
  await sql`insert into bw_status values (1, 'pending', null), (2, 'pending', null), (3, 'pending', null)`.execute(db);
  const paidAt = new Date('2026-11-23T03:00:00Z');
  await new BatchWrite()
    .update(
      'bw_status',
      'id',
      ['status', 'at'],
      [
        { id: 1, status: 'paid', at: paidAt },
        { id: 3, status: 'cancelled', at: null },
      ],
    )
    .execute(db);
  const rows = await sql<{ id: number; status: string; at: Date | null }>`select * from bw_status order by id`.execute(
    db,
  );
  t.same(rows.rows, [
    { id: 1, status: 'paid', at: paidAt },
    { id: 2, status: 'pending', at: null },
    { id: 3, status: 'cancelled', at: null },
  ]);
});

t.test('all or nothing: one part failing writes nothing from any part', async (t) => {
  const write = new BatchWrite()
    .upsertAdding('bw_rollup', ['day', 'k'], ['n', 'v'], [{ day: '2026-11-30', k: 'KD-009', n: 1, v: 1 }])
    .insert(
      'bw_child',
      ['id', 'parent_id', 'day'],
      [{ id: 9, parent_id: '00000000-0000-4000-8000-000000000009', day: '2026-11-30' }],
    );
  await t.rejects(write.execute(db), { code: '23503' }, 'the missing parent is a foreign key violation');
  const rollup = await sql<{ n: number }>`select count(*)::int as n from bw_rollup where day = '2026-11-30'`.execute(
    db,
  );
  t.equal(rollup.rows[0].n, 0, 'the rollup part was not kept');
});

t.test('an empty write runs nothing; two column sets for one table are a programming error', async (t) => {
  await new BatchWrite().insert('bw_parent', ['id'], []).execute(db);
  t.throws(
    () =>
      new BatchWrite()
        .insert('bw_status', ['id', 'status'], [{ id: 5, status: 'x' }])
        .insert('bw_status', ['id'], [{ id: 6 }]),
    /two different column sets/,
  );
});

t.test(
  'writes of one shape reuse the statement and still write their own rows; another shape gets its own',
  async (t) => {
    const write = (rows: Array<{ id: number; status: string }>) =>
      new BatchWrite().insert('bw_status', ['id', 'status'], rows).execute(db);
    await write([{ id: 10, status: 'first' }]);
    await write([
      { id: 11, status: 'second' },
      { id: 12, status: 'third' },
    ]);
    // Same table and kind, other columns: a statement reused by table alone would drop `at`.
    const at = new Date('2026-11-23T04:00:00Z');
    await new BatchWrite().insert('bw_status', ['id', 'status', 'at'], [{ id: 13, status: 'fourth', at }]).execute(db);
    // The same tables in another order are another statement, parameters in their own order.
    await new BatchWrite()
      .upsertAdding('bw_rollup', ['day', 'k'], ['n', 'v'], [{ day: '2026-12-01', k: 'KD-010', n: 1, v: 10 }])
      .insert('bw_status', ['id', 'status'], [{ id: 14, status: 'fifth' }])
      .execute(db);
    await new BatchWrite()
      .insert('bw_status', ['id', 'status'], [{ id: 15, status: 'sixth' }])
      .upsertAdding('bw_rollup', ['day', 'k'], ['n', 'v'], [{ day: '2026-12-01', k: 'KD-010', n: 2, v: 20 }])
      .execute(db);
    const rows = await sql<{
      id: number;
      status: string;
      at: Date | null;
    }>`select * from bw_status where id >= 10 order by id`.execute(db);
    t.same(rows.rows, [
      { id: 10, status: 'first', at: null },
      { id: 11, status: 'second', at: null },
      { id: 12, status: 'third', at: null },
      { id: 13, status: 'fourth', at },
      { id: 14, status: 'fifth', at: null },
      { id: 15, status: 'sixth', at: null },
    ]);
    const rollup = await sql<{
      n: number;
      v: number;
    }>`select n, v::int as v from bw_rollup where day = '2026-12-01'`.execute(db);
    t.same(rollup.rows, [{ n: 3, v: 30 }]);
  },
);

/** A write numbering `rows` (id, counter key) from bw_counter, with notes that may name them. */
function numberedWrite(rows: Array<{ id: string; k: string; y: number }>, notes: Array<Record<string, unknown>> = []) {
  const write = new BatchWrite()
    .numbered({
      table: 'bw_counter',
      keys: ['k', 'y'],
      last: 'last',
      items: rows.map((r) => ({ id: r.id, key: { k: r.k, y: r.y } })),
    })
    .insert(
      'bw_numbered',
      ['id', 'k', 'y', 'number', 'doc'],
      rows.map((r) => ({ ...r, number: 0, doc: { id: r.id, number: 0 } })),
      { id: 'id', set: ['number', 'doc.number'], every: true },
    );
  if (notes.length)
    write.insert(
      'bw_note',
      ['data'],
      notes.map((data) => ({ data })),
      { id: 'data.ref.id', set: ['data.ref.number'], every: false },
    );
  return { write };
}

const numberedRows = async (k: string) =>
  (
    await sql<{
      id: string;
      number: number;
      doc: { number: number };
    }>`select id, number, doc from bw_numbered where k = ${k} order by number`.execute(db)
  ).rows;

t.test(
  'numbered: each counter hands out the next numbers in item order, into columns and jsonb fields, in the same statement',
  async (t) => {
    await sql`insert into bw_counter (k, y, last) values ('A', 2026, 7)`.execute(db);
    const { write } = numberedWrite(
      [
        { id: 'a1', k: 'A', y: 2026 },
        { id: 'b1', k: 'B', y: 2026 },
        { id: 'a2', k: 'A', y: 2026 },
        { id: 'a3', k: 'A', y: 2027 },
      ],
      [
        { ref: { id: 'a2', number: 0 }, text: 'names a2' },
        { ref: { id: 'zz', number: 'as given' } },
        { text: 'names nothing' },
      ],
    );
    const assigned = await db.transaction().execute((trx) => write.execute(trx));
    t.same(
      await numberedRows('A'),
      [
        { id: 'a3', number: 1, doc: { id: 'a3', number: 1 } },
        { id: 'a1', number: 8, doc: { id: 'a1', number: 8 } },
        { id: 'a2', number: 9, doc: { id: 'a2', number: 9 } },
      ],
      'A 2026 continues from its stored 7; A 2027 is a new counter and starts at 1',
    );
    t.same(await numberedRows('B'), [{ id: 'b1', number: 1, doc: { id: 'b1', number: 1 } }]);
    t.same(Object.fromEntries(assigned), { a1: 8, b1: 1, a2: 9, a3: 1 }, 'the caller is told the numbers stored');
    const counters = await sql<{
      k: string;
      y: number;
      last: number;
    }>`select k, y, last from bw_counter order by k, y`.execute(db);
    t.same(counters.rows, [
      { k: 'A', y: 2026, last: 9 },
      { k: 'A', y: 2027, last: 1 },
      { k: 'B', y: 2026, last: 1 },
    ]);
    const notes = await sql<{ data: Record<string, unknown> }>`select data from bw_note order by id`.execute(db);
    t.same(
      notes.rows.map((r) => r.data),
      [
        { ref: { id: 'a2', number: 9 }, text: 'names a2' },
        { ref: { id: 'zz', number: 'as given' } },
        { text: 'names nothing' },
      ],
      'a row naming a numbered item takes its number, inside nested fields; others are written as given',
    );
  },
);

t.test('numbered: a failed write hands out nothing, so the next one continues without a gap', async (t) => {
  const failing = numberedWrite([{ id: 'c1', k: 'C', y: 2026 }]).write.insert(
    'bw_child',
    ['id', 'parent_id', 'day'],
    [{ id: 90, parent_id: '00000000-0000-4000-8000-000000000090', day: '2026-12-06' }],
  );
  await t.rejects(
    db.transaction().execute((trx) => failing.execute(trx)),
    { code: '23503' },
  );
  const { write } = numberedWrite([{ id: 'c2', k: 'C', y: 2026 }]);
  const assigned = await db.transaction().execute((trx) => write.execute(trx));
  t.same(Object.fromEntries(assigned), { c2: 1 });
  t.same(
    (await numberedRows('C')).map((r) => r.number),
    [1],
  );
  // A numbering alone still takes its numbers (nothing is dropped for want of rows to write).
  const alone = await new BatchWrite()
    .numbered({ table: 'bw_counter', keys: ['k', 'y'], last: 'last', items: [{ id: 'c3', key: { k: 'C', y: 2026 } }] })
    .execute(db);
  t.same(Object.fromEntries(alone), { c3: 2 });
});

t.test(
  'numbered: a row that must be numbered and is not fails the statement instead of being stored without one',
  async (t) => {
    const write = new BatchWrite()
      .numbered({
        table: 'bw_counter',
        keys: ['k', 'y'],
        last: 'last',
        items: [{ id: 'd1', key: { k: 'D', y: 2026 } }],
      })
      .insert(
        'bw_numbered',
        ['id', 'k', 'y', 'number', 'doc'],
        [{ id: 'd2', k: 'D', y: 2026, number: 5, doc: { id: 'd2', number: 5 } }],
        { id: 'id', set: ['number', 'doc.number'], every: true },
      );
    await t.rejects(write.execute(db), { code: '23502' }, 'not null violation');
    t.same(await numberedRows('D'), []);
    t.throws(
      () =>
        new BatchWrite()
          .numbered({ table: 'bw_counter', keys: ['k'], last: 'last', items: [{ id: 'x', key: { k: 'x' } }] })
          .numbered({ table: 'bw_counter', keys: ['k'], last: 'last', items: [{ id: 'y', key: { k: 'x' } }] }),
      /one numbering per write/,
    );
  },
);

t.test(
  'numbered with a sequence: each item takes one nextval, appended zero-padded to its suffixed columns',
  async (t) => {
    await sql`create sequence bw_seq maxvalue 999`.execute(db);
    await sql`create table bw_coded (id text primary key, k text not null, y integer not null, number integer not null, code text not null unique, doc jsonb not null)`.execute(
      db,
    );
    const Coded = TypedBatchWrite<
      TestSchema & {
        bw_coded: {
          id: string;
          k: string;
          y: number;
          number: number;
          code: string;
          doc: ColumnType<{ number: number; code: string }, string, string>;
        };
      }
    >;
    const write = (ids: string[]) =>
      new Coded()
        .numbered({
          table: 'bw_counter',
          keys: ['k', 'y'],
          last: 'last',
          items: ids.map((id) => ({ id, key: { k: 'seq', y: 2026 } })),
          sequence: { name: 'bw_seq', digits: 3 },
        })
        .insert(
          'bw_coded',
          ['id', 'k', 'y', 'number', 'code', 'doc'],
          ids.map((id) => ({
            id,
            k: 'seq',
            y: 2026,
            number: 0,
            code: `X-${id}-`,
            doc: { number: 0, code: `X-${id}-` },
          })),
          { id: 'id', set: ['number', 'doc.number'], every: true, suffixed: ['code', 'doc.code'] },
        );
    const first = await db.transaction().execute((trx) => write(['a', 'b']).execute(trx));
    const second = await db.transaction().execute((trx) => write(['c']).execute(trx));
    t.same([...first.sequences.values()].sort(), [1, 2], 'one value per item');
    t.same([...second.sequences.entries()], [['c', 3]]);
    t.same([...first.entries()].sort(), [
      ['a', 1],
      ['b', 2],
    ]);
    const rows = (
      await sql<{
        id: string;
        code: string;
        doc: { code: string };
      }>`select id, code, doc from bw_coded order by id`.execute(db)
    ).rows;
    for (const row of rows) {
      const seq = String((first.sequences.get(row.id) ?? second.sequences.get(row.id))!).padStart(3, '0');
      t.equal(row.code, `X-${row.id}-${seq}`, `${row.id}: column`);
      t.equal(row.doc.code, `X-${row.id}-${seq}`, `${row.id}: jsonb field`);
    }
    // A rollback leaves a gap in the sequence (unique, not gapless), never a repeat.
    await t.rejects(
      db.transaction().execute(async (trx) => {
        await write(['d']).execute(trx);
        throw new Error('rolled back');
      }),
    );
    const after = await db.transaction().execute((trx) => write(['e']).execute(trx));
    t.same([...after.sequences.values()], [5], 'the rolled-back value is not given again');
    t.throws(
      () =>
        new Coded()
          .numbered({
            table: 'bw_counter',
            keys: ['k', 'y'],
            last: 'last',
            items: [{ id: 'f', key: { k: 'seq', y: 1 } }],
          })
          .insert('bw_coded', ['id', 'k', 'y', 'number', 'code', 'doc'], [], {
            id: 'id',
            set: ['number'],
            every: true,
            suffixed: ['code'],
          })
          .insert(
            'bw_coded',
            ['id', 'k', 'y', 'number', 'code', 'doc'],
            [{ id: 'f', k: 'seq', y: 1, number: 0, code: 'X', doc: { number: 0, code: 'X' } }],
            {
              id: 'id',
              set: ['number'],
              every: true,
              suffixed: ['code'],
            },
          )
          .compile(),
      /suffixed columns need a sequence/,
    );
  },
);
