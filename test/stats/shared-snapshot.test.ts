import t from 'tap';
import { SharedSnapshot } from '../../src/stats/shared-snapshot.js';
import { startTestApp } from '../helpers/app.js';

// Started before the first subtest: the top level must not wait on I/O between subtests.
const ctx = await startTestApp(t, { PUBLIC_RATE_LIMIT: '60' });

t.test('concurrent callers share one computation per window; a failure is not kept', async (t) => {
  let clock = 1_000;
  let runs = 0;
  let fail = false;
  const shared = new SharedSnapshot(
    async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      if (fail) throw new Error('database away');
      return { run: runs };
    },
    250,
    () => clock,
  );

  const first = await Promise.all(Array.from({ length: 50 }, () => shared.get()));
  t.equal(runs, 1, '50 concurrent callers: one computation');
  t.ok(
    first.every((v) => v === first[0]),
    'all got the same value',
  );
  clock += 249;
  await shared.get();
  t.equal(runs, 1, 'still fresh just inside the window');
  clock += 1;
  await Promise.all(Array.from({ length: 10 }, () => shared.get()));
  t.equal(runs, 2, 'one recomputation once the window is over');
  clock += 250;
  fail = true;
  await t.rejects(shared.get());
  fail = false;
  t.same(await shared.get(), { run: 4 }, 'the next caller after a failure computes again');
  t.equal(shared.computations, 4);
});

t.test('GET /api/v1/stats: a burst of callers is served from one snapshot', async (t) => {
  const started = Date.now();
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      ctx.app.inject({ method: 'GET', url: '/api/v1/stats', remoteAddress: `10.0.0.${i + 1}` }),
    ),
  );
  const elapsed = Date.now() - started;
  t.ok(answers.every((a) => a.statusCode === 200));
  t.match(answers[0].headers['content-type'], /^application\/json/);
  const computed = new Set(answers.map((a) => a.json().generatedAt));
  // One computation per 250 ms window the burst spanned (plus the one under way when it started, at most).
  t.ok(
    computed.size <= Math.ceil(elapsed / 250) + 1,
    `${computed.size} snapshots computed for 40 callers in ${elapsed} ms`,
  );
  t.ok(computed.size < 5, `${computed.size} computations`);
});

t.test('GET /api/v1/stats is rate-limited per client like the other public routes', async (t) => {
  const ask = () => ctx.app.inject({ method: 'GET', url: '/api/v1/stats', remoteAddress: '10.9.9.9' });
  for (let i = 0; i < 60; i++) t.equal((await ask()).statusCode, 200);
  const refused = await ask();
  t.equal(refused.statusCode, 429);
  t.equal(refused.json().error.code, 'rate_limited');
  const csv = await ctx.app.inject({ method: 'GET', url: '/api/v1/stats/daily.csv', remoteAddress: '10.9.9.9' });
  t.equal(
    csv.headers['x-ratelimit-limit'],
    '60',
    'the CSV has a limit of its own (limits are per route, as elsewhere)',
  );
  t.equal(
    (await ctx.app.inject({ method: 'GET', url: '/api/v1/stats', remoteAddress: '10.9.9.10' })).statusCode,
    200,
    'another client is unaffected',
  );
});
