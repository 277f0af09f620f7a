import t from 'tap';
import { insertInBatch } from '../../src/payment-requests/request-inserts.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

const ctx = await startTestApp(t);
const { call } = ctx;
const stall = await onboardStall(ctx);
const merchantId = (
  await ctx.app.db.selectFrom('merchants').select('id').orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow()
).id;

const row = (reference: string, amount = 10_000) => ({
  id: crypto.randomUUID(),
  merchant_id: merchantId,
  reference,
  amount,
  description: null,
  items: null,
  expires_at: new Date(Date.now() + 60_000),
});

t.test('creations made at the same moment share a write, and each gets its own stored request', async (t) => {
  const created = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount: 1_000 + i } }),
    ),
  );
  t.same(
    created.map((r) => r.status),
    created.map(() => 201),
  );
  const ids = created.map((r) => r.body.id as string);
  t.equal(new Set(ids).size, 40);
  const stored = await ctx.app.db
    .selectFrom('payment_requests')
    .select(['id', 'amount', 'reference', 'created_at'])
    .where('id', 'in', ids)
    .execute();
  t.equal(stored.length, 40);
  for (const r of created) {
    const s = stored.find((x) => x.id === r.body.id)!;
    t.equal(Number(s.amount), r.body.amount);
    t.equal(s.reference, r.body.reference);
    t.equal(s.created_at.toISOString(), r.body.createdAt, 'the answer carries the stored creation time');
  }
});

t.test('a reference already taken leaves only its own row out', async (t) => {
  const [first, second, other] = await Promise.all([
    insertInBatch(ctx.app.db, row('CSTESTAAAA')),
    insertInBatch(ctx.app.db, row('CSTESTAAAA')),
    insertInBatch(ctx.app.db, row('CSTESTBBBB')),
  ]);
  t.ok(first instanceof Date);
  t.equal(second, 'reference-taken');
  t.ok(other instanceof Date);
});

t.test('a row the database refuses fails its batch, and every caller is told to insert alone', async (t) => {
  // Queued behind a first insert, so the next two go out together.
  const outcomes = await Promise.all([
    insertInBatch(ctx.app.db, row('CSTESTCCCC')),
    insertInBatch(ctx.app.db, row('CSTESTDDDD', 0)), // amount > 0 is a check constraint
    insertInBatch(ctx.app.db, row('CSTESTEEEE')),
  ]);
  t.ok(outcomes[0] instanceof Date);
  t.same(outcomes.slice(1), ['batch-failed', 'batch-failed']);
  const stored = await ctx.app.db
    .selectFrom('payment_requests')
    .select('reference')
    .where('reference', 'in', ['CSTESTDDDD', 'CSTESTEEEE'])
    .execute();
  t.same(stored, [], 'nothing of the failed batch was written');
});

t.test('a refused row fails alone: its batch-mates are written on their own', async (t) => {
  const { insertPaymentRequest } = await import('../../src/payment-requests/payment-requests.repository.js');
  const insert = (reference: string, amount: number) => {
    const { id: _, ...values } = row(reference, amount);
    return insertPaymentRequest(ctx.app.db, values);
  };
  const [lead, bad, good] = await Promise.allSettled([
    insert('CSTESTFFFF', 1_000),
    insert('CSTESTGGGG', 0),
    insert('CSTESTHHHH', 2_000),
  ]);
  t.equal(lead.status, 'fulfilled');
  t.equal(bad.status, 'rejected', 'the bad row reports its own error');
  t.equal(good.status, 'fulfilled', 'its batch-mate is written');
  if (good.status === 'fulfilled') {
    const stored = await ctx.app.db
      .selectFrom('payment_requests')
      .select(['reference', 'created_at'])
      .where('id', '=', good.value.id)
      .executeTakeFirstOrThrow();
    t.equal(stored.reference, 'CSTESTHHHH');
    t.equal(stored.created_at.getTime(), good.value.created_at.getTime());
  }
});
