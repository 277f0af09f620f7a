import t from 'tap';
import { loadConfig } from '../../src/config/config.js';
import { BatchWrite } from '../../src/db/batch-write.js';
import { appendEvents, writeEvents, type NewEvent } from '../../src/realtime/index.js';
import { startTestApp } from '../helpers/app.js';
import { openSocket } from '../helpers/ws.js';

// The feed's own poll is set to ten minutes: anything this file sees within a test came from a commit waking it.
const ctx = await startTestApp(t, { FEED_POLL_MS: '600000' });
const { app, database, call, adminToken } = ctx;
const { db } = database;
const base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
const staff = await call({
  method: 'POST',
  url: '/api/v1/staff',
  token: adminToken,
  payload: { name: 'Hoàng Thị Mai', role: 'staff' },
});
const staffToken: string = staff.body.token;

const event = (n: number): NewEvent => ({
  type: 'activation.recorded',
  data: { provider: 'viettel_money', ward: `Phường ${n}` },
});

/** Counts how often the database reports a commit that inserted events. */
function countWakes(t: { teardown(fn: () => void): void }) {
  let wakes = 0;
  const stop = database.commits.afterCommitWriting('events', () => wakes++);
  t.teardown(() => void stop());
  return () => wakes;
}

t.test('a committed transaction that inserted events reports once, after the commit', async (t) => {
  const wakes = countWakes(t);
  await db.transaction().execute(async (trx) => {
    await appendEvents(trx, [event(1)]);
    await appendEvents(trx, [event(2)]);
    t.equal(wakes(), 0, 'nothing before the commit');
  });
  t.equal(wakes(), 1);
});

t.test('a rolled-back transaction, and one that wrote no events, wake nothing', async (t) => {
  const wakes = countWakes(t);
  await t.rejects(
    db.transaction().execute(async (trx) => {
      await appendEvents(trx, [event(3)]);
      throw new Error('changed my mind');
    }),
    /changed my mind/,
  );
  await db.transaction().execute(async (trx) => {
    await trx.selectFrom('events').select('id').limit(1).execute();
  });
  t.equal(wakes(), 0);
});

t.test('an insert outside a transaction and a batch write both count', async (t) => {
  const wakes = countWakes(t);
  await appendEvents(db, [event(4)]);
  t.equal(wakes(), 1, 'autocommitted insert');
  await db.transaction().execute(async (trx) => {
    const write = new BatchWrite();
    writeEvents(write, [event(5)]);
    await write.execute(trx);
  });
  t.equal(wakes(), 2, 'the confirmation write path (one CTE statement)');
});

t.test('both ways of writing an event store the same row', async (t) => {
  const sample: NewEvent = {
    type: 'payment.received',
    merchantId: null,
    data: { amount: 1000, payment: { bank: 'BIDV' } },
  };
  const [single] = await appendEvents(db, [sample]);
  await db.transaction().execute(async (trx) => {
    const write = new BatchWrite();
    writeEvents(write, [sample]);
    await write.execute(trx);
  });
  const rows = await db
    .selectFrom('events')
    .select(['id', 'type', 'merchant_id', 'data'])
    .where('id', '>=', single.id)
    .orderBy('id')
    .execute();
  t.equal(rows.length, 2);
  t.same({ ...rows[1], id: 0 }, { ...rows[0], id: 0 });
  t.same(rows[0], { id: single.id, type: 'payment.received', merchant_id: null, data: sample.data });
});

t.test(
  'activations recorded through the route reach a board viewer at once, with no publish and no poll',
  async (t) => {
    const viewer = await openSocket(`${base}/ws/board`);
    t.teardown(() => viewer.close());
    await viewer.next((m) => m.type === 'snapshot');
    const arrivals = new Map<string, number>();
    viewer.socket.on('message', (raw) => {
      for (const [, ward] of String(raw).matchAll(/"ward":"([^"]+)"/g))
        if (!arrivals.has(ward)) arrivals.set(ward, Date.now());
    });
    // Five in a row, a board delta apart: the median is the measure (one test machine is shared, one sample may stall).
    const latencies: number[] = [];
    // Five official wards of Cao Bằng: each delta is told apart by its ward.
    const wards = ['Phường Thục Phán', 'Phường Nùng Trí Cao', 'Phường Tân Giang', 'Xã Bảo Lâm', 'Xã Lý Bôn'];
    for (let n = 1; n <= 5; n++) {
      const ward = wards[n - 1]!;
      await new Promise((resolve) => setTimeout(resolve, 150)); // past the board's one-delta-per-100-ms window
      const recorded = await call({
        method: 'POST',
        url: '/api/v1/activations',
        token: staffToken,
        payload: { provider: 'viettel_money', phone: `091234560${n}`, ward },
      });
      const answered = Date.now();
      t.equal(recorded.status, 201);
      await viewer.next((m) => m.type === 'delta' && m.ticker.some((i: any) => i.ward === ward), 2000);
      latencies.push(arrivals.get(ward)! - answered);
    }
    const median = [...latencies].sort((a, b) => a - b)[2];
    t.ok(
      median < 100,
      `on the board a median ${median} ms after the answer (${latencies.join(', ')} ms); the feed's poll is 10 minutes`,
    );
    t.ok(
      latencies.every((ms) => ms < 1000),
      'every one well under any poll interval',
    );
  },
);

t.test('FEED_POLL_MS: 200 ms by default, bounded', async (t) => {
  t.equal(loadConfig({}).FEED_POLL_MS, 200);
  t.equal(loadConfig({ FEED_POLL_MS: '5000' }).FEED_POLL_MS, 5000);
  t.throws(() => loadConfig({ FEED_POLL_MS: '0' }), /FEED_POLL_MS/);
});
