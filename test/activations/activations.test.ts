import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { ACTIVATION_TARGET } from '../../src/activations/activations.service.js';
import { csvCell } from '../../src/http/csv.js';
import { vietnamDay } from '../../src/activations/vietnam-time.js';
import { loadConfig } from '../../src/config/config.js';
import { startTestApp } from '../helpers/app.js';
import { deploymentSecretsEnv } from '../helpers/database.js';

const { call, adminToken, database } = await startTestApp(t);
const db = database.db;

const staff = await call({
  method: 'POST',
  url: '/api/v1/staff',
  token: adminToken,
  payload: { name: 'Nông Văn Dũng', role: 'staff' },
});
const token: string = staff.body.token;
const staffId: string = staff.body.staff.id;

const team = await call({
  method: 'POST',
  url: '/api/v1/teams',
  token: adminToken,
  payload: { name: 'Tổ CNS Thục Phán', ward: 'Phường Thục Phán' },
});
const otherTeam = await call({
  method: 'POST',
  url: '/api/v1/teams',
  token: adminToken,
  payload: { name: 'Tổ CNS Hưng Đạo', ward: 'Xã Quảng Uyên' },
});

const record = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call({ method: 'POST', url: '/api/v1/activations', token, payload, headers });
const countRows = async (table: 'activations' | 'events') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

t.test(
  'teams: admin creates, staff lists, names are unique regardless of case, admin sets a staff member’s team',
  async (t) => {
    t.equal(team.status, 201);
    t.match(team.body, { name: 'Tổ CNS Thục Phán', ward: 'Phường Thục Phán' });
    const again = await call({
      method: 'POST',
      url: '/api/v1/teams',
      token: adminToken,
      payload: { name: 'tổ cns thục phán', ward: 'Phường Thục Phán' },
    });
    t.equal(again.status, 409);
    t.equal(again.body.error.code, 'team_name_taken');
    const byStaff = await call({
      method: 'POST',
      url: '/api/v1/teams',
      token,
      payload: { name: 'Tổ mới', ward: 'Phường Thục Phán' },
    });
    t.equal(byStaff.status, 403, 'only an admin creates teams');

    const before = await call({ method: 'GET', url: '/api/v1/staff/me', token });
    t.equal(before.status, 200);
    t.equal(before.body.id, staffId);
    t.equal(before.body.role, 'staff');
    t.equal(before.body.team, null, 'no team yet: the activations form asks for a ward');
    const set = await call({
      method: 'PUT',
      url: `/api/v1/staff/${staffId}/team`,
      token: adminToken,
      payload: { teamId: team.body.id },
    });
    t.equal(set.status, 200);
    t.equal(set.body.team.id, team.body.id);
    const me = await call({ method: 'GET', url: '/api/v1/staff/me', token });
    t.match(
      me.body.team,
      { id: team.body.id, name: 'Tổ CNS Thục Phán', ward: 'Phường Thục Phán' },
      'the staff member sees their own team',
    );
    t.equal((await call({ method: 'GET', url: '/api/v1/staff/me', token: adminToken })).body.role, 'admin');
    const unknownStaff = await call({
      method: 'PUT',
      url: '/api/v1/staff/00000000-0000-4000-8000-000000000000/team',
      token: adminToken,
      payload: { teamId: team.body.id },
    });
    t.equal(unknownStaff.status, 404);
    const unknownTeam = await call({
      method: 'PUT',
      url: `/api/v1/staff/${staffId}/team`,
      token: adminToken,
      payload: { teamId: '00000000-0000-4000-8000-000000000000' },
    });
    t.equal(unknownTeam.status, 400);
    t.equal(unknownTeam.body.error.code, 'unknown_team');

    const list = await call({ method: 'GET', url: '/api/v1/teams', token });
    t.equal(list.status, 200);
    t.same(
      list.body.items.map((x: { name: string; members: number }) => [x.name, x.members]),
      [
        ['Tổ CNS Hưng Đạo', 0],
        ['Tổ CNS Thục Phán', 1],
      ],
    );
  },
);

t.test('record one activation: normalised, masked, defaults to the staff member’s team and its ward', async (t) => {
  const before = Date.now();
  const res = await record({ provider: 'viettel_money', phone: '+84 912 345 123' });
  t.equal(res.status, 201);
  t.equal(res.body.duplicate, false);
  t.match(res.body.activation, {
    provider: 'viettel_money',
    providerName: 'Viettel Money',
    phoneMasked: '*******123',
    ward: 'Phường Thục Phán',
    team: { id: team.body.id, name: 'Tổ CNS Thục Phán' },
    recordedBy: staffId,
    source: 'api',
  });
  t.ok(Date.parse(res.body.activation.activatedAt) >= before - 1000, 'activated now by default');

  const row = await db
    .selectFrom('activations')
    .select(['phone_hash', 'phone_masked'])
    .where('id', '=', res.body.activation.id)
    .executeTakeFirstOrThrow();
  t.match(row.phone_hash, /^[0-9a-f]{64}$/);
  t.equal(row.phone_masked, '*******123');

  const events = await db
    .selectFrom('events')
    .select(['type', 'data'])
    .where('type', '=', 'activation.recorded')
    .execute();
  t.equal(events.length, 1, 'one event, written with the activation');
  t.match(events[0].data, {
    activationId: res.body.activation.id,
    provider: 'viettel_money',
    ward: 'Phường Thục Phán',
    teamId: team.body.id,
  });
});

t.test(
  'the same phone with the same provider again: 200, the existing one, duplicate: true, nothing counted',
  async (t) => {
    const events = await countRows('events');
    const res = await record({ provider: 'viettel_money', phone: '0912.345.123', ward: 'Xã Bảo Lâm', teamId: null });
    t.equal(res.status, 200);
    t.equal(res.body.duplicate, true);
    t.equal(res.body.activation.phoneMasked, '*******123');
    t.equal(res.body.activation.ward, 'Phường Thục Phán', 'the existing record, unchanged');
    t.equal(await countRows('events'), events, 'no event');
    const other = await record({
      provider: 'vnpt_money',
      phone: '0912345123',
      ward: 'Xã Quảng Uyên',
      teamId: otherTeam.body.id,
    });
    t.equal(other.status, 201, 'another provider is another account');
    t.equal(other.body.activation.team.id, otherTeam.body.id);
  },
);

t.test('twenty concurrent records of one number → one created, nineteen duplicates of it', async (t) => {
  const formats = ['0987654321', '+84987654321', '84987654321', '098 765 4321', '098.765.4321'];
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      record({
        provider: 'mobifone_money',
        phone: formats[i % formats.length],
        ward: 'Phường Tân Giang',
        teamId: null,
      }),
    ),
  );
  t.same(results.map((r) => r.status).sort(), [200, ...Array(18).fill(200), 201].sort());
  t.equal(results.filter((r) => r.body.duplicate === false).length, 1);
  t.equal(new Set(results.map((r) => r.body.activation.id)).size, 1, 'everyone sees the same activation');
  t.equal(
    Number(
      (
        await db
          .selectFrom('activations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('provider', '=', 'mobifone_money')
          .executeTakeFirstOrThrow()
      ).n,
    ),
    1,
  );
  const rollup = await db
    .selectFrom('activation_daily')
    .select('count')
    .where('provider', '=', 'mobifone_money')
    .execute();
  t.same(
    rollup.map((r) => Number(r.count)),
    [1],
    'counted once',
  );
});

t.test('an Idempotency-Key replays the first answer', async (t) => {
  const first = await record(
    { provider: 'vnpt_money', phone: '0888123456', ward: 'Xã Quảng Uyên' },
    { 'idempotency-key': 'act-1' },
  );
  const second = await record(
    { provider: 'vnpt_money', phone: '0888123456', ward: 'Xã Quảng Uyên' },
    { 'idempotency-key': 'act-1' },
  );
  t.equal(first.status, 201);
  t.equal(second.status, 201);
  t.equal(second.headers['idempotent-replayed'], 'true');
  t.same(second.body, first.body);
});

t.test('bad input is refused with a clear code', async (t) => {
  const future = new Date(Date.now() + 3600_000).toISOString();
  const cases: [Record<string, unknown>, number, string][] = [
    [{ provider: 'viettel_money', phone: '0241234567' }, 400, 'invalid_phone'],
    [{ provider: 'viettel_money', phone: '12345' }, 400, 'invalid_phone'],
    [{ provider: 'momo', phone: '0912345678' }, 400, 'validation_failed'],
    [{ provider: 'viettel_money', phone: '0912000001', activatedAt: future }, 400, 'invalid_activated_at'],
    [
      { provider: 'viettel_money', phone: '0912000001', activatedAt: '2020-01-01T00:00:00+07:00' },
      400,
      'invalid_activated_at',
    ],
    [{ provider: 'viettel_money', phone: '0912000001', activatedAt: 'yesterday' }, 400, 'validation_failed'],
    [
      { provider: 'viettel_money', phone: '0912000001', teamId: '00000000-0000-4000-8000-000000000000' },
      400,
      'unknown_team',
    ],
    [{ provider: 'viettel_money', phone: '0912000001', teamId: null }, 400, 'ward_required'],
    [{ provider: 'viettel_money', phone: '0912000001', ward: 'Thuc Phan Ward 2' }, 400, 'unknown_ward'],
    [{ provider: 'viettel_money', phone: '0912000001', ward: '0912345678' }, 400, 'unknown_ward'],
    [{ provider: 'viettel_money', phone: '0912000001', ward: 'Phường Thục Phán', province: '96' }, 400, 'unknown_ward'],
    [
      { provider: 'viettel_money', phone: '0912000001', ward: 'Phường Thục Phán', province: '99' },
      400,
      'unknown_province',
    ],
    [{ provider: 'viettel_money', phone: '0912000001', ward: 'Hòa An', teamId: null }, 400, 'unknown_ward'],
  ];
  for (const [payload, status, code] of cases) {
    const res = await record(payload);
    t.equal(res.status, status, JSON.stringify(payload));
    t.equal(res.body.error.code, code, JSON.stringify(payload));
  }
  const anonymous = await call({
    method: 'POST',
    url: '/api/v1/activations',
    payload: { provider: 'viettel_money', phone: '0912000001', ward: 'Phường Thục Phán' },
  });
  t.equal(anonymous.status, 401);
  t.equal(
    await db.selectFrom('activations').select('id').where('phone_masked', '=', '*******001').executeTakeFirst(),
    undefined,
  );
});

t.test('an activation time in the past counts on its own Vietnam day', async (t) => {
  const res = await record({
    provider: 'viettel_money',
    phone: '0386111222',
    ward: 'Phường Thục Phán',
    activatedAt: '2026-01-10T23:30:00+07:00',
  });
  t.equal(res.status, 201);
  t.equal(res.body.activation.activatedAt, '2026-01-10T16:30:00.000Z');
  const day = await db
    .selectFrom('activation_daily')
    .select((eb) => eb.fn.sum<number>('count').as('n'))
    .where('day', '=', '2026-01-10')
    .executeTakeFirstOrThrow();
  t.equal(Number(day.n), 1);
});

t.test('summary: total and today against the target, by provider, ward, team and day — from the rollup', async (t) => {
  const res = await call({ method: 'GET', url: '/api/v1/activations/summary?days=366', token });
  t.equal(res.status, 200);
  const s = res.body;
  t.equal(s.target, ACTIVATION_TARGET);
  t.equal(s.total, 5);
  t.equal(s.today, 4);
  t.equal(s.day, vietnamDay(new Date()));
  t.equal(s.progress, 5 / 45000);
  t.same(s.byProvider, [
    { provider: 'viettel_money', name: 'Viettel Money', count: 2 },
    { provider: 'vnpt_money', name: 'VNPT Money', count: 2 },
    { provider: 'mobifone_money', name: 'MobiFone Money', count: 1 },
  ]);
  t.same(s.byWard, [
    { wardCode: '01273', wardName: 'Phường Thục Phán', ward: 'Phường Thục Phán', count: 2 },
    { wardCode: '01576', wardName: 'Xã Quảng Uyên', ward: 'Xã Quảng Uyên', count: 2 },
    { wardCode: '01288', wardName: 'Phường Tân Giang', ward: 'Phường Tân Giang', count: 1 },
  ]);
  t.same(
    Object.fromEntries(
      s.byTeam.map((r: { teamId: string | null; teamName: string | null; count: number }) => [
        r.teamName ?? '(none)',
        [r.teamId, r.count],
      ]),
    ),
    { 'Tổ CNS Thục Phán': [team.body.id, 3], 'Tổ CNS Hưng Đạo': [otherTeam.body.id, 1], '(none)': [null, 1] },
  );
  t.equal(s.byTeam[0].teamName, 'Tổ CNS Thục Phán', 'largest first');
  t.same(s.perDay, [
    { day: '2026-01-10', count: 1 },
    { day: vietnamDay(new Date()), count: 4 },
  ]);
  const short = await call({ method: 'GET', url: '/api/v1/activations/summary', token });
  t.same(short.body.perDay, [{ day: vietnamDay(new Date()), count: 4 }], '30 days by default');
  t.equal(short.body.total, 5, 'the total still counts everything');

  // The summary never reads the activations table: rewrite a rollup row and the summary follows it.
  await db.updateTable('activation_daily').set({ count: 1000 }).where('day', '=', '2026-01-10').execute();
  t.equal((await call({ method: 'GET', url: '/api/v1/activations/summary', token })).body.total, 1004);
  await db.updateTable('activation_daily').set({ count: 1 }).where('day', '=', '2026-01-10').execute();
});

t.test('list: newest first, cursor pages, filters, masked phones only', async (t) => {
  const page1 = await call({ method: 'GET', url: '/api/v1/activations?limit=2', token });
  t.equal(page1.status, 200);
  t.equal(page1.body.items.length, 2);
  t.ok(page1.body.nextCursor);
  const page2 = await call({
    method: 'GET',
    url: `/api/v1/activations?limit=2&cursor=${page1.body.nextCursor}`,
    token,
  });
  const page3 = await call({
    method: 'GET',
    url: `/api/v1/activations?limit=2&cursor=${page2.body.nextCursor}`,
    token,
  });
  const all = [...page1.body.items, ...page2.body.items, ...page3.body.items];
  t.equal(all.length, 5);
  t.equal(new Set(all.map((a) => a.id)).size, 5, 'no repeats across pages');
  t.equal(page3.body.nextCursor, null);
  t.equal(all[0].phoneMasked, '*******222', 'newest first');
  for (const a of all) t.match(a.phoneMasked, /^\*{7}\d{3}$/);
  const vnpt = await call({ method: 'GET', url: '/api/v1/activations?provider=vnpt_money', token });
  t.equal(vnpt.body.items.length, 2);
  const byTeam = await call({ method: 'GET', url: `/api/v1/activations?teamId=${otherTeam.body.id}`, token });
  t.same(
    byTeam.body.items.map((a: { phoneMasked: string }) => a.phoneMasked),
    ['*******123'],
  );
  t.equal((await call({ method: 'GET', url: '/api/v1/activations' })).status, 401);
});

t.test('CSV export: every activation, masked, Vietnam time, formula-safe', async (t) => {
  const res = await call({ method: 'GET', url: '/api/v1/activations.csv', token });
  t.equal(res.status, 200);
  t.match(res.headers['content-type'], /text\/csv/);
  t.match(res.headers['content-disposition'], /attachment; filename="activations-\d{4}-\d{2}-\d{2}\.csv"/);
  const lines = res.raw
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  t.equal(
    lines[0],
    'id,provider,provider_name,phone_masked,ward_code,ward,team_id,team,activated_at,recorded_at,source',
  );
  t.equal(lines.length, 6);
  t.match(
    lines[1],
    /,\*\*\*\*\*\*\*222,01273,Phường Thục Phán,[0-9a-f-]{36},Tổ CNS Thục Phán,2026-01-10T23:30:00\+07:00,/,
  );
  t.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`, 'a formula is defused');
  t.equal(csvCell('Phường 1, Tổ 3'), '"Phường 1, Tổ 3"');
});

t.test('the staff page is public, served like the other pages, its logic in a module', async (t) => {
  const page = await call({ method: 'GET', url: '/admin/activations' });
  t.equal(page.status, 200);
  t.match(page.headers['content-type'], /text\/html/);
  t.match(page.headers['content-security-policy'], /script-src 'self' 'nonce-/);
  t.match(page.raw, /lang="vi"/);
  t.same(
    [...page.raw.matchAll(/<script\b[^>]*>/g)].map((m) => m[0].replace(/ nonce="[^"]*"/, '')),
    ['<script type="module" src="/assets/activations.js">'],
    'one module script, nothing inline',
  );
  const script = await call({ method: 'GET', url: '/assets/activations.js' });
  t.equal(script.status, 200);
  t.match(script.raw, /from '\/assets\/shared\/language\.js'/);
  const sample = await call({ method: 'GET', url: '/admin/activations/sample.csv' });
  t.equal(sample.status, 200);
  t.match(sample.raw, /^provider,phone,ward,province,team,activated_at/);
});

t.test('PII: no response, export, event or log ever holds the full number', async (t) => {
  // A second app over the same database, logging everything it would log in production.
  let logs = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((logs += chunk), done()) });
  const logged = await buildApp({
    config: loadConfig({ DATA_DIR: 'memory://', DEMO: '0', LOG_LEVEL: 'trace', ...deploymentSecretsEnv }),
    database,
    logger: { level: 'trace', stream: sink },
  });
  t.teardown(() => logged.close());
  const digits = '0978123456';
  const forms = [digits, '+84 978 123 456', '84978123456', '097.812.3456'];
  const raws: string[] = [];
  const send = async (opts: InjectOptions) => {
    const res = await logged.inject(opts);
    raws.push(res.body);
    return res;
  };
  const auth = { authorization: `Bearer ${token}` };
  const first = await send({
    method: 'POST',
    url: '/api/v1/activations',
    headers: auth,
    payload: { provider: 'viettel_money', phone: forms[1], ward: 'Phường Nùng Trí Cao' },
  });
  t.equal(first.statusCode, 201);
  for (const f of forms)
    await send({
      method: 'POST',
      url: '/api/v1/activations',
      headers: auth,
      payload: { provider: 'viettel_money', phone: f, ward: 'Phường Nùng Trí Cao' },
    });
  await send({
    method: 'POST',
    url: '/api/v1/activations',
    headers: auth,
    payload: {
      provider: 'viettel_money',
      phone: '0978123456',
      ward: 'Phường Thục Phán',
      activatedAt: '2099-01-01T00:00:00Z',
    },
  });
  await send({
    method: 'POST',
    url: '/api/v1/activations/import',
    headers: { ...auth, 'content-type': 'text/csv' },
    payload: `provider,phone,ward\nvnpt_money,${forms[2]},Phường Nùng Trí Cao\nvnpt_money,${digits},Phường Nùng Trí Cao\nmomo,${digits},Phường Thục Phán\nvnpt_money,${digits}1,Phường Thục Phán\n`,
  });
  for (const url of [
    '/api/v1/activations',
    '/api/v1/activations.csv',
    '/api/v1/activations/summary',
    '/api/v1/teams',
  ]) {
    const res = await send({ method: 'GET', url, headers: auth });
    t.equal(res.statusCode, 200, url);
  }
  const events = await db.selectFrom('events').select('data').execute();
  const stored = await db
    .selectFrom('activations')
    .select(['id', 'provider', 'phone_hash', 'phone_masked', 'ward'])
    .execute();
  const haystacks = [...raws, logs, JSON.stringify(events), JSON.stringify(stored)];
  const needles = ['0978123456', '978123456', '97812345', '8123456', '0978 123 456', '097.812.3456'];
  let leaks = 0;
  for (const hay of haystacks) for (const needle of needles) if (hay.includes(needle)) leaks++;
  t.equal(leaks, 0, 'the number appears nowhere');
  t.ok(logs.length > 0, 'the logging app did log');
  t.ok(
    raws.some((r) => r.includes('*******456')),
    'the masked form is what people see',
  );
});

t.test('the target is configurable (ACTIVATION_TARGET) and the board counts against it', async (t) => {
  const other = await startTestApp(t, { ACTIVATION_TARGET: '1000' });
  const stats = await other.call({ method: 'GET', url: '/api/v1/stats' });
  t.equal(stats.body.activations.target, 1000);
  const summary = await other.call({ method: 'GET', url: '/api/v1/activations/summary', token: other.adminToken });
  t.equal(summary.body.target, 1000);
});
