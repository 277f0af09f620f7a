import t from 'tap';
import { compactIds, expandIds, patchOf } from '../../src/realtime/delta-patch.js';
import WebSocket from 'ws';
import { FIGURES_EVERY_MS, TICKER_PER_DELTA, textFrame } from '../../src/realtime/board-broadcaster.js';
import { applyPatch } from '../../src/web/assets/shared/board-patch.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { openSocket } from '../helpers/ws.js';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

t.test('a patch carries only what changed, and applied to the old picture gives the new one', async (t) => {
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, count: 0, value: 0 }));
  const before = { today: { count: 3, value: 90_000, share: 0.5 }, hours, payers: [{ payer: 'VCB', value: 1 }] };
  const after = clone(before);
  after.today.count = 4;
  after.today.value = 115_000;
  after.hours[10] = { hour: 10, count: 1, value: 25_000 };
  t.same(patchOf(before, after), { today: { count: 4, value: 115_000 }, hours: { 10: { count: 1, value: 25_000 } } });
  t.equal(patchOf(before, clone(before)), undefined, 'nothing changed: no patch');
  const longer = {
    ...clone(before),
    payers: [
      { payer: 'VCB', value: 1 },
      { payer: 'MOMO', value: 2 },
    ],
  };
  t.same(patchOf(before, longer), { payers: longer.payers }, 'an array that grew is sent whole');
  t.same(patchOf({ a: 1, b: 2 }, { a: 1 }), { b: null }, 'a key that disappeared is sent as null');

  // Random pictures of one shape (a snapshot's sections never turn from an array into an object or back): the patch
  // always turns the old one into the new one.
  const leaf = () => [0, 1, 'x', null, 2.5, true][Math.floor(Math.random() * 6)];
  const random = (depth: number): any => {
    const r = Math.random();
    if (depth > 2 || r < 0.4) return leaf();
    if (r < 0.7) return Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => random(depth + 1));
    return Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`k${i}`, random(depth + 1)]));
  };
  const changed = (v: any): any => {
    if (Array.isArray(v)) {
      const next = v.map(changed);
      if (Math.random() < 0.2) next.push(leaf()); // a list that grew
      return next;
    }
    if (v && typeof v === 'object') {
      const next = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, changed(x)]));
      if (Math.random() < 0.1) delete next.k0;
      return next;
    }
    return Math.random() < 0.3 ? leaf() : v;
  };
  for (let i = 0; i < 2_000; i++) {
    const a = { x: random(0), y: random(0) };
    const b = changed(a);
    const patch = patchOf(a, b);
    const patched = patch === undefined ? clone(a) : applyPatch(clone(a), patch);
    // A key sent as null reads as gone: compare with null-valued keys left out on both sides.
    const same = (v: unknown) =>
      JSON.stringify(v, (_k, x) =>
        x && typeof x === 'object' && !Array.isArray(x)
          ? Object.fromEntries(Object.entries(x).filter(([, y]) => y !== null))
          : x,
      );
    if (same(patched) !== same(b)) return t.fail(`${JSON.stringify([a, b, patch])}`);
  }
  t.pass('2,000 random pairs patched exactly');
});

t.test('a delta is framed once, byte for byte as the websocket library frames a text message', async (t) => {
  type Frame = (data: Buffer, o: object) => Buffer[];
  const { frame } = (WebSocket as unknown as { Sender: { frame: Frame } }).Sender;
  for (const n of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
    const text = 'é'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2); // n bytes of UTF-8
    const theirs = Buffer.concat(
      frame(Buffer.from(text), { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false }),
    );
    t.ok(textFrame(text).equals(theirs), `${n} bytes`);
  }
});

t.test('`more` lists event ids ascending, each after the first as its gap', async (t) => {
  t.same(compactIds([105, 101, 102, 110]), [101, 1, 3, 5]);
  t.same(expandIds(compactIds([105, 101, 102, 110])), [101, 102, 105, 110]);
});

t.test('live: every viewer, however late it joined, holds exactly the snapshot after the patches', async (t) => {
  const ctx = await startTestApp(t);
  const base = (await ctx.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  const stall = await onboardStall(ctx, { name: 'Bánh cuốn Cao Bằng' });
  const sell = (amount: number, method = 'cash') =>
    ctx.call({ method: 'POST', url: '/api/v1/sales', token: stall.apiKey, payload: { amount, method } });
  const picture = (viewer: Awaited<ReturnType<typeof openSocket>>) => {
    let stats: any = null;
    for (const m of viewer.messages) {
      if (m.type === 'snapshot') stats = clone(m.stats);
      if (m.type === 'delta' && stats) applyPatch(stats, m.changed);
    }
    return stats;
  };
  const early = await openSocket(`${base}/ws/board`);
  await early.next((m) => m.type === 'snapshot');
  await sell(20_000);
  await sell(35_000);
  await early.next((m) => m.type === 'delta' && m.ticker.some((i: any) => i.amount === 35_000));
  const late = await openSocket(`${base}/ws/board`);
  await late.next((m) => m.type === 'snapshot');
  // A burst: more sales than a delta lists.
  const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => sell(1_000 * (i + 1))));
  t.ok(
    burst.every((r) => r.status === 201),
    'twelve sales recorded',
  );
  await new Promise((r) => setTimeout(r, FIGURES_EVERY_MS + 600)); // the figures follow within a second
  const now = (await ctx.call({ method: 'GET', url: '/api/v1/stats' })).body;
  for (const [name, viewer] of [
    ['the viewer from the start', early],
    ['the viewer that joined late', late],
  ] as const) {
    const held = picture(viewer);
    for (const key of ['today', 'allTime', 'stalls', 'payers', 'salesPerHour'])
      t.same(held[key], now[key], `${name}: ${key} as the snapshot says`);
  }
  const deltas = late.messages.filter((m) => m.type === 'delta');
  t.ok(
    deltas.every((d) => d.ticker.length <= TICKER_PER_DELTA),
    `no delta lists more than ${TICKER_PER_DELTA} lines`,
  );
  const covered = deltas.flatMap((d) => [...d.ticker.map((i: any) => i.id), ...expandIds(d.more ?? [])]);
  t.equal(
    covered.length,
    12,
    `each sale of the burst is covered once, listed or by id: ${JSON.stringify(deltas.map((d) => [d.ticker.map((i: any) => i.id), d.more]))}`,
  );
  t.equal(new Set(covered).size, 12);
  const figureDeltas = deltas.filter((d) => Object.keys(d.changed).length);
  t.ok(figureDeltas.length <= 3, `the figures moved in ${figureDeltas.length} deltas (at most one a second)`);
  t.notOk(
    figureDeltas.some((d) => 'ticker' in d.changed || 'generatedAt' in d.changed),
    'a patch never carries the ticker or the time',
  );
  early.close();
  late.close();
});
