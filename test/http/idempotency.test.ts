import { createHash } from 'node:crypto';
import t from 'tap';
import { storableAnswer } from '../../src/http/stored-answer.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall, stallTaxCode } from '../helpers/fixtures.js';

const { call, adminToken, database } = await startTestApp(t);

const countStaff = async (name: string) =>
  (await database.db.selectFrom('staff').select('id').where('name', '=', name).execute()).length;

const post = (key: string, name: string, role = 'staff') =>
  call({
    method: 'POST',
    url: '/api/v1/staff',
    token: adminToken,
    headers: { 'idempotency-key': key },
    payload: { name, role },
  });

t.test('same key + same body → the first response again, one effect', async (t) => {
  const first = await post('key-replay', 'Hoàng Văn An');
  const second = await post('key-replay', 'Hoàng Văn An');
  t.equal(first.status, 201);
  t.equal(second.status, 201);
  t.same(
    second.body,
    { ...first.body, token: null, secretShownOnce: true },
    'the same staff member; the token, shown once, is not kept',
  );
  t.equal(second.headers['idempotent-replayed'], 'true');
  t.equal(await countStaff('Hoàng Văn An'), 1);
});

t.test('same key + key order changed in the body is the same request', async (t) => {
  const first = await call({
    method: 'POST',
    url: '/api/v1/staff',
    token: adminToken,
    headers: { 'idempotency-key': 'k-order', 'content-type': 'application/json' },
    payload: '{"name":"Bế Thị Hoa","role":"staff"}',
  });
  const second = await call({
    method: 'POST',
    url: '/api/v1/staff',
    token: adminToken,
    headers: { 'idempotency-key': 'k-order', 'content-type': 'application/json' },
    payload: '{"role":"staff","name":"Bế Thị Hoa"}',
  });
  t.same(second.body, { ...first.body, token: null, secretShownOnce: true });
  t.equal(await countStaff('Bế Thị Hoa'), 1);
});

t.test('same key + another body → 409 idempotency_key_reused, nothing created', async (t) => {
  await post('key-conflict', 'Lý Văn Bình');
  const res = await post('key-conflict', 'Lý Văn Bình 2');
  t.equal(res.status, 409);
  t.equal(res.body.error.code, 'idempotency_key_reused');
  t.equal(await countStaff('Lý Văn Bình 2'), 0);
});

t.test('same key + same body on another object (another path) → 409, and that object is untouched', async (t) => {
  const stall = await onboardStall({ call, adminToken });
  const sale = async () =>
    (
      await call({
        method: 'POST',
        url: '/api/v1/sales',
        token: stall.apiKey,
        payload: { amount: 20000, method: 'cash' },
      })
    ).body.sale;
  const [a, b] = [await sale(), await sale()];
  const refund = (saleId: string, key: string) =>
    call({
      method: 'POST',
      url: `/api/v1/sales/${saleId}/refunds`,
      token: stall.apiKey,
      headers: { 'idempotency-key': key },
      payload: { amount: 500 },
    });
  t.equal((await refund(a.id, 'refund-key')).status, 201);
  const other = await refund(b.id, 'refund-key');
  t.equal(other.status, 409, "sale B's refund is not answered with sale A's");
  t.equal(other.body.error.code, 'idempotency_key_reused');
  t.notOk(other.headers['idempotent-replayed']);
  const refunded = async (id: string) =>
    (await database.db.selectFrom('sales').select('refunded_amount').where('id', '=', id).executeTakeFirstOrThrow())
      .refunded_amount;
  t.equal(Number(await refunded(a.id)), 500);
  t.equal(Number(await refunded(b.id)), 0);
  const fresh = await refund(b.id, 'refund-key-b');
  t.equal(fresh.status, 201);
  t.equal(fresh.body.refund.saleId, b.id);
  const replay = await refund(a.id, 'refund-key');
  t.equal(replay.headers['idempotent-replayed'], 'true', 'the same refund of sale A still replays');
  t.equal(Number(await refunded(a.id)), 500);
});

t.test('a key saved before the path counted (body-only hash) still replays its answer', async (t) => {
  const stall = await onboardStall({ call, adminToken });
  const sale = (
    await call({
      method: 'POST',
      url: '/api/v1/sales',
      token: stall.apiKey,
      payload: { amount: 30000, method: 'cash' },
    })
  ).body.sale;
  const refund = () =>
    call({
      method: 'POST',
      url: `/api/v1/sales/${sale.id}/refunds?via=app`,
      token: stall.apiKey,
      headers: { 'idempotency-key': 'legacy-key' },
      payload: { amount: 700 },
    });
  const first = await refund();
  t.equal(first.status, 201);
  // As an earlier version stored it: sha256 of the canonical body alone.
  const legacy = createHash('sha256').update('{"amount":700}').digest('hex');
  await database.db
    .updateTable('idempotency_keys')
    .set({ request_hash: legacy })
    .where('key', '=', 'legacy-key')
    .execute();
  const retry = await refund();
  t.equal(retry.status, 201);
  t.equal(retry.headers['idempotent-replayed'], 'true');
  t.same(retry.body, first.body);
  const row = await database.db
    .selectFrom('sales')
    .select('refunded_amount')
    .where('id', '=', sale.id)
    .executeTakeFirstOrThrow();
  t.equal(Number(row.refunded_amount), 700, 'refunded once');
});

t.test('twenty concurrent requests with one key → one effect, one answer', async (t) => {
  const results = await Promise.all(Array.from({ length: 20 }, () => post('key-race', 'Nông Thị Mai')));
  t.equal(await countStaff('Nông Thị Mai'), 1);
  const ids = new Set(results.map((r) => r.body.staff?.id));
  t.equal(ids.size, 1, 'every caller sees the same staff member');
  t.ok(results.every((r) => r.status === 201));
});

t.test('an invalid body never reserves a key; an oversized key is rejected', async (t) => {
  const bad = await post('key-bad', '', 'staff');
  t.equal(bad.status, 400);
  const again = await post('key-bad', '', 'staff');
  t.equal(again.status, 400);
  const res = await call({
    method: 'POST',
    url: '/api/v1/staff',
    token: adminToken,
    headers: { 'idempotency-key': 'x'.repeat(300) },
    payload: { name: 'A', role: 'staff' },
  });
  t.equal(res.status, 400);
  t.equal(res.body.error.code, 'invalid_idempotency_key');
});

t.test('keys are kept at least 24 hours', async (t) => {
  const { purgeIdempotencyKeys } = await import('../../src/http/idempotency.plugin.js');
  await post('key-old', 'Đàm Văn Cường');
  await database.db
    .updateTable('idempotency_keys')
    .set({ created_at: new Date(Date.now() - 25 * 3600_000) })
    .where('key', '=', 'key-old')
    .execute();
  await purgeIdempotencyKeys(database.db);
  const replay = await post('key-old', 'Đàm Văn Cường');
  t.equal(replay.headers['idempotent-replayed'], 'true', 'a 25-hour-old key still replays');
  t.equal(await countStaff('Đàm Văn Cường'), 1);
});

t.test(
  'an answer that carries a key, token or ticket is kept without it; a replay says it was shown once',
  async (t) => {
    const stored = async () =>
      (await database.db.selectFrom('idempotency_keys').select('response_body').execute())
        .map((r) => r.response_body ?? '')
        .join('\n');
    const onboard = () =>
      call({
        method: 'POST',
        url: '/api/v1/merchants',
        token: adminToken,
        headers: { 'idempotency-key': 'onboard-once' },
        payload: {
          stallCode: 'SEC-001',
          name: 'Chè Bà Tư',
          category: 'food',
          ward: 'Thục Phán',
          payout: { bin: '970436', accountNumber: '1099000001' },
          taxMethod: 'household',
          taxCode: stallTaxCode(920_000),
          address: 'Phố Kim Đồng, Cao Bằng',
        },
      });
    const first = await onboard();
    t.equal(first.status, 201, first.raw);
    t.match(first.body.apiKey, /^csm_/, 'the first answer shows the key');
    const replay = await onboard();
    t.equal(replay.status, 201);
    t.same(replay.body, { ...first.body, apiKey: null, secretShownOnce: true });
    t.equal(
      (await call({ method: 'GET', url: '/api/v1/merchants/me', token: first.body.apiKey })).status,
      200,
      'the key shown once works',
    );

    const rotate = () =>
      call({
        method: 'POST',
        url: `/api/v1/merchants/${first.body.merchant.id}/api-keys`,
        token: adminToken,
        headers: { 'idempotency-key': 'rotate-once' },
      });
    const rotated = await rotate();
    t.match(rotated.body.apiKey, /^csm_/);
    t.same((await rotate()).body, { apiKey: null, secretShownOnce: true });

    const ticket = () =>
      call({
        method: 'POST',
        url: '/api/v1/ws-tickets',
        token: rotated.body.apiKey,
        headers: { 'idempotency-key': 'ticket-once' },
      });
    const issued = await ticket();
    t.equal(issued.status, 201);
    t.same((await ticket()).body, { ...issued.body, ticket: null, secretShownOnce: true });

    const kept = await stored();
    for (const secret of [first.body.apiKey, rotated.body.apiKey, issued.body.ticket])
      t.notOk(kept.includes(secret), 'not in any stored answer');
  },
);

t.test('storableAnswer: named secrets and anything shaped like our tokens are left out', async (t) => {
  t.equal(storableAnswer('{"sale":{"id":"x"}}'), '{"sale":{"id":"x"}}', 'nothing secret: kept as it was');
  t.same(JSON.parse(storableAnswer('{"ticket":"abc","expiresAt":"t"}', ['ticket'])), {
    ticket: null,
    expiresAt: 't',
    secretShownOnce: true,
  });
  const token = `css_${'A'.repeat(43)}`;
  t.same(
    JSON.parse(storableAnswer(JSON.stringify({ nested: [{ credential: token }] }))),
    { nested: [{ credential: null }], secretShownOnce: true },
    'a token a route forgot to name',
  );
  t.equal(storableAnswer('not json'), 'not json');
});
