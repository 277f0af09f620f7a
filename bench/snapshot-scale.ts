/**
 * What the board snapshot costs with 10k past sales against 1M (target: 1M ÷ 10k ≤ 1.5). Two fresh Postgres
 * databases are filled in SQL (see lib/history.ts) with the same stalls and days; their rollups hold the same keys
 * (zero rows where the small history has no sale), so they differ only in the number of sales and their events.
 * `statsSnapshot(db)` then runs in this process, alternately on each database (so machine noise hits both alike),
 * `--iterations` times each after a warm-up. Also timed: each part of the snapshot on its own, `GET /api/v1/stats`
 * through the real server, and (for context) a 10k history whose rollups only have rows where a sale fell.
 * Not a test: it prints figures.
 *
 *   node --import tsx bench/snapshot-scale.ts [--small 10000] [--large 1000000] [--days 365] [--stalls 70]
 *                                            [--iterations 200] [--warmup 20] [--events-per-sale 3] [--no-natural]
 *
 * Environment equivalents: SMALL, LARGE, DAYS, STALLS, ITERATIONS, WARMUP, EVENTS_PER_SALE, NO_NATURAL=1;
 * BENCH_DATABASE_URL (the Postgres server).
 */
import { availableParallelism, loadavg } from 'node:os';
import { activationSummary } from '../src/activations/activations.service.js';
import { openDatabase, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import {
  activeStalls,
  payerMix,
  recentEvents,
  saleTotals,
  salesPerHour,
  stallCounts,
} from '../src/stats/stats.repository.js';
import { STATS_SNAPSHOT_TTL_MS } from '../src/stats/shared-snapshot.js';
import { statsSnapshot } from '../src/stats/stats.service.js';
import { startOfVietnamDay, vietnamDay } from '../src/time/vietnam.js';
import { flagOption, numberOption, quickRun } from './lib/args.js';
import { printResults } from './lib/result.js';
import { onCleanup, runBench } from './lib/cleanup.js';
import { createBenchDatabase, describeServer, type BenchDatabase } from './lib/database.js';
import { buildHistory, type HistoryCounts } from './lib/history.js';
import { keepAliveAgent, request } from './lib/http.js';
import { startServer } from './lib/server.js';
import { fmt, fmtInt, percentile, Samples, type LatencySummary } from './lib/stats.js';

const TARGET_RATIO = 1.5;

interface Dataset {
  label: string;
  database: BenchDatabase;
  db: Db;
  counts: HistoryCounts;
}

runBench(async () => {
  const small = Math.round(numberOption('small', 'SMALL', 10_000));
  const large = Math.round(numberOption('large', 'LARGE', 1_000_000, 200_000));
  const days = Math.round(numberOption('days', 'DAYS', 365));
  const stalls = Math.round(numberOption('stalls', 'STALLS', 70));
  const iterations = Math.round(numberOption('iterations', 'ITERATIONS', 200, 40));
  const warmup = Math.round(numberOption('warmup', 'WARMUP', 20, 5));
  const eventsPerSale = numberOption('events-per-sale', 'EVENTS_PER_SALE', 3) === 1 ? 1 : 3;
  const natural = !flagOption('no-natural', 'NO_NATURAL') && !quickRun;
  const now = new Date();
  const loadAtStart = loadavg()[0];

  const label = (n: number) =>
    n >= 1_000_000 && n % 1_000_000 === 0
      ? `${n / 1_000_000}M`
      : n >= 1_000 && n % 1_000 === 0
        ? `${n / 1_000}k`
        : fmtInt(n);
  const prepare = async (name: string, sales: number, padKeys: boolean): Promise<Dataset> => {
    const database = await createBenchDatabase();
    const opened = await openDatabase({ databaseUrl: database.url, dataDir: 'memory://', poolSize: 20 });
    onCleanup(`close pool of ${database.name}`, () => opened.close());
    await migrateToLatest(opened.db);
    const counts = await buildHistory(database.url, { sales, days, stalls, now, padKeys, eventsPerSale });
    console.log(
      `  ${name.padEnd(12)} ${fmtInt(counts.sales).padStart(9)} sales, ${fmtInt(counts.events).padStart(9)} events (${fmt(counts.baseMb, 0)} MB with indexes); rollup rows: merchant_daily ${fmtInt(counts.merchant_daily)}, merchant_hourly ${fmtInt(counts.merchant_hourly)}, payer_daily ${fmtInt(counts.payer_daily)}, activation_daily ${fmtInt(counts.activation_daily)}; built in ${fmt(counts.seconds)} s`,
    );
    return { label: name, database, db: opened.db, counts };
  };

  const probe = await createBenchDatabase();
  console.log(`snapshot scale: ${await describeServer(probe.url)}`);
  await probe.drop();
  console.log(
    `  the same ${stalls} stalls and ${days} days in every history; rollups padded to the same keys (day × stall, hour slot × stall, day × stall × payer), so only the sales and their events differ`,
  );
  const sets: Dataset[] = [];
  sets.push(await prepare(label(small), small, true));
  sets.push(await prepare(label(large), large, true));
  if (natural) sets.push(await prepare(`${label(small)} natural`, small, false));

  // Sanity: the snapshot's all-time count is the history's.
  for (const s of sets) {
    const snap = await statsSnapshot(s.db);
    if (snap.allTime.salesCount !== s.counts.sales)
      throw new Error(
        `${s.label}: snapshot counts ${snap.allTime.salesCount} sales, the history has ${s.counts.sales}`,
      );
  }

  // statsSnapshot, round-robin over the datasets.
  const samples: number[][] = sets.map(() => []);
  for (let i = 0; i < warmup + iterations; i++) {
    for (let j = 0; j < sets.length; j++) {
      const k = (i + j) % sets.length; // rotate who goes first
      const t0 = performance.now();
      await statsSnapshot(sets[k].db);
      if (i >= warmup) samples[k].push(performance.now() - t0);
    }
  }
  const results = samples.map(summarise);

  // Each part on its own (sequential, not in parallel as in the snapshot): where the time goes.
  const day = vietnamDay(now);
  const dayStart = startOfVietnamDay(day);
  const parts: Array<[string, (db: Db) => Promise<unknown>]> = [
    ['saleTotals(today)', (db) => saleTotals(db, day)],
    ['saleTotals(all time)', (db) => saleTotals(db)],
    ['stallCounts', (db) => stallCounts(db)],
    ['activeStalls(today)', (db) => activeStalls(db, day)],
    ['salesPerHour(today)', (db) => salesPerHour(db, dayStart, new Date(dayStart.getTime() + 24 * 3600_000))],
    ['payerMix(today)', (db) => payerMix(db, day)],
    ['payerMix(all time)', (db) => payerMix(db)],
    ['activationSummary(14 d)', (db) => activationSummary(db, { days: 14, now })],
    ['recentEvents(20)', (db) => recentEvents(db, 20)],
  ];
  const partRounds = Math.max(10, Math.round(iterations / 4));
  const partTimes: number[][][] = parts.map(() => sets.map(() => []));
  for (let i = 0; i < 3 + partRounds; i++) {
    for (let p = 0; p < parts.length; p++) {
      for (let k = 0; k < sets.length; k++) {
        const t0 = performance.now();
        await parts[p][1](sets[k].db);
        if (i >= 3) partTimes[p][k].push(performance.now() - t0);
      }
    }
  }

  // GET /api/v1/stats through the real server, once per dataset (1 warm-up + 10 timed calls).
  const http: Array<LatencySummary | null> = [];
  for (const s of sets) {
    try {
      const server = await startServer({ DATABASE_URL: s.database.url, LOG_LEVEL: 'warn', DEMO: '0' });
      const agent = keepAliveAgent(1);
      const timed = new Samples();
      for (let i = 0; i < 11; i++) {
        const t0 = performance.now();
        const res = await request(agent, server, 'GET', '/api/v1/stats', {});
        if (res.status !== 200) throw new Error(`GET /api/v1/stats: ${res.status}`);
        if (i > 0) timed.add(performance.now() - t0);
        // Past the shared snapshot's lifetime (STATS_SNAPSHOT_TTL_MS), so each timed call computes a snapshot.
        await new Promise((r) => setTimeout(r, STATS_SNAPSHOT_TTL_MS + 50));
      }
      agent.destroy();
      await server.stop();
      http.push(timed.summary());
    } catch (error) {
      console.log(`  (GET /api/v1/stats on ${s.label} failed: ${(error as Error).message.split('\n')[0]})`);
      http.push(null);
    }
  }

  const [a, b] = results;
  const ratio = b.p50 / a.p50;
  const ratioP95 = b.p95 / a.p95;
  console.log(`\nstatsSnapshot(db) in process, ${iterations} calls per history after ${warmup} warm-up, round-robin:`);
  sets.forEach((s, k) => {
    console.log(
      `  ${s.label.padEnd(12)} median ${fmt(results[k].p50, 2)} ms, p95 ${fmt(results[k].p95, 2)} ms, p99 ${fmt(results[k].p99, 2)} ms, max ${fmt(results[k].max, 2)} ms`,
    );
  });
  console.log(`  ratio ${sets[1].label}/${sets[0].label}: median ${fmt(ratio, 2)}, p95 ${fmt(ratioP95, 2)}`);
  if (sets[2])
    console.log(
      `  (context) ratio ${sets[1].label}/${sets[2].label}: median ${fmt(b.p50 / results[2].p50, 2)} — the natural small history has fewer rollup rows, not fewer sales only`,
    );

  console.log(`\neach part alone, median ms over ${partRounds} calls (${sets.map((s) => s.label).join(' | ')}):`);
  parts.forEach(([name], p) => {
    console.log(`  ${name.padEnd(24)} ${partTimes[p].map((x) => fmt(summarise(x).p50, 2).padStart(8)).join(' | ')}`);
  });

  console.log(`\nGET /api/v1/stats through the server (10 calls after 1 warm-up, median / max ms):`);
  sets.forEach((s, k) =>
    console.log(`  ${s.label.padEnd(12)} ${http[k] ? `${fmt(http[k].p50, 2)} / ${fmt(http[k].max, 2)}` : 'n/a'}`),
  );
  console.log(
    `\nmachine: ${availableParallelism()} cores, 1-min load average ${fmt(loadAtStart, 1)} at the start, ${fmt(loadavg()[0], 1)} at the end (other work shares these cores)`,
  );
  console.log(
    `target ratio ${sets[1].label}/${sets[0].label} ≤ ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'MET' : 'NOT MET'} (median ${fmt(ratio, 2)})`,
  );
  printResults([
    {
      figure: `board snapshot: ${sets[1].label} ÷ ${sets[0].label} past sales`,
      target: `≤ ${TARGET_RATIO}`,
      measured: fmt(ratio, 2),
      met: ratio <= TARGET_RATIO,
    },
  ]);
});

/** Median, p95, p99 and max of a list of milliseconds. */
function summarise(values: number[]) {
  const sorted = Float64Array.from(values).sort();
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}
