import { Readable } from 'node:stream';
import t from 'tap';
import { importActivations } from '../../src/activations/csv-import.js';
import { startTestApp } from '../helpers/app.js';

const { app, call, adminToken, database } = await startTestApp(t);
const db = database.db;

const staff = await call({
  method: 'POST',
  url: '/api/v1/staff',
  token: adminToken,
  payload: { name: 'Nông Văn Dền', role: 'staff' },
});
const token: string = staff.body.token;
const staffId: string = staff.body.staff.id;

const importCsv = (body: string | Buffer) =>
  call({
    method: 'POST',
    url: '/api/v1/activations/import',
    token,
    headers: { 'content-type': 'text/csv' },
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
const wardsOf = async (masked: string[]) =>
  (
    await db
      .selectFrom('activations')
      .select(['phone_masked', 'ward'])
      .where('phone_masked', 'in', masked)
      .orderBy('phone_masked')
      .execute()
  ).map((r) => [r.phone_masked, r.ward]);

const NOT_TEXT = 'the line holds a NUL character (byte 0x00) or invalid Unicode: save the file as "CSV UTF-8"';
const NOT_UTF8 = 'not UTF-8 text: save the file as "CSV UTF-8"';

t.test('a NUL byte rejects its line only: the good lines around it are imported, never a 500', async (t) => {
  const file = Buffer.from(
    [
      'provider,phone,ward', // 1
      'viettel_money,0944000016,Phường Thục Phán', // 2 created
      'viettel_money,0944000017,X\x00Y', // 3 NUL in the ward (the reported case)
      'vnpt_money,0944000018,Phường Nùng Trí Cao', // 4 created
      'viettel_money,0944\x00000019,Phường Nùng Trí Cao', // 5 NUL in the phone: not silently dropped from the number
      '\x00viettel_money,0944000020,Phường Nùng Trí Cao', // 6 NUL in the provider
      'mobifone_money,0944000021,"Phường\x00 Sông Hiến, tổ 5"', // 7 NUL in a quoted cell
      'mobifone_money,0944000022,Phường Tân Giang', // 8 created
      '', // blank: skipped
    ].join('\n'),
  );
  const before = { activations: await count('activations'), events: await count('events') };
  const res = await importCsv(file);
  t.equal(res.status, 200, res.raw);
  const rejected = [3, 5, 6, 7].map((line) => ({ line, reason: NOT_TEXT }));
  t.same(res.body, { totalLines: 7, created: 3, duplicates: 0, rejectedCount: 4, rejected });
  t.same(
    await wardsOf(['*******016', '*******017', '*******018', '*******019', '*******020', '*******021', '*******022']),
    [
      ['*******016', 'Phường Thục Phán'],
      ['*******018', 'Phường Nùng Trí Cao'],
      ['*******022', 'Phường Tân Giang'],
    ],
  );
  t.equal(await count('activations'), before.activations + 3);

  const again = await importCsv(file);
  t.equal(again.status, 200);
  t.same(
    again.body,
    { totalLines: 7, created: 0, duplicates: 3, rejectedCount: 4, rejected },
    're-importing creates nothing',
  );
  t.same(
    { activations: await count('activations'), events: await count('events') },
    { activations: before.activations + 3, events: before.events + 3 },
  );
});

t.test('a NUL inside a full batch does not cost the batch its other lines', async (t) => {
  const lines = Array.from({ length: 600 }, (_, i) => `vnpt_money,0955${String(i).padStart(6, '0')},Xã Quảng Uyên`);
  lines[250] = 'vnpt_money,0955000250,Xã Hưng\x00 Đạo';
  const res = await importCsv(`provider,phone,ward\n${lines.join('\n')}\n`);
  t.equal(res.status, 200, res.raw);
  t.same(res.body, {
    totalLines: 600,
    created: 599,
    duplicates: 0,
    rejectedCount: 1,
    rejected: [{ line: 252, reason: NOT_TEXT }],
  });
});

t.test('invalid UTF-8 bytes are rejected per line (as U+FFFD), never a 500', async (t) => {
  const file = Buffer.concat([
    Buffer.from('provider,phone,ward\n'),
    Buffer.from('viettel_money,0944000031,A'),
    Buffer.from([0xff, 0xfe]),
    Buffer.from('B\n'), // 2 bytes that are never UTF-8
    Buffer.from('viettel_money,0944000032,A'),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from('B\n'), // 3 an encoded lone surrogate (CESU-8)
    Buffer.from('viettel_money,0944000033,A'),
    Buffer.from([0xc0, 0xaf]),
    Buffer.from('B\n'), // 4 an overlong "/"
    Buffer.from('viettel_money,0944000034,A'),
    Buffer.from([0xe1, 0xba]),
    Buffer.from('\n'), // 5 a sequence cut short
    Buffer.from('viettel_money,0944000035,Phường Thục Phán\n'), // 6 created
  ]);
  const res = await importCsv(file);
  t.equal(res.status, 200, res.raw);
  t.same(res.body, {
    totalLines: 5,
    created: 1,
    duplicates: 0,
    rejectedCount: 4,
    rejected: [2, 3, 4, 5].map((line) => ({ line, reason: NOT_UTF8 })),
  });
});

t.test('a NUL or lone surrogate split across stream chunks is still caught', async (t) => {
  const chunks = [
    Buffer.from('provider,phone,ward\nviettel_money,0944000941,Phường '),
    Buffer.from('\x00Tân Giang\nvnpt_money,0944000942,Phường Tân Giang\nviettel_money,0944000943,Phư'),
    Buffer.from([0xe1, 0xbb]), // "ờ" cut in two by the chunks: still valid UTF-8
    Buffer.from([0x9d]),
    Buffer.from('ng Tân Giang\n'),
  ];
  const report = await importActivations(db, Readable.from(chunks), { staffId, piiKey: app.secrets.piiKey });
  t.same(report, {
    totalLines: 3,
    created: 2,
    duplicates: 0,
    rejectedCount: 1,
    rejected: [{ line: 2, reason: NOT_TEXT }],
  });
  t.same(await wardsOf(['*******942', '*******943']), [
    ['*******942', 'Phường Tân Giang'],
    ['*******943', 'Phường Tân Giang'],
  ]);

  // A caller handing over JS strings: a lone surrogate cannot reach Postgres either.
  const strings = [
    'provider,phone,ward\n',
    'viettel_money,0944000044,Phường \uD800\n',
    'viettel_money,0944000045,Phường \uDC00x\n',
    'vnpt_money,0944000046,Phường Tân Giang\n',
  ];
  const fromStrings = await importActivations(db, Readable.from(strings), { staffId, piiKey: app.secrets.piiKey });
  t.same(fromStrings.created, 1);
  t.same(
    fromStrings.rejected.map((r) => r.line),
    [2, 3],
  );
  t.ok(fromStrings.rejected.every((r) => r.reason === NOT_UTF8 || r.reason === NOT_TEXT));
});

t.test('formula-like wards are no wards: refused line by line, never stored or exported', async (t) => {
  const res = await importCsv(
    'provider,phone,ward\nviettel_money,0944000051,=1+1\nviettel_money,0944000052,@SUM(A1)\nviettel_money,0944000053,"-2+3+cmd|\' /C calc\'!A0"\n',
  );
  const reason = 'unknown ward: not an official ward or commune (see GET /api/v1/admin-units/wards)';
  t.same(res.body, {
    totalLines: 3,
    created: 0,
    duplicates: 0,
    rejectedCount: 3,
    rejected: [2, 3, 4].map((line) => ({ line, reason })),
  });
  const csv = await call({ method: 'GET', url: '/api/v1/activations.csv', token });
  t.equal(csv.status, 200);
  t.notMatch(csv.raw, /SUM|calc|=1\+1/);
});
