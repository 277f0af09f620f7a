/**
 * The confirmation write path alone, on Postgres: `confirmCredits` called in this process with ready-made batches of
 * sandbox credits (static-QR transfers to random stalls: payment, sale, e-invoice, rollups and events each), no HTTP,
 * no queue. It shows how many confirmations per second the batches themselves allow at a given batch size, one batch
 * at a time or several at once ("lanes"), and how that compares with the raw single-insert rate measured in the same
 * run. Not a test: it prints figures.
 *
 *   node --import tsx bench/write-path.ts [--duration 8] [--batches 16,32,64] [--lanes 1,2] [--stalls 200]
 *                                         [--concurrency 64] [--warmup 1]
 *
 * `--concurrency` is only for the raw baseline (the confirmation benchmark's default client count).
 * Environment equivalents: DURATION, BATCHES, LANES, STALLS, CONCURRENCY, WARMUP; BENCH_DATABASE_URL.
 */
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { ensureFirstAdmin } from '../src/auth/staff.service.js';
import { loadConfig } from '../src/config/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { confirmCredits, type Delivery } from '../src/payments/confirm-credits.js';
import { providerAdapters } from '../src/payments/providers/index.js';
import { numberOption, quickRun, stringOption } from './lib/args.js';
import { printResults } from './lib/result.js';
import { onCleanup, runBench } from './lib/cleanup.js';
import { cpuWindow, describeCpuPerOp } from './lib/cpu.js';
import { SandboxCredits } from './lib/credits.js';
import { BENCH_DEPLOYMENT_SECRETS } from './lib/server.js';
import { ADMIN_DATABASE_URL, assertConnectionsAvailable, createBenchDatabase, describeServer } from './lib/database.js';
import { rawInsertRate } from './lib/raw-insert.js';
import { newAdminToken, stallOf, stallOnboarding, type OnboardedStall, type Stall } from './lib/stalls.js';
import { fmt, fmtInt } from './lib/stats.js';

const positiveList = (name: string, env: string, fallback: string) =>
  stringOption(name, env, fallback)
    .split(',')
    .map((v) => {
      const n = Number(v.trim());
      if (!Number.isInteger(n) || n <= 0)
        throw new Error(`--${name} / ${env} must be positive integers separated by commas, got "${v}"`);
      return n;
    });

runBench(async () => {
  const durationS = numberOption('duration', 'DURATION', 8, 3);
  const warmupS = numberOption('warmup', 'WARMUP', 1);
  const batchSizes = positiveList('batches', 'BATCHES', quickRun ? '32' : '16,32,64');
  const laneCounts = positiveList('lanes', 'LANES', quickRun ? '1' : '1,2');
  let best = 0; // confirmations/s of the best batch size and lane count
  const stallCount = Math.round(numberOption('stalls', 'STALLS', 200));
  const concurrency = Math.round(numberOption('concurrency', 'CONCURRENCY', 64));

  await assertConnectionsAvailable(ADMIN_DATABASE_URL, concurrency + Math.max(...laneCounts) + 2);
  const bench = await createBenchDatabase();
  console.log(`write path: database ${bench.name}; ${await describeServer(bench.url)}`);
  const database = await openDatabase({
    databaseUrl: bench.url,
    dataDir: 'memory://',
    poolSize: Math.max(...laneCounts) + 2,
  });
  onCleanup('close database', () => database.close());
  await migrateToLatest(database.db);

  // Stalls are onboarded through the app (in process), as staff would: the rows are the real ones.
  const adminToken = newAdminToken();
  await ensureFirstAdmin(database.db, adminToken);
  const app = await buildApp({
    config: loadConfig({ DATA_DIR: 'memory://', DEMO: '0', LOG_LEVEL: 'silent', ...BENCH_DEPLOYMENT_SECRETS }),
    database,
  });
  onCleanup('close app', () => app.close());
  const stalls: Stall[] = [];
  for (let n = 1; n <= stallCount; n++) {
    const body = stallOnboarding(n);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/merchants',
      headers: { authorization: `Bearer ${adminToken}` },
      payload: body,
    });
    if (res.statusCode !== 201) throw new Error(`onboarding failed: ${res.statusCode} ${res.body}`);
    stalls.push(stallOf(body, res.json() as OnboardedStall));
  }
  console.log(`  ${stallCount} stalls; ${warmupS} s warm-up + ${durationS} s measured per case`);

  // The same notices the confirmation benchmark signs and posts, parsed by the sandbox adapter as the webhook does.
  const credits = new SandboxCredits([], stalls, { staticShare: 1, idPrefix: 'PATH', payerBank: () => 'MBB' });
  const delivery = (): Delivery => {
    const rawBody = credits.notice();
    return { provider: 'sandbox', credit: providerAdapters.sandbox.parse(JSON.parse(rawBody))[0], rawBody };
  };

  // Write-ahead log per confirmation: what the commits have to make durable, against the baseline's per insert.
  const walPosition = async () =>
    (await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(database.db)).rows[0].lsn;
  const walSince = async (lsn: string) =>
    Number(
      (
        await sql<{ d: string }>`select pg_wal_lsn_diff(pg_current_wal_lsn(), ${lsn}::pg_lsn)::text as d`.execute(
          database.db,
        )
      ).rows[0].d,
    );

  console.log('\n  batch  lanes  confirmations/s  ms per batch  CPU per confirmation');
  for (const size of batchSizes) {
    for (const lanes of laneCounts) {
      const cpu = cpuWindow(() => [], bench.name);
      const walBefore = await walPosition();
      let confirmed = 0;
      let written = 0; // warm-up included, for the WAL figure
      let measuring = false;
      const start = performance.now();
      const end = start + (warmupS + durationS) * 1000;
      const windowTimers = [setTimeout(() => ((measuring = true), cpu.onWindow('start')), warmupS * 1000)];
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (performance.now() < end) {
            const results = await confirmCredits(database.db, Array.from({ length: size }, delivery));
            if (results.some((r) => r.payment.outcome !== 'matched'))
              throw new Error('a static-QR transfer was not matched to its stall');
            written += size;
            if (measuring) confirmed += size;
          }
        }),
      );
      cpu.onWindow('end');
      windowTimers.forEach(clearTimeout);
      const seconds = (performance.now() - start) / 1000 - warmupS;
      const perSecond = confirmed / seconds;
      const perBatchMs = (lanes * 1000) / (perSecond / size);
      best = Math.max(best, perSecond);
      const walBytes = await walSince(walBefore);
      const perOp = describeCpuPerOp(cpu.share, seconds, confirmed, new Map()).replace('client', 'this process');
      console.log(
        `  ${String(size).padStart(5)}  ${String(lanes).padStart(5)}  ${fmtInt(perSecond).padStart(15)}  ${fmt(perBatchMs).padStart(12)}  ${perOp}; WAL ${fmtInt(walBytes / written)} bytes`,
      );
    }
  }

  const rawCpu = cpuWindow(() => [], bench.name);
  const walBeforeRaw = await walPosition();
  const raw = await rawInsertRate(bench.url, concurrency, durationS, warmupS, rawCpu.onWindow);
  const rawWal = (await walSince(walBeforeRaw)) / raw.written;
  console.log(`\nraw pg (BEGIN; INSERT; COMMIT) at ${concurrency} clients: ${fmtInt(raw.perSecond)} tx/s`);
  console.log(
    `  CPU per tx: ${describeCpuPerOp(rawCpu.share, raw.seconds, raw.ok, new Map())}; WAL ${fmtInt(rawWal)} bytes`,
  );
  console.log(`  half of it (the confirmation target): ${fmtInt(raw.perSecond / 2)} confirmations/s`);
  printResults([
    {
      figure: 'write path (in process): best batch ÷ raw durable inserts',
      target: '— (context)',
      measured: `${fmt(best / raw.perSecond, 2)} (${fmtInt(best)}/s)`,
      met: null,
    },
  ]);
});
