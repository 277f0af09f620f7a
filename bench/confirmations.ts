/**
 * Payment confirmations on Postgres: signed sandbox bank notifications (`POST /webhooks/sandbox`) answered 200 per
 * second, set against the raw rate of durable single-insert transactions (`BEGIN; INSERT; COMMIT` with plain `pg`,
 * one client per worker) on the same Postgres, at the same concurrency, for the same time, in the same run. Not a
 * test: it prints figures. The machine is shared and noisy; the ratio is the figure to watch.
 *
 *   node --import tsx bench/confirmations.ts [--duration 15] [--concurrency 64] [--stalls 200] [--pool 8000]
 *                                            [--static-share 0.2] [--warmup 2]
 *
 * Before the timed phase a pool of dynamic payment requests is created through the API (spread over the stalls);
 * each notification then pays the next request (its reference inside a bank-style description, exact amount to the
 * stall's account) or, for `--static-share` of them and once the pool runs out, is a static-QR transfer to a random
 * stall's account (no reference), which also makes a sale.
 *
 * Environment equivalents: DURATION, CONCURRENCY, STALLS, POOL, STATIC_SHARE, WARMUP; BENCH_DATABASE_URL (the
 * Postgres server, default postgres://postgres@127.0.0.1:5432/postgres); BENCH_SERVER_NODE_ARGS (extra Node flags
 * for the server, e.g. "--cpu-prof --cpu-prof-dir=bench/profiles").
 */
import { randomBytes } from 'node:crypto';
import { signSandbox } from '../src/payments/providers/index.js';
import { fractionOption, numberOption } from './lib/args.js';
import { onCleanup, runBench } from './lib/cleanup.js';
import { cpuWindow, describeCpu, describeCpuPerOp } from './lib/cpu.js';
import { activitySampler } from './lib/pg-activity.js';
import { tableStatsWindow } from './lib/pg-tables.js';
import { ADMIN_DATABASE_URL, assertConnectionsAvailable, createBenchDatabase, describeServer } from './lib/database.js';
import { createRequestPool, SandboxCredits } from './lib/credits.js';
import { keepAliveAgent, request } from './lib/http.js';
import { describeErrors, runLoad } from './lib/load.js';
import { rawInsertRate } from './lib/raw-insert.js';
import { startServer } from './lib/server.js';
import { newAdminToken, onboardStalls } from './lib/stalls.js';
import { fmt, fmtInt } from './lib/stats.js';

const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 50;

runBench(async () => {
  const durationS = numberOption('duration', 'DURATION', 15);
  const warmupS = numberOption('warmup', 'WARMUP', 2);
  const concurrency = Math.round(numberOption('concurrency', 'CONCURRENCY', 64));
  const stallCount = Math.round(numberOption('stalls', 'STALLS', 200));
  const poolSize = Math.round(numberOption('pool', 'POOL', 8_000));
  const staticShare = fractionOption('static-share', 'STATIC_SHARE', 0.2);

  // The raw phase opens one connection per client (and the server's idle pool may still hold a few then).
  await assertConnectionsAvailable(ADMIN_DATABASE_URL, concurrency + 2);
  const database = await createBenchDatabase();
  const adminToken = newAdminToken();
  const secret = randomBytes(24).toString('hex');
  console.log(`confirmations: database ${database.name}; ${await describeServer(database.url)}`);
  console.log(`  ${stallCount} stalls, ${concurrency} concurrent, ${warmupS} s warm-up + ${durationS} s measured per phase`);

  const server = await startServer({
    DATABASE_URL: database.url,
    ADMIN_TOKEN: adminToken,
    SANDBOX_WEBHOOK_SECRET: secret,
    LOG_LEVEL: 'warn',
    DEMO: '0',
  });
  console.log(`  server up: ${server.url} (pid ${server.pid})`);
  const agent = keepAliveAgent(concurrency);
  onCleanup('close http agent', () => agent.destroy());

  const stalls = await onboardStalls(agent, server, adminToken, stallCount);

  const t0 = performance.now();
  const pool = await createRequestPool(agent, server, stalls, poolSize);
  console.log(`  ${fmtInt(pool.length)} payment requests pre-created in ${fmt((performance.now() - t0) / 1000)} s`);
  const credits = new SandboxCredits(pool, stalls, { staticShare, idPrefix: 'BENCH', payerBank: () => 'MBB' });
  const sent = credits.sent;
  const outcomes = new Map<string, number>();

  async function deliver(): Promise<true | string> {
    const body = credits.notice();
    const res = await request(
      agent,
      server,
      'POST',
      '/webhooks/sandbox',
      { 'x-signature': signSandbox(secret, body, Date.now()) },
      body,
      true,
    );
    if (res.status !== 200) return `HTTP ${res.status}`;
    const outcome = (JSON.parse(res.body!) as { results?: { outcome?: string }[] }).results?.[0]?.outcome ?? 'none';
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    return true;
  }

  // One delivery before timing: it must be a matched payment.
  {
    const before = outcomes.get('matched') ?? 0;
    const ok = await deliver();
    if (ok !== true || (outcomes.get('matched') ?? 0) !== before + 1) {
      throw new Error(`first notification was not a matched 200 (${ok}; outcomes ${JSON.stringify([...outcomes])})`);
    }
  }

  // Phase 1: confirmations through the real server.
  const confCpu = cpuWindow(() => [server.pid], database.name);
  const confActivity = activitySampler(database.url, database.name);
  const confTables = tableStatsWindow(database.url);
  await confActivity.start();
  onCleanup('stop activity sampler', () => confActivity.stop());
  const conf = await runLoad({
    durationMs: durationS * 1000,
    warmupMs: warmupS * 1000,
    concurrency,
    onWindow: (edge) => {
      confCpu.onWindow(edge);
      confActivity.onWindow(edge);
      confTables.onWindow(edge);
    },
    op: deliver,
  });
  await confActivity.stop();

  // Phase 2: raw durable single-insert transactions with plain pg, same database, concurrency and duration.
  const rawCpu = cpuWindow(() => [], database.name);
  const raw = await rawInsertRate(database.url, concurrency, durationS, warmupS, rawCpu.onWindow);

  const ratio = conf.perSecond / raw.perSecond;
  const p99 = conf.latency.p99;
  console.log(`\nconfirmations (POST /webhooks/sandbox, 200):`);
  console.log(`  confirmations/s ${fmtInt(conf.perSecond)}  (${fmtInt(conf.ok)} in ${conf.seconds} s)`);
  console.log(`  latency         p50 ${fmt(conf.latency.p50)} ms, p90 ${fmt(conf.latency.p90)} ms, p99 ${fmt(p99)} ms, max ${fmt(conf.latency.max)} ms`);
  console.log(`  errors          ${describeErrors(conf)}`);
  console.log(`  sent in all     ${fmtInt(sent.dynamic)} dynamic (reference) + ${fmtInt(sent.static)} static-QR transfers; outcomes ${[...outcomes].map(([k, n]) => `${k} ${fmtInt(n)}`).join(', ')}`);
  console.log(`  CPU             ${describeCpu(confCpu.share, new Map([[server.pid, 'server']]))}`);
  console.log(`  CPU per 200     ${describeCpuPerOp(confCpu.share, conf.seconds, conf.ok, new Map([[server.pid, 'server']]))}`);
  console.log(`  app connections ${confActivity.describe()} (average count, sampled)`);
  console.log(`  postgres work   ${(await confTables.describe(conf.ok)).join('\n                  ')}`);
  console.log(`\nraw pg (BEGIN; INSERT; COMMIT, one pg.Client per worker):`);
  console.log(`  tx/s            ${fmtInt(raw.perSecond)}  (${fmtInt(raw.ok)} in ${raw.seconds} s)`);
  console.log(`  latency         p50 ${fmt(raw.latency.p50)} ms, p99 ${fmt(raw.latency.p99)} ms`);
  console.log(`  errors          ${describeErrors(raw)}`);
  console.log(`  CPU             ${describeCpu(rawCpu.share, new Map())}`);
  console.log(`  CPU per tx      ${describeCpuPerOp(rawCpu.share, raw.seconds, raw.ok, new Map())}`);
  console.log(`\nratio confirmations/s ÷ raw tx/s: ${fmt(ratio, 2)}`);
  const met = ratio >= TARGET_RATIO && p99 <= TARGET_P99_MS;
  console.log(`target ratio ≥ ${TARGET_RATIO} and p99 ≤ ${TARGET_P99_MS} ms: ${met ? 'MET' : 'NOT MET'} (ratio ${fmt(ratio, 2)}, p99 ${fmt(p99)} ms)`);
  if (server.output().trim()) console.log(`\nserver output (tail):\n${server.output().trim().split('\n').slice(-5).join('\n')}`);
});
