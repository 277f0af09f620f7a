import t from 'tap';
import { sql } from 'kysely';
import { storeAndLock } from '../../src/payments/store-and-lock.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { newTxId } from '../helpers/webhooks.js';

const ctx = await startTestApp(t);
const { db } = ctx.app;
const stall = await onboardStall(ctx);
const other = await onboardStall(ctx);
const account = stall.merchant.payout.accountNumber as string;
const created = await ctx.call({
  method: 'POST',
  url: '/api/v1/payment-requests',
  token: other.apiKey,
  payload: { amount: 30000 },
});
const reference = created.body.reference as string;

const notice = (id = newTxId()) => ({
  provider: 'sandbox',
  provider_tx_id: id,
  raw_body: `{"id":"${id}","memo":"Bánh cuốn \\"ngon\\""}`,
});

t.test('stores new notifications raw and answers with their ids; one already processed is left out', async (t) => {
  const a = notice();
  const b = notice();
  const first = await db.transaction().execute((trx) => storeAndLock(trx, [a, b], [], []));
  t.equal(first.notificationIds.size, 2);
  t.ok(first.notificationIds.get(`sandbox\u0000${a.provider_tx_id}`)! > 0);
  const stored = await db
    .selectFrom('notifications')
    .select(['raw_body', 'status'])
    .where('provider_tx_id', '=', a.provider_tx_id)
    .executeTakeFirstOrThrow();
  t.same(stored, { raw_body: a.raw_body, status: 'processed' }, 'the raw body exactly as received');
  const again = await db.transaction().execute((trx) => storeAndLock(trx, [b, notice('NEW1')], [], []));
  t.same([...again.notificationIds.keys()], ['sandbox\u0000NEW1'], 'the repeat is not processed again');
});

t.test('a notification stored as failed is taken over by the next delivery', async (t) => {
  const failed = notice();
  await db
    .insertInto('notifications')
    .values({ ...failed, status: 'failed', error: 'boom' })
    .execute();
  const taken = await db.transaction().execute((trx) => storeAndLock(trx, [failed], [], []));
  t.equal(taken.notificationIds.size, 1);
  const row = await db
    .selectFrom('notifications')
    .select(['status', 'error'])
    .where('provider_tx_id', '=', failed.provider_tx_id)
    .executeTakeFirstOrThrow();
  t.same(row, { status: 'processed', error: null });
});

t.test(
  'reads the named requests (typed as rows: instants are Dates) and the stalls of requests and accounts',
  async (t) => {
    const found = await db
      .transaction()
      .execute((trx) => storeAndLock(trx, [notice()], [reference, 'CSNOSUCHREF'], [account, '999999999']));
    t.equal(found.requests.length, 1);
    t.equal(found.requests[0].reference, reference);
    t.equal(found.requests[0].amount, 30000);
    t.ok(found.requests[0].expires_at instanceof Date && found.requests[0].created_at instanceof Date);
    t.equal(found.requests[0].paid_at, null);
    t.same(
      found.merchants.map((m) => m.id).sort(),
      [stall.merchant.id, other.merchant.id].sort(),
      "the request's stall and the account's stall",
    );
    t.ok(found.merchants.every((m) => m.created_at instanceof Date));
    const none = await db.transaction().execute((trx) => storeAndLock(trx, [notice()], [], []));
    t.same([none.requests, none.merchants], [[], []]);
  },
);

t.test(
  'the requests stay locked until the batch commits',
  { skip: ctx.database.kind !== 'postgres' && 'one connection on PGlite' },
  async (t) => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const batch = db.transaction().execute(async (trx) => {
      await storeAndLock(trx, [notice()], [reference], []);
      locked();
      await held;
    });
    await isLocked;
    await t.rejects(
      db
        .transaction()
        .execute((trx) =>
          sql`select id from payment_requests where reference = ${reference} for update nowait`.execute(trx),
        ),
      { code: '55P03' },
      'another transaction cannot take the request meanwhile',
    );
    release();
    await batch;
  },
);
