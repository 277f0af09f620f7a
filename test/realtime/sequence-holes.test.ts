import net from 'node:net';
import pg from 'pg';
import t from 'tap';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.js';
import { EventFeed, type StoredEvent } from '../../src/realtime/index.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// Holes in the events id sequence (a rolled-back transaction, an instance that died mid-transaction, a transaction
// that stays open) must not hold the live feeds: a payment after them reaches subscribers within a second, and the
// long transaction's event still comes when it commits.
const ctx = await startTestApp(t, { SANDBOX: '1' });
const { call, database } = ctx;
const url = 'url' in database ? (database as { url: string }).url : undefined;
const stall = await onboardStall(ctx);

const received: Array<{ event: StoredEvent; at: number }> = [];
const before = new Set((await database.db.selectFrom('events').select('id').execute()).map((r) => Number(r.id)));
ctx.app.hub.subscribe((events) => {
  for (const event of events) received.push({ event, at: Date.now() });
});

/** Resolves with when the first event matching `test` reached the hub's subscribers (or fails after `ms`). */
async function deliveredAt(test: (e: StoredEvent) => boolean, ms = 8000): Promise<number> {
  const until = Date.now() + ms;
  for (;;) {
    const hit = received.find((r) => test(r.event));
    if (hit) return hit.at;
    if (Date.now() > until) throw new Error(`not delivered within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function payment(amount: number) {
  const pr = (await call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount } }))
    .body;
  const paid = await call({
    method: 'POST',
    url: '/sandbox/transfers',
    payload: { payload: pr.qr.payload, payerBank: 'VCB' },
  });
  if (paid.status !== 201 && paid.status !== 200) throw new Error(`payment failed: ${paid.status} ${paid.raw}`);
  return { paymentId: paid.body.payment.id as string, acknowledged: Date.now() };
}

const isSale = (paymentId: string) => (e: StoredEvent) =>
  e.type === 'sale.recorded' && (e.data.payment as { paymentId?: string } | undefined)?.paymentId === paymentId;
const marker = (name: string) => ({ type: 'activation.recorded', data: JSON.stringify({ marker: name }) });
const isMarker = (name: string) => (e: StoredEvent) => e.data.marker === name;

async function client() {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {}); // terminated on purpose below
  await c.connect();
  return c;
}

t.test('a rolled-back event and ids taken by a dead writer do not delay the next payment', async (t) => {
  await database.db
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto('events')
        .values(marker('rolled back') as never)
        .execute();
      throw new Error('roll back');
    })
    .catch(() => {});
  // An instance that took ids and died before committing: the ids are gone, nothing will ever fill them.
  for (let i = 0; i < 3; i++) await sql`select nextval('events_id_seq')`.execute(database.db);
  // Under load many events commit after the holes (here in one statement): a reader held at a hole would not reach
  // the payment's event before it gave up waiting on the hole.
  await sql`insert into events (type, data) select 'activation.recorded', jsonb_build_object('marker', 'load', 'n', n) from generate_series(1, 2500) as n`.execute(
    database.db,
  );
  const { paymentId, acknowledged } = await payment(21000);
  const latency = (await deliveredAt(isSale(paymentId))) - acknowledged;
  t.ok(latency < 1000, `delivered ${latency} ms after the acknowledgement`);
  t.notOk(
    received.some((r) => isMarker('rolled back')(r.event)),
    'the rolled-back event is never delivered',
  );
});

t.test(
  'an open transaction holding a lower id: later payments flow; its event comes when it commits, however late',
  { skip: !url && 'PGlite has one connection: no transaction can stay open beside the app' },
  async (t) => {
    const long = await client();
    await long.query('begin');
    await long.query(`insert into events (type, data) values ('activation.recorded', '{"marker":"long"}')`);
    const first = await payment(22000);
    const firstLatency = (await deliveredAt(isSale(first.paymentId))) - first.acknowledged;
    t.ok(firstLatency < 1000, `the payment after the open transaction delivered in ${firstLatency} ms`);
    await new Promise((r) => setTimeout(r, 6000)); // longer than the 5 s a gap-waiting reader gave a hole before moving past it
    const second = await payment(23000);
    const secondLatency = (await deliveredAt(isSale(second.paymentId))) - second.acknowledged;
    t.ok(secondLatency < 1000, `a later payment delivered in ${secondLatency} ms`);
    t.notOk(
      received.some((r) => isMarker('long')(r.event)),
      'nothing uncommitted is delivered',
    );
    await long.query('commit');
    const committed = Date.now();
    const longLatency = (await deliveredAt(isMarker('long'))) - committed;
    t.ok(longLatency < 1000, `the long transaction's event delivered ${longLatency} ms after its commit`);
    await long.end();
  },
);

t.test(
  'after every database connection is cut (one mid-transaction), the feed delivers the next payment within a second',
  { skip: !url && 'Postgres only: PGlite runs in this process' },
  async (t) => {
    const dying = await client();
    await dying.query('begin');
    await dying.query(`insert into events (type, data) values ('activation.recorded', '{"marker":"dying"}')`);
    const admin = await client();
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    await admin.end();
    await new Promise((r) => setTimeout(r, 300)); // the pool notices its idle connections were cut
    let paid: { paymentId: string; acknowledged: number } | null = null;
    for (let attempt = 0; !paid && attempt < 5; attempt++) paid = await payment(24000).catch(() => null); // a request on a just-cut connection may fail once
    t.ok(paid, 'the service pays again after the cut');
    const latency = (await deliveredAt(isSale(paid!.paymentId))) - paid!.acknowledged;
    t.ok(latency < 1000, `delivered ${latency} ms after the acknowledgement`);
    t.notOk(
      received.some((r) => isMarker('dying')(r.event)),
      "the cut transaction's event is never delivered",
    );
  },
);

t.test(
  'a read hung on a connection that went silent is given up: the feed goes on over a fresh one',
  { skip: !url && 'Postgres only: PGlite runs in this process' },
  async (t) => {
    // A proxy in front of Postgres that can make the connections open so far go silent (a server or network that
    // vanished without closing them); connections made after that work.
    const target = new URL(url!);
    const pairs: Array<{ client: net.Socket; upstream: net.Socket; silent: boolean }> = [];
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      const pair = { client, upstream, silent: false };
      pairs.push(pair);
      client.on('data', (d) => !pair.silent && upstream.write(d));
      upstream.on('data', (d) => !pair.silent && client.write(d));
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ]) {
        a.on('error', () => {});
        a.on('close', () => b.destroy());
      }
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const viaProxy = new URL(url!);
    viaProxy.host = `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    const feedDatabase = await openDatabase({ databaseUrl: viaProxy.toString(), dataDir: 'memory://', poolSize: 3 });
    const seen: StoredEvent[] = [];
    const feed = new EventFeed(feedDatabase.db, (events) => seen.push(...events), 100, 1000);
    await feed.start();
    await new Promise((r) => setTimeout(r, 300));
    for (const pair of pairs) pair.silent = true;
    await database.db
      .insertInto('events')
      .values(marker('after the silence') as never)
      .execute();
    const until = Date.now() + 5000;
    while (!seen.some(isMarker('after the silence')) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    t.ok(seen.some(isMarker('after the silence')), 'delivered over a new connection');
    await feed.stop();
    for (const pair of pairs) pair.client.destroy();
    await feedDatabase.close();
    await new Promise((r) => proxy.close(r));
  },
);

t.test('every event committed while subscribed was delivered, once', async (t) => {
  const ids = received.map((r) => r.event.id);
  t.equal(new Set(ids).size, ids.length, 'no event twice');
  const committed = (await database.db.selectFrom('events').select('id').execute())
    .map((r) => Number(r.id))
    .filter((id) => !before.has(id));
  t.ok(committed.length >= 3, `${committed.length} events committed`);
  t.same(
    committed.filter((id) => !ids.includes(id)),
    [],
    'none skipped',
  );
});
