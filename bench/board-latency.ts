/**
 * Live board delivery latency on Postgres: thousands of websocket viewers on `WS /ws/board` while signed sandbox
 * payments arrive at a fixed rate (open loop). For each payment, the time from its webhook acknowledgement (200
 * received by this process) to the first `delta` whose `ticker` carries its saleId, as seen by a sample of viewers.
 * Also: deltas delivered per second across all viewers (fan-out) and their average size, viewers dropped, and the
 * server's resident memory. "Payments first": before any viewer connects, the same payments run for `--baseline`
 * seconds with no viewer; the acknowledgement's p99 under the board load is set against that one, in the same run.
 * Not a test: it prints figures.
 *
 *   node --import tsx bench/board-latency.ts [--viewers 5000] [--rate 200] [--duration 20] [--warmup 3] [--sampled 50]
 *                                           [--stalls 200] [--static-share 0.2] [--swarms 2] [--wave 500] [--drain 3]
 *                                           [--baseline 5] [--viewer-instance]
 *
 * Viewers: `--sampled` of them live in this process and parse every message (they time the deliveries); the rest
 * live in `--swarms` child processes that only count messages per viewer, so they cost the client little and cannot
 * delay the timing. They connect in waves of `--wave` (each viewer waits for its snapshot), the sampled ones spread
 * over the waves so they sit all along the server's send order.
 *
 * Payments: before the timed phase a pool of dynamic payment requests is created through the API (spread over the
 * stalls); each notification pays the next one, or for `--static-share` of them is a static-QR transfer to a random
 * stall (no reference). Both make a sale, whose id the webhook's answer carries (`results[0].saleId`).
 *
 * Environment equivalents: VIEWERS, RATE, DURATION, WARMUP, SAMPLED, STALLS, STATIC_SHARE, SWARMS, WAVE, DRAIN, BASELINE, VIEWER_INSTANCE;
 * BENCH_DATABASE_URL, BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=bench/profiles"), BENCH_APP_ROOT (a copy with
 * an experimental change), BENCH_SERVER_ENV ("NAME=value …": extra environment for the server).
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg, setPriority } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';
import { expandIds } from '../src/realtime/delta-patch.js';
import { flagOption, fractionOption, numberOption } from './lib/args.js';
import { printResults } from './lib/result.js';
import { onCleanup, runBench } from './lib/cleanup.js';
import { cpuWindow, describeCpu } from './lib/cpu.js';
import { createBenchDatabase, describeServer } from './lib/database.js';
import { ensureOpenFiles } from './lib/fd-limit.js';
import { createRequestPool, SandboxCredits, sendNotice } from './lib/credits.js';
import { keepAliveAgent, request } from './lib/http.js';
import { residentMb, rssSampler } from './lib/rss.js';
import { startServer } from './lib/server.js';
import { newAdminToken, onboardStalls } from './lib/stalls.js';
import { fmt, fmtInt, percentile, Samples } from './lib/stats.js';
import { startSwarm, type Swarm, type SwarmReport } from './lib/viewers.js';

const TARGET_P99_MS = 250;
const TARGET_RSS_MB = 300;
const TARGET_DELTA_BYTES = 1_024;
/** Webhook acknowledgement p99 with the viewers ÷ without them, in the same run. */
const TARGET_ACK_RATIO = 1.5;

interface Payment {
  scheduledAt: number;
  ackAt: number;
  ackWall: number;
  saleId: string | null;
  inWindow: boolean;
}

/**
 * A viewer in this process: parses every message and notes when each sale's event first shows in a delta, as a
 * ticker line or by id in `more`.
 */
interface SampledViewer {
  ws: WebSocket;
  seen: Map<number, number>;
  deltas: number;
  deltasAtWindowStart: number;
  deltasAtWindowEnd: number;
  closedUnexpectedly: boolean;
}

/** BENCH_SERVER_ENV="NAME=value NAME2=value": extra environment for the server (e.g. a setting of an experimental copy). */
function extraServerEnv(): Record<string, string> {
  const raw = process.env.BENCH_SERVER_ENV ?? '';
  return Object.fromEntries(
    raw
      .split(/\s+/)
      .filter((kv) => kv.includes('='))
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

runBench(async () => {
  const viewerCount = Math.round(numberOption('viewers', 'VIEWERS', 5_000, 1_000));
  const rate = numberOption('rate', 'RATE', 200);
  const durationS = numberOption('duration', 'DURATION', 20, 5);
  const warmupS = numberOption('warmup', 'WARMUP', 3, 2);
  const drainS = numberOption('drain', 'DRAIN', 3, 2);
  const sampledCount = Math.min(viewerCount, Math.round(numberOption('sampled', 'SAMPLED', 50)));
  const stallCount = Math.round(numberOption('stalls', 'STALLS', 200));
  const staticShare = fractionOption('static-share', 'STATIC_SHARE', 0.2);
  const swarmCount = Math.round(numberOption('swarms', 'SWARMS', 2));
  const wave = Math.round(numberOption('wave', 'WAVE', 500));
  const baselineS = numberOption('baseline', 'BASELINE', 5, 3);
  const viewerInstance = flagOption('viewer-instance', 'VIEWER_INSTANCE');

  // Every viewer is a socket in the server (and one here or in a swarm): check the open-files limit first.
  const limit = ensureOpenFiles(viewerCount + 2_048);

  const loadAtStart = loadavg()[0];
  const database = await createBenchDatabase();
  const adminToken = newAdminToken();
  const secret = randomBytes(24).toString('hex');
  console.log(`board latency: database ${database.name}; ${await describeServer(database.url)}`);
  console.log(
    `  ${fmtInt(viewerCount)} viewers (${sampledCount} sampled here, the rest in ${swarmCount} swarm processes), ${fmt(rate, 0)} payments/s open loop over ${stallCount} stalls (${Math.round(staticShare * 100)}% static QR), ${warmupS} s warm-up + ${durationS} s measured + ${drainS} s drain; ulimit -n ${limit.soft}`,
  );

  const server = await startServer({
    DATABASE_URL: database.url,
    ADMIN_TOKEN: adminToken,
    SANDBOX: '1', // the load is sandbox notifications: on Postgres the sandbox bank is on only when asked
    SANDBOX_WEBHOOK_SECRET: secret,
    LOG_LEVEL: 'warn',
    DEMO: '0',
    ...extraServerEnv(),
  });
  console.log(`  server up: ${server.url} (pid ${server.pid})`);
  const rss = rssSampler(server.pid);
  const agent = keepAliveAgent(256);
  onCleanup('close http agent', () => agent.destroy());

  // Stalls and the pool of dynamic requests (shuffled so consecutive payments hit different stalls).
  const stalls = await onboardStalls(agent, server, adminToken, stallCount);
  const poolSize = Math.ceil(rate * (baselineS + warmupS + durationS) * (1 - staticShare) * 1.1) + 10;
  const t0 = performance.now();
  const pool = await createRequestPool(agent, server, stalls, poolSize);
  console.log(
    `  ${stallCount} stalls onboarded, ${fmtInt(pool.length)} payment requests pre-created in ${fmt((performance.now() - t0) / 1000)} s`,
  );

  // ---- The same payments with no viewer: the acknowledgement the board load must not slow by more than 1.5×.
  const credits = new SandboxCredits(pool, stalls, {
    staticShare,
    idPrefix: 'BOARD',
    payerBank: () => (Math.random() < 0.3 ? 'MOMO' : 'MBB'),
  });
  const baseline = await acknowledgements(agent, server, secret, credits, rate, baselineS);
  console.log(
    `  no viewers: ${fmtInt(baseline.count)} payments at ${fmt(rate, 0)}/s for ${baselineS} s, acknowledged p50 ${fmt(baseline.p50)} ms, p99 ${fmt(baseline.p99)} ms`,
  );

  // ---- Viewers, in waves.
  rss.phase('connect');
  // With --viewer-instance the viewers connect to a second instance on the same database, which reads the outbox
  // like any instance: the payments' instance then sends nothing to viewers.
  const boardServer = viewerInstance ? await startViewerInstance(database.url, secret) : server;
  const wsUrl = `${boardServer.url.replace(/^http/, 'ws')}/ws/board`;
  const swarms: Swarm[] = await Promise.all(Array.from({ length: swarmCount }, () => startSwarm()));
  const sampled: SampledViewer[] = [];
  const composition = { deltas: 0, bytes: 0, items: 0, parts: new Map<string, number>() };
  let measuring = false;
  let closing = false;
  const openSampled = () =>
    new Promise<void>((resolve, reject) => {
      const v: SampledViewer = {
        ws: new WebSocket(wsUrl, { perMessageDeflate: false }),
        seen: new Map(),
        deltas: 0,
        deltasAtWindowStart: 0,
        deltasAtWindowEnd: 0,
        closedUnexpectedly: false,
      };
      sampled.push(v);
      let ready = false;
      v.ws.on('message', (data: Buffer) => {
        const now = performance.now();
        const msg = JSON.parse(data.toString('utf8')) as {
          type: string;
          generatedAt?: string;
          changed?: Record<string, unknown>;
          ticker?: Array<{ id?: number }>;
          more?: number[];
        };
        if (msg.type === 'delta' && v === sampled[0] && measuring) {
          // What a delta is made of (bytes of each part), from one viewer over the window.
          composition.deltas++;
          composition.bytes += data.length;
          composition.items += msg.ticker?.length ?? 0;
          composition.parts.set(
            'ticker',
            (composition.parts.get('ticker') ?? 0) + JSON.stringify(msg.ticker ?? []).length,
          );
          if (msg.more)
            composition.parts.set('more', (composition.parts.get('more') ?? 0) + JSON.stringify(msg.more).length);
          for (const [k, val] of Object.entries(msg.changed ?? {}))
            composition.parts.set(
              `changed.${k}`,
              (composition.parts.get(`changed.${k}`) ?? 0) + JSON.stringify(val).length,
            );
        }
        if (msg.type === 'snapshot' && !ready) {
          ready = true;
          resolve();
        } else if (msg.type === 'delta') {
          v.deltas++;
          for (const id of [...(msg.ticker ?? []).map((i) => i.id), ...expandIds(msg.more ?? [])]) {
            if (id !== undefined && !v.seen.has(id)) {
              v.seen.set(id, now);
            }
          }
        }
      });
      v.ws.on('error', (e) => !ready && reject(e));
      v.ws.on('close', () => {
        if (!ready) reject(new Error('sampled viewer closed before its snapshot'));
        else if (!closing) v.closedUnexpectedly = true;
      });
    });
  onCleanup('close sampled viewers', () => {
    closing = true;
    for (const v of sampled) v.ws.terminate();
  });

  const tc = performance.now();
  const waves = Math.ceil(viewerCount / wave);
  let opened = 0;
  let sampledOpened = 0;
  let connectFailures = 0;
  const connectErrors = new Map<string, number>();
  for (let w = 0; w < waves; w++) {
    const size = Math.min(wave, viewerCount - opened);
    const sampleTarget = Math.round((sampledCount * (opened + size)) / viewerCount);
    const mine = Math.min(size, sampleTarget - sampledOpened);
    const rest = size - mine;
    const shares = swarms.map((_, i) => Math.floor(rest / swarms.length) + (i < rest % swarms.length ? 1 : 0));
    const tw = performance.now();
    const [swarmResults] = await Promise.all([
      Promise.all(
        swarms.map((s, i) =>
          shares[i] ? s.open(wsUrl, shares[i], 250) : Promise.resolve({ ok: 0, failed: 0, errors: [], ms: 0 }),
        ),
      ),
      Promise.all(Array.from({ length: mine }, () => openSampled())),
    ]);
    for (const r of swarmResults) {
      connectFailures += r.failed;
      for (const [k, n] of r.errors) connectErrors.set(k, (connectErrors.get(k) ?? 0) + n);
    }
    opened += size;
    sampledOpened += mine;
    if (w === 0 || w === waves - 1 || (w + 1) % 4 === 0) {
      console.log(
        `  wave ${w + 1}/${waves}: ${fmtInt(opened)} viewers in ${fmt((performance.now() - tw) / 1000, 2)} s; server RSS ${fmt(residentMb(server.pid), 0)} MB`,
      );
    }
  }
  const connectS = (performance.now() - tc) / 1000;
  console.log(
    `  ${fmtInt(opened - connectFailures)} viewers connected (${connectFailures} failed) in ${fmt(connectS)} s; server RSS ${fmt(residentMb(server.pid), 0)} MB, peak while connecting ${fmt(rss.peak('connect'), 0)} MB`,
  );
  if (connectFailures) console.log(`  connect errors: ${[...connectErrors].map(([k, n]) => `${n}× ${k}`).join('; ')}`);
  await sleep(1_000); // let the connect burst settle

  // ---- Payments, open loop at a fixed rate.
  rss.phase('load');
  const sent = credits.sent;
  const payments: Payment[] = [];
  const errors = new Map<string, number>();
  const noSale = new Map<string, number>();
  const ackLatency = new Samples();
  let inFlight = 0;
  let maxInFlight = 0;

  const fire = (scheduledAt: number, inWindow: boolean) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    sendNotice(agent, server, secret, credits)
      .then((res) => {
        const ackAt = performance.now();
        const ackWall = Date.now();
        if (res.status !== 200) {
          const k = `HTTP ${res.status}`;
          errors.set(k, (errors.get(k) ?? 0) + 1);
          return;
        }
        const result = (JSON.parse(res.body!) as { results?: { saleId?: string | null; outcome?: string }[] })
          .results?.[0];
        if (!result?.saleId) noSale.set(result?.outcome ?? 'none', (noSale.get(result?.outcome ?? 'none') ?? 0) + 1);
        if (inWindow) ackLatency.add(ackAt - scheduledAt);
        payments.push({ scheduledAt, ackAt, ackWall, saleId: result?.saleId ?? null, inWindow });
      })
      .catch((error: Error) => {
        const k = error.message.slice(0, 80);
        errors.set(k, (errors.get(k) ?? 0) + 1);
      })
      .finally(() => inFlight--);
  };

  const cpu = cpuWindow(
    () => [server.pid, ...(viewerInstance ? [boardServer.pid] : []), ...swarms.map((s) => s.pid)],
    database.name,
  );
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const intervalMs = 1000 / rate;
  const start = performance.now();
  const windowStart = start + warmupS * 1000;
  const windowEnd = windowStart + durationS * 1000;
  let scheduled = 0;
  let maxLagMs = 0;
  // One GET /api/v1/stats a second during the window: what a snapshot costs under this load (the board's ticks
  // compute the same snapshot before each delta).
  const statsLatency = new Samples();
  const statsAgent = keepAliveAgent(1);
  onCleanup('close stats agent', () => statsAgent.destroy());
  const statsTimer = setInterval(() => {
    const now = performance.now();
    if (now < windowStart || now >= windowEnd) return;
    void request(statsAgent, server, 'GET', '/api/v1/stats', {})
      .then((r) => r.status === 200 && statsLatency.add(performance.now() - now))
      .catch(() => {});
  }, 1_000);
  await new Promise<void>((resolve) => {
    let windowOpen = false;
    const tick = setInterval(() => {
      const now = performance.now();
      if (!windowOpen && now >= windowStart) {
        windowOpen = true;
        measuring = true;
        cpu.onWindow('start');
        loopDelay.enable();
        for (const v of sampled) v.deltasAtWindowStart = v.deltas;
        for (const s of swarms) void s.window('start');
      }
      for (let at = start + scheduled * intervalMs; at <= now && at < windowEnd; at = start + scheduled * intervalMs) {
        maxLagMs = Math.max(maxLagMs, now - at);
        fire(at, at >= windowStart);
        scheduled++;
      }
      if (now >= windowEnd) {
        clearInterval(tick);
        clearInterval(statsTimer);
        measuring = false;
        cpu.onWindow('end');
        loopDelay.disable();
        for (const v of sampled) v.deltasAtWindowEnd = v.deltas;
        void Promise.all(swarms.map((s) => s.window('end'))).then(() => resolve());
      }
    }, 1);
  });
  rss.phase('drain');
  // Answers still on their way, then time for the last deltas to arrive.
  const waitUntil = performance.now() + 30_000;
  while (inFlight > 0 && performance.now() < waitUntil) await sleep(20);
  const drainUntil = performance.now() + drainS * 1000;
  const eventOf = await saleEvents(database.url);
  const wanted = payments.filter((p) => p.inWindow && p.saleId).map((p) => eventOf.get(p.saleId!) ?? -1);
  while (performance.now() < drainUntil) {
    if (sampled.every((v) => v.closedUnexpectedly || wanted.every((id) => v.seen.has(id)))) break;
    await sleep(50);
  }
  rss.stop();
  const hwm = residentMb(server.pid, 'VmHWM');

  // ---- Figures.
  const reports: SwarmReport[] = await Promise.all(swarms.map((s) => s.report()));
  const windowPayments = payments.filter((p) => p.inWindow);
  const pairLatency = new Samples();
  const worstLatency = new Samples();
  let missing = 0;
  let beforeAck = 0;
  const liveSampled = sampled.filter((v) => !v.closedUnexpectedly);
  for (const p of windowPayments) {
    if (!p.saleId) continue;
    const id = eventOf.get(p.saleId) ?? -1;
    let worst = -Infinity;
    for (const v of liveSampled) {
      const t = v.seen.get(id);
      if (t === undefined) {
        missing++;
        continue;
      }
      const d = t - p.ackAt;
      if (d < 0) beforeAck++;
      pairLatency.add(Math.max(0, d));
      worst = Math.max(worst, d);
    }
    if (worst > -Infinity) worstLatency.add(Math.max(0, worst));
  }

  const snap = statsLatency.summary();
  const lat = pairLatency.summary();
  const worst = worstLatency.summary();
  const ack = ackLatency.summary();
  const seconds = durationS;
  const swarmDeltas = reports.reduce((s, r) => s + (r.window?.total ?? 0), 0);
  const swarmBytes = reports.reduce((s, r) => s + (r.window?.bytes ?? 0), 0);
  const sampledDeltas = sampled.reduce((s, v) => s + (v.deltasAtWindowEnd - v.deltasAtWindowStart), 0);
  const totalDeltas = swarmDeltas + sampledDeltas;
  const perViewer = [
    ...reports.flatMap((r) => r.window?.perViewer ?? []),
    ...sampled.map((v) => v.deltasAtWindowEnd - v.deltasAtWindowStart),
  ].sort((a, b) => a - b);
  const dropped =
    reports.reduce((s, r) => s + r.closedUnexpectedly, 0) + sampled.filter((v) => v.closedUnexpectedly).length;
  const closeCodes = new Map<string, number>();
  for (const r of reports) for (const [k, n] of r.closeCodes) closeCodes.set(k, (closeCodes.get(k) ?? 0) + n);
  const stillOpen =
    reports.reduce((s, r) => s + r.open, 0) + sampled.filter((v) => v.ws.readyState === WebSocket.OPEN).length;
  const peakRss = rss.peak();
  const peaks = rss.peaks();
  const names = new Map<number, string>([
    [server.pid, viewerInstance ? 'payments instance' : 'server'],
    [boardServer.pid, viewerInstance ? 'viewer instance' : 'server'],
    ...swarms.map((s, i) => [s.pid, `swarm ${i + 1}`] as [number, string]),
  ]);

  console.log(`\npayments (POST /webhooks/sandbox) in the ${seconds} s window:`);
  console.log(
    `  sent            ${fmtInt(windowPayments.length)} acknowledged (${fmt(windowPayments.length / seconds)}/s, target ${fmt(rate, 0)}/s); all phases: ${fmtInt(sent.dynamic)} dynamic + ${fmtInt(sent.static)} static QR`,
  );
  console.log(
    `  ack latency     p50 ${fmt(ack.p50)} ms, p99 ${fmt(ack.p99)} ms, max ${fmt(ack.max)} ms (scheduled send → 200); max in flight ${maxInFlight}, scheduler lag max ${fmt(maxLagMs)} ms`,
  );
  console.log(
    `  errors          ${errors.size ? [...errors].map(([k, n]) => `${n}× ${k}`).join('; ') : '0'}${noSale.size ? `; without a sale: ${[...noSale].map(([k, n]) => `${n}× ${k}`).join(', ')}` : ''}`,
  );
  console.log(
    `\ndelivery (200 received → first delta carrying its sale, as a line or in \`more\`), ${liveSampled.length} sampled viewers × ${fmtInt(windowPayments.length)} payments:`,
  );
  console.log(
    `  per viewer      p50 ${fmt(lat.p50)} ms, p90 ${fmt(lat.p90)} ms, p99 ${fmt(lat.p99)} ms, max ${fmt(lat.max)} ms (${fmtInt(lat.count)} deliveries)`,
  );
  console.log(
    `  slowest sampled p50 ${fmt(worst.p50)} ms, p99 ${fmt(worst.p99)} ms (per payment, the last of the sampled viewers to see it)`,
  );
  console.log(
    `  snapshot alone  GET /api/v1/stats once a second under this load: p50 ${fmt(snap.p50)} ms, max ${fmt(snap.max)} ms (${snap.count} calls)`,
  );
  console.log(
    `  never seen      ${fmtInt(missing)}${beforeAck ? `; ${beforeAck} seen before their 200 arrived (counted as 0 ms)` : ''}`,
  );
  console.log(`\nfan-out over the window:`);
  console.log(
    `  deltas/s        ${fmtInt(totalDeltas / seconds)} delivered across all viewers (${fmtInt(totalDeltas)}); ${fmt(swarmBytes / seconds / 1e6)} MB/s to the swarms, ${fmtInt(swarmDeltas ? swarmBytes / swarmDeltas : NaN)} bytes a delta`,
  );
  if (composition.deltas) {
    const parts = [...composition.parts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${fmtInt(n / composition.deltas)}`);
    console.log(
      `  a delta         ${fmtInt(composition.bytes / composition.deltas)} bytes on average: ${parts.join(', ')} (bytes per delta); ${fmt(composition.items / composition.deltas)} ticker items`,
    );
  }
  console.log(
    `  per viewer      min ${perViewer[0] ?? 'n/a'}, median ${percentile(perViewer, 50)}, max ${perViewer[perViewer.length - 1] ?? 'n/a'} deltas (${fmt(percentile(perViewer, 50) / seconds)}/s); ${perViewer.filter((n) => n === 0).length} viewers got none`,
  );
  console.log(
    `  dropped viewers ${fmtInt(dropped)} closed by the server${closeCodes.size ? ` (${[...closeCodes].map(([k, n]) => `${n}× ${k}`).join(', ')})` : ''}; ${fmtInt(stillOpen)} of ${fmtInt(opened)} still open; ${connectFailures} failed to connect`,
  );
  console.log(`\nresources:`);
  console.log(
    `  server RSS      peak ${fmt(peakRss, 0)} MB (${[...peaks]
      .map(([k, v]) => [k === 'start' ? 'setup (no viewers)' : k, v] as const)
      .map(([k, v]) => `${k} ${fmt(v, 0)}`)
      .join(', ')}); VmHWM ${fmt(hwm, 0)} MB`,
  );
  console.log(`  CPU             ${describeCpu(cpu.share, names)}`);
  console.log(
    `  machine load    1-min load average ${loadavg()[0].toFixed(1)} at the end (${fmt(loadAtStart, 1)} at the start) on ${availableParallelism()} cores: other work shares these cores`,
  );
  const ld = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  console.log(
    `  bench loop      event-loop delay p99 ${fmt(ld.p99)} ms, max ${fmt(ld.max)} ms (timing error of this process)`,
  );

  const latencyMet = Number.isFinite(lat.p99) && lat.p99 <= TARGET_P99_MS && missing === 0;
  const deltaBytes = composition.deltas ? composition.bytes / composition.deltas : NaN;
  const ackRatio = ack.p99 / baseline.p99;
  const rssMet = peakRss <= TARGET_RSS_MB;
  console.log(
    `\ntarget p99 ≤ ${TARGET_P99_MS} ms: ${latencyMet ? 'MET' : 'NOT MET'} (p99 ${fmt(lat.p99)} ms${missing ? `, ${missing} never delivered` : ''})`,
  );
  console.log(`target RSS ≤ ${TARGET_RSS_MB} MB: ${rssMet ? 'MET' : 'NOT MET'} (peak ${fmt(peakRss, 0)} MB)`);
  const load = `${fmtInt(viewerCount)} viewers, ${fmt(rate, 0)} payments/s`;
  printResults([
    {
      figure: `board: delivery p99 (${load})`,
      target: `≤ ${TARGET_P99_MS} ms`,
      measured: `${fmt(lat.p99)} ms${missing ? `, ${missing} never delivered` : ''}`,
      met: latencyMet,
    },
    {
      figure: `board: a delta's average size (${load})`,
      target: `≤ ${fmtInt(TARGET_DELTA_BYTES)} bytes`,
      measured: `${fmtInt(deltaBytes)} bytes`,
      met: deltaBytes <= TARGET_DELTA_BYTES,
    },
    {
      figure: `board: webhook ack p99 with ${fmtInt(viewerCount)} viewers ÷ with none`,
      target: `≤ ${TARGET_ACK_RATIO}`,
      measured: `${fmt(ackRatio, 2)} (${fmt(ack.p99)} ms ÷ ${fmt(baseline.p99)} ms)`,
      met: ackRatio <= TARGET_ACK_RATIO,
    },
    {
      figure: `board: server peak RSS (${load})`,
      target: `≤ ${TARGET_RSS_MB} MB`,
      measured: `${fmt(peakRss, 0)} MB`,
      met: rssMet,
    },
  ]);
  if (server.output().trim())
    console.log(`\nserver output (tail):\n${server.output().trim().split('\n').slice(-5).join('\n')}`);
});

/** Each sale's event id (the boards name sales by event id), read once the payments are in. */
async function saleEvents(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; sale: string }>(
      `select id, data->>'saleId' as sale from events where type = 'sale.recorded'`,
    );
    return new Map(rows.map((r) => [r.sale, Number(r.id)]));
  } finally {
    await client.end();
  }
}

/** Payments at `rate` for `seconds`, open loop: the acknowledgement latencies (scheduled send → 200). */
async function acknowledgements(
  agent: ReturnType<typeof keepAliveAgent>,
  server: Awaited<ReturnType<typeof startServer>>,
  secret: string,
  credits: SandboxCredits,
  rate: number,
  seconds: number,
) {
  const latency = new Samples();
  const inflight: Array<Promise<void>> = [];
  const start = performance.now();
  for (let n = 0; n < rate * seconds; n++) {
    const due = start + (n * 1000) / rate;
    if (due > performance.now()) await sleep(due - performance.now());
    inflight.push(
      sendNotice(agent, server, secret, credits)
        .then((res) => {
          if (res.status === 200) latency.add(performance.now() - due);
        })
        .catch(() => {}),
    );
  }
  await Promise.all(inflight);
  return latency.summary();
}

/**
 * A second instance for the viewers (`--viewer-instance`): same database, its own process. It reads the outbox every
 * 50 ms (FEED_POLL_MS), as no local commit wakes it.
 */
async function startViewerInstance(url: string, secret: string) {
  const viewers = await startServer({
    DATABASE_URL: url,
    ADMIN_TOKEN: newAdminToken(),
    SANDBOX: '1',
    SANDBOX_WEBHOOK_SECRET: secret,
    LOG_LEVEL: 'warn',
    DEMO: '0',
    FEED_POLL_MS: '50',
    ...extraServerEnv(),
  });
  // It stands for instances on their own machines: on this one it yields the CPU to the payments' instance.
  setPriority(viewers.pid, 10);
  console.log(`  viewer instance up: ${viewers.url} (pid ${viewers.pid}, nice 10); the payments go to the first`);
  return viewers;
}
