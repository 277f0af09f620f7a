import { Readable } from 'node:stream';
import t from 'tap';
import { importActivations } from '../../src/activations/csv-import.js';
import { AppError } from '../../src/http/errors.js';
import { startTestApp } from '../helpers/app.js';

const { app, call, adminToken, database } = await startTestApp(t);
const db = database.db;

const staff = await call({
  method: 'POST',
  url: '/api/v1/staff',
  token: adminToken,
  payload: { name: 'Hoàng Thị Thu', role: 'staff' },
});
const token: string = staff.body.token;
const staffId: string = staff.body.staff.id;
const hungDao = await call({
  method: 'POST',
  url: '/api/v1/teams',
  token: adminToken,
  payload: { name: 'Tổ CNS Hưng Đạo', ward: 'Xã Quảng Uyên' },
});
const songHien = await call({
  method: 'POST',
  url: '/api/v1/teams',
  token: adminToken,
  payload: { name: 'Tổ CNS Sông Hiến', ward: 'Phường Tân Giang' },
});

const importCsv = (body: string | Buffer, contentType = 'text/csv; charset=utf-8') =>
  call({
    method: 'POST',
    url: '/api/v1/activations/import',
    token,
    headers: { 'content-type': contentType },
    payload: body,
  });
const count = async (table: 'activations' | 'events') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const rollupTotal = async () =>
  Number(
    (
      await db
        .selectFrom('activation_daily')
        .select((eb) => eb.fn.sum<number>('count').as('n'))
        .executeTakeFirstOrThrow()
    ).n ?? 0,
  );

// Recorded one by one before the import: the file's line 18 repeats it.
const earlier = await call({
  method: 'POST',
  url: '/api/v1/activations',
  token,
  payload: { provider: 'viettel_money', phone: '0933000111', ward: 'Phường Nùng Trí Cao' },
});

const mixed = [
  'provider,phone,ward,team,activated_at', // 1
  'viettel_money,0911000001,Phường Thục Phán,,2026-03-05 09:30', // 2 created
  'Viettel Money,+84 911 000 002,,Tổ CNS Hưng Đạo,', // 3 created: team by name, its ward
  'vnpt_money,0911000001,Phường Thục Phán,,', // 4 created: another provider
  'viettel_money,091.100.0001,Phường Thục Phán,,', // 5 duplicate of line 2, same file
  'momo,0911000003,Phường Thục Phán,,', // 6 unknown provider
  'viettel_money,0241000003,Phường Thục Phán,,', // 7 landline
  'viettel_money,0911000004,,,', // 8 no ward, no team
  'viettel_money,0911000005,Phường Thục Phán,Tổ không có,', // 9 unknown team
  'viettel_money,0911000006,Phường Thục Phán,,2099-01-01 00:00', // 10 future
  'viettel_money,0911000007,Phường Thục Phán,,hôm qua', // 11 not a time
  '', // 12 blank: skipped
  'mobifone_money,0911000008,"Phường Tân Giang, tổ 5",,', // 13 one quoted cell (comma and all): no such ward
  'viettel_money,0911000009,Phường Thục Phán,,,extra', // 14 more fields than the header
  `mobifone_money,0911000010,,${songHien.body.id},2026-03-06T08:00:00+07:00`, // 15 created: team by id
  'vnpt_money,0911000011,"Phường', // 16 created: a quoted line break…
  'Tân Giang",,', // 17 …so this is still line 16's record
  'viettel_money,0933 000 111,Phường Nùng Trí Cao,,', // 18 duplicate of the earlier one
  ',0911000012,Phường Thục Phán,,', // 19 provider empty
  'viettel_money,,Phường Thục Phán,,', // 20 phone empty
  'viettel_money,0911000013,0912345678,,', // 21 a phone number typed as the ward
  'viettel_money,0911000014,Hòa An,,', // 22 no team, no province: more than one Hòa An in the country
].join('\n');

const UNKNOWN_WARD = 'unknown ward: not an official ward or commune (see GET /api/v1/admin-units/wards)';
const expectedRejected = [
  { line: 6, reason: 'unknown provider (use viettel_money, vnpt_money, mobifone_money)' },
  { line: 7, reason: '024 is not a Vietnamese mobile prefix' },
  { line: 8, reason: 'ward is empty' },
  { line: 9, reason: 'unknown team (give the name or id of an existing team)' },
  { line: 10, reason: 'activation time is in the future' },
  { line: 11, reason: 'activated_at is not a time (use ISO 8601, or YYYY-MM-DD HH:mm in Vietnam time)' },
  { line: 13, reason: UNKNOWN_WARD },
  { line: 14, reason: 'the line has 6 fields, the header 5 (does a value hold an unquoted comma or semicolon?)' },
  { line: 19, reason: 'provider is empty' },
  { line: 20, reason: 'phone is empty' },
  { line: 21, reason: UNKNOWN_WARD },
  {
    line: 22,
    reason: 'ambiguous ward: more than one ward has this name; give the five-digit ward code or the province',
  },
];

t.test('an import mixing good, duplicate and bad lines reports each exactly', async (t) => {
  t.equal(earlier.status, 201);
  const eventsBefore = await count('events');
  const res = await importCsv(mixed);
  t.equal(res.status, 200);
  t.same(res.body, { totalLines: 19, created: 5, duplicates: 2, rejectedCount: 12, rejected: expectedRejected });

  const rows = await db
    .selectFrom('activations')
    .leftJoin('teams', 'teams.id', 'activations.team_id')
    .select([
      'activations.provider',
      'activations.phone_masked',
      'activations.ward',
      'teams.name as team',
      'activations.source',
      'activations.recorded_by',
      'activations.activated_at',
    ])
    .where('activations.source', '=', 'import')
    .orderBy('activations.seq')
    .execute();
  t.same(
    rows.map((r) => [r.provider, r.phone_masked, r.ward, r.team]).sort(),
    [
      ['viettel_money', '*******001', 'Phường Thục Phán', null],
      ['viettel_money', '*******002', 'Xã Quảng Uyên', 'Tổ CNS Hưng Đạo'],
      ['vnpt_money', '*******001', 'Phường Thục Phán', null],
      ['mobifone_money', '*******010', 'Phường Tân Giang', 'Tổ CNS Sông Hiến'],
      ['vnpt_money', '*******011', 'Phường Tân Giang', null],
    ].sort(),
    'five created, each as its line says',
  );
  t.ok(rows.every((r) => r.recorded_by === staffId && r.source === 'import'));
  const line2 = rows.find((r) => r.phone_masked === '*******001' && r.provider === 'viettel_money');
  t.equal(line2?.activated_at.toISOString(), '2026-03-05T02:30:00.000Z', 'YYYY-MM-DD HH:mm is Vietnam time');
  t.equal((await count('events')) - eventsBefore, 5, 'one event per created activation');
  t.equal(await rollupTotal(), 6, 'the rollup counts the earlier one and the five new');
});

t.test('importing the same file again creates nothing', async (t) => {
  const before = {
    activations: await count('activations'),
    events: await count('events'),
    rollup: await rollupTotal(),
  };
  const res = await importCsv(mixed);
  t.equal(res.status, 200);
  t.same(res.body, { totalLines: 19, created: 0, duplicates: 7, rejectedCount: 12, rejected: expectedRejected });
  t.same(
    { activations: await count('activations'), events: await count('events'), rollup: await rollupTotal() },
    before,
  );
});

t.test('Excel files: BOM, CRLF, semicolons, Vietnamese headers, day-first dates', async (t) => {
  const file = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(
      'Nhà cung cấp;Số điện thoại;Phường/Xã;Tổ;Thời gian\r\nViettel Money;0922000001;Phường Nùng Trí Cao;;05/03/2026 14:00\r\nVNPT Money;0922000002;Phường Nùng Trí Cao;tổ cns hưng đạo;\r\n',
      'utf8',
    ),
  ]);
  const res = await importCsv(file, 'text/csv');
  t.same(res.body, { totalLines: 2, created: 2, duplicates: 0, rejectedCount: 0, rejected: [] });
  const row = await db
    .selectFrom('activations')
    .select(['activated_at', 'team_id'])
    .where('phone_masked', '=', '*******001')
    .where('ward', '=', 'Phường Nùng Trí Cao')
    .executeTakeFirstOrThrow();
  t.equal(row.activated_at.toISOString(), '2026-03-05T07:00:00.000Z');
  const withTeam = await db
    .selectFrom('activations')
    .select('team_id')
    .where('phone_masked', '=', '*******002')
    .where('ward', '=', 'Phường Nùng Trí Cao')
    .executeTakeFirstOrThrow();
  t.equal(withTeam.team_id, hungDao.body.id, 'team names match regardless of case');
});

t.test('lines default to the importing staff member’s team and its ward', async (t) => {
  await call({
    method: 'PUT',
    url: `/api/v1/staff/${staffId}/team`,
    token: adminToken,
    payload: { teamId: songHien.body.id },
  });
  const res = await importCsv('provider,phone,ward\nviettel_money,0922000003,\n');
  t.same(res.body, { totalLines: 1, created: 1, duplicates: 0, rejectedCount: 0, rejected: [] });
  const row = await db
    .selectFrom('activations')
    .select(['ward', 'team_id'])
    .where('phone_masked', '=', '*******003')
    .executeTakeFirstOrThrow();
  t.same(row, { ward: 'Phường Tân Giang', team_id: songHien.body.id });
});

t.test('not UTF-8, malformed quotes: that line is rejected, the others still count', async (t) => {
  const latin = Buffer.concat([
    Buffer.from('provider,phone,ward\nviettel_money,0922000004,Ph'),
    Buffer.from([0xb0, 0xe1]),
    Buffer.from('ng\nviettel_money,0922000005,Phường Nùng Trí Cao\n'),
  ]);
  const res = await importCsv(latin);
  t.same(res.body, {
    totalLines: 2,
    created: 1,
    duplicates: 0,
    rejectedCount: 1,
    rejected: [{ line: 2, reason: 'not UTF-8 text: save the file as "CSV UTF-8"' }],
  });
  const open = await importCsv(
    'provider,phone,ward\nviettel_money,0922000006,Phường Nùng Trí Cao\nviettel_money,0922000007,"Phường Nùng Trí Cao\nviettel_money,0922000008,Xã Bảo Lâm\n',
  );
  t.equal(open.body.created, 1);
  t.equal(open.body.rejectedCount, 1);
  t.equal(open.body.rejected[0].line, 3);
  t.match(open.body.rejected[0].reason, /quote/);
});

t.test('whole-file problems are 4xx and create nothing', async (t) => {
  const before = await count('activations');
  const missing = await importCsv('provider,phone\nviettel_money,0922000009\n');
  t.equal(missing.status, 400);
  t.equal(missing.body.error.code, 'csv_missing_columns');
  t.same(missing.body.error.details, { missing: ['ward'] });
  const empty = await importCsv('');
  t.equal(empty.status, 400);
  t.equal(empty.body.error.code, 'csv_empty');
  const json = await call({
    method: 'POST',
    url: '/api/v1/activations/import',
    token,
    headers: { 'content-type': 'text/plain' },
    payload: 'provider,phone,ward\n',
  });
  t.equal(json.status, 415);
  const big = await call({
    method: 'POST',
    url: '/api/v1/activations/import',
    token,
    headers: { 'content-type': 'text/csv', 'content-length': String(9 * 1024 * 1024) },
    payload: Readable.from(['provider,phone,ward\n']),
  });
  t.equal(big.status, 413);
  const anonymous = await call({
    method: 'POST',
    url: '/api/v1/activations/import',
    headers: { 'content-type': 'text/csv' },
    payload: 'provider,phone,ward\n',
  });
  t.equal(anonymous.status, 401);
  t.equal(await count('activations'), before);
});

t.test('more lines than allowed: a 413 that says how far it got', async (t) => {
  const lines = [
    'provider,phone,ward',
    ...Array.from({ length: 5 }, (_, i) => `vnpt_money,09440000${i}0,Xã Quảng Uyên`),
  ].join('\n');
  const error = await importActivations(db, Readable.from([lines]), {
    staffId,
    piiKey: app.secrets.piiKey,
    maxLines: 3,
  }).catch((e) => e);
  t.ok(error instanceof AppError);
  t.equal(error.statusCode, 413);
  t.equal(error.code, 'too_many_lines');
  t.same(error.details, { processedLines: 3, created: 3, duplicates: 0, rejectedCount: 0 });
});

t.test('two imports of overlapping files at once: each number created once, no deadlock', async (t) => {
  const lines = Array.from(
    { length: 2_000 },
    (_, i) => `${['viettel_money', 'vnpt_money'][i % 2]},0966${String(i).padStart(6, '0')},Phường Thục Phán`,
  );
  // The second file holds each 500-line batch of the first in reverse: both write the same keys at the same time,
  // in opposite orders unless the writer sorts them.
  const reversedBatches = Array.from({ length: 4 }, (_, k) => lines.slice(k * 500, k * 500 + 500).reverse()).flat();
  const header = 'provider,phone,ward\n';
  const rollupBefore = await rollupTotal();
  const [a, b] = await Promise.all([
    importCsv(header + lines.join('\n')),
    importCsv(header + reversedBatches.join('\n')),
  ]);
  t.equal(a.status, 200);
  t.equal(b.status, 200);
  t.equal(a.body.created + b.body.created, 2_000, 'every number created once between them');
  t.equal(a.body.created + a.body.duplicates, 2_000);
  t.equal(b.body.created + b.body.duplicates, 2_000);
  t.equal((await rollupTotal()) - rollupBefore, 2_000, 'and counted once');
});

t.test('a body that grows past the size limit while streaming is cut off with a 413', async (t) => {
  const { csvItems } = await import('../../src/activations/csv-records.js');
  const source = Readable.from(
    (function* () {
      yield 'provider,phone,ward\n';
      for (let i = 0; i < 1_000; i++) yield 'viettel_money,0912345678,Phường Thục Phán\n';
    })(),
  );
  let records = 0;
  const error = await (async () => {
    for await (const _ of csvItems(source, 4_096)) records++;
  })().catch((e) => e);
  t.equal(error?.statusCode, 413);
  t.equal(error?.code, 'payload_too_large');
  t.ok(records < 100, `stopped early (${records} records handed out)`);
});
