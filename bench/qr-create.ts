/**
 * Dynamic QR creation over HTTP on Postgres: how many `POST /api/v1/payment-requests` (201, with the inline SVG) the
 * real server answers per second. Not a test: it prints figures. The machine is shared and noisy, so compare
 * figures taken within one run (`--compare` runs 1 and then 2 server instances on the same database).
 *
 *   node --import tsx bench/qr-create.ts [--duration 15] [--concurrency 64] [--stalls 50] [--instances 1|2]
 *                                        [--compare] [--warmup 2]
 *
 * Environment equivalents: DURATION, CONCURRENCY, STALLS, INSTANCES, COMPARE=1, WARMUP; BENCH_DATABASE_URL (the
 * Postgres server, default postgres://postgres@127.0.0.1:5432/postgres); BENCH_SERVER_NODE_ARGS (extra Node flags
 * for the servers, e.g. "--cpu-prof --cpu-prof-dir=bench/profiles").
 */
import { flagOption, numberOption } from './lib/args.js';
import { runBench } from './lib/cleanup.js';
import { cpuWindow, describeCpu, describeCpuPerOp, type CpuShare } from './lib/cpu.js';
import { ADMIN_DATABASE_URL, assertConnectionsAvailable, createBenchDatabase, describeServer } from './lib/database.js';
import { rawInsertRate } from './lib/raw-insert.js';
import { printTargets } from './lib/targets.js';
import { keepAliveAgent, request, requestJson, type HttpAgent, type Target } from './lib/http.js';
import { describeErrors, runLoad, type LoadResult } from './lib/load.js';
import { startServer, type BenchServer } from './lib/server.js';
import { newAdminToken, onboardStalls, randomAmount, type Stall } from './lib/stalls.js';
import { fmt, fmtInt } from './lib/stats.js';

/** Issue #24: server CPU per creation, and creations/s against raw durable inserts (same run, same concurrency). */
const TARGET_SERVER_CPU_MS = 0.5;
const TARGET_RAW_RATIO = 0.5;

/** The raw `BEGIN; INSERT; COMMIT` rate at the benchmark's concurrency, on the same database. */
async function rawPhase(
  database: { url: string; name: string },
  concurrency: number,
  durationS: number,
  warmupS: number,
) {
  await assertConnectionsAvailable(ADMIN_DATABASE_URL, concurrency + 1, 15_000);
  const cpu = cpuWindow(() => [], database.name);
  return rawInsertRate(database.url, concurrency, durationS, warmupS, cpu.onWindow);
}

/** CPU milliseconds of one process per operation, from its share of a core over the window. */
const msPerOp = (share: CpuShare | null, pid: number, seconds: number, ops: number) =>
  share && ops > 0 ? (((share.perPid.get(pid) ?? NaN) / 100) * seconds * 1000) / ops : NaN;

runBench(async () => {
  const durationS = numberOption('duration', 'DURATION', 15, 5);
  const warmupS = numberOption('warmup', 'WARMUP', 2, 1);
  const concurrency = Math.round(numberOption('concurrency', 'CONCURRENCY', 64));
  const stallCount = Math.round(numberOption('stalls', 'STALLS', 50));
  const compare = flagOption('compare', 'COMPARE');
  const instances = Math.round(numberOption('instances', 'INSTANCES', 1));
  const phases = compare ? [1, Math.max(2, instances)] : [instances];

  const database = await createBenchDatabase();
  const adminToken = newAdminToken();
  const env = { DATABASE_URL: database.url, ADMIN_TOKEN: adminToken, LOG_LEVEL: 'warn', DEMO: '0' };
  console.log(`qr-create: database ${database.name}; ${await describeServer(database.url)}`);
  console.log(
    `  ${stallCount} stalls, ${concurrency} concurrent clients, ${warmupS} s warm-up + ${durationS} s measured per phase`,
  );

  const servers: BenchServer[] = [];
  const agents = new Map<BenchServer, HttpAgent>();
  const addServer = async () => {
    const server = await startServer(env);
    servers.push(server);
    agents.set(server, keepAliveAgent(concurrency));
    console.log(`  server ${servers.length} up: ${server.url} (pid ${server.pid})`);
  };
  await addServer();

  const first = servers[0];
  const stalls = await onboardStalls(agents.get(first)!, first, adminToken, stallCount);
  await checkResponseShape(agents.get(first)!, first, stalls[0]);

  // Raw inserts before and after the creations: the ratio divides by their mean (the machine's speed drifts).
  const raw = [await rawPhase(database, concurrency, durationS, warmupS)];
  console.log(`  raw BEGIN; INSERT; COMMIT before: ${fmtInt(raw[0].perSecond)} tx/s`);
  const results: { instances: number; result: LoadResult; serverCpuMs: number }[] = [];
  for (const n of phases) {
    while (servers.length < n) await addServer();
    const used = servers.slice(0, n);
    const cpu = cpuWindow(() => used.map((s) => s.pid), database.name);
    const result = await runLoad({
      durationMs: durationS * 1000,
      warmupMs: warmupS * 1000,
      concurrency,
      onWindow: cpu.onWindow,
      // Worker w always talks to the same instance: an even spread, as a round-robin load balancer would give.
      op: async (w) => {
        const server = used[w % used.length];
        const stall = stalls[Math.floor(Math.random() * stalls.length)];
        const res = await request(
          agents.get(server)!,
          server,
          'POST',
          '/api/v1/payment-requests',
          { authorization: `Bearer ${stall.apiKey}` },
          `{"amount":${randomAmount()}}`,
        );
        return res.status === 201 ? true : `HTTP ${res.status}`;
      },
    });
    const serverCpuMs = used.reduce((sum, s) => sum + msPerOp(cpu.share, s.pid, result.seconds, result.ok), 0);
    results.push({ instances: n, result, serverCpuMs });
    const names = new Map(used.map((s, i) => [s.pid, `server ${i + 1}`]));
    console.log(`\n${n} instance${n > 1 ? 's' : ''}:`);
    console.log(`  creations/s     ${fmtInt(result.perSecond)}  (${fmtInt(result.ok)} × 201 in ${result.seconds} s)`);
    console.log(
      `  latency         p50 ${fmt(result.latency.p50)} ms, p90 ${fmt(result.latency.p90)} ms, p99 ${fmt(result.latency.p99)} ms, max ${fmt(result.latency.max)} ms`,
    );
    console.log(`  errors          ${describeErrors(result)}`);
    console.log(`  CPU             ${describeCpu(cpu.share, names)}`);
    console.log(
      `  CPU per 201     ${describeCpuPerOp(cpu.share, result.seconds, result.ok, names)} (less sensitive to a busy machine than the rate)`,
    );
  }

  if (results.length === 2) {
    const [one, two] = results;
    console.log(`\n2 instances / 1 instance: ${fmt(two.result.perSecond / one.result.perSecond, 2)}×`);
  }
  for (const agent of agents.values()) agent.destroy();
  for (const server of servers) await server.stop(); // the raw phase after gets the machine to itself, as the first
  raw.push(await rawPhase(database, concurrency, durationS, warmupS));
  const rawPerSecond = (raw[0].perSecond + raw[1].perSecond) / 2;
  console.log(
    `\nraw BEGIN; INSERT; COMMIT at ${concurrency} clients: ${fmtInt(raw[0].perSecond)} tx/s before, ${fmtInt(raw[1].perSecond)} after, mean ${fmtInt(rawPerSecond)}`,
  );
  const one = results[0];
  const ratio = one.result.perSecond / rawPerSecond;
  console.log(`creations/s ÷ raw tx/s: ${fmt(ratio, 2)}`);
  printTargets([
    {
      figure: 'server CPU per creation',
      target: `≤ ${TARGET_SERVER_CPU_MS} ms`,
      measured: `${fmt(one.serverCpuMs, 3)} ms`,
      met: one.serverCpuMs <= TARGET_SERVER_CPU_MS,
    },
    {
      figure: 'creations/s ÷ raw inserts/s',
      target: `≥ ${TARGET_RAW_RATIO}`,
      measured: `${fmt(ratio, 2)} (${fmtInt(one.result.perSecond)}/s vs ${fmtInt(rawPerSecond)}/s)`,
      met: ratio >= TARGET_RAW_RATIO,
    },
  ]);
});

/** One request before the timed phase: a 201 whose body carries the reference and the inline SVG. */
async function checkResponseShape(agent: HttpAgent, target: Target, stall: Stall) {
  const body = await requestJson<{ reference?: string; qr?: { svg?: string; payload?: string } }>(
    agent,
    target,
    'POST',
    '/api/v1/payment-requests',
    { authorization: `Bearer ${stall.apiKey}` },
    { amount: 25_000 },
    201,
  );
  if (!body.reference || !body.qr?.payload || !body.qr.svg?.startsWith('<svg')) {
    throw new Error(`unexpected payment request response: ${JSON.stringify(body).slice(0, 300)}`);
  }
  const size = Buffer.byteLength(JSON.stringify(body));
  console.log(
    `  each 201 is ~${fmt(size / 1024)} KiB (reference ${body.reference}, inline SVG ${fmt(body.qr.svg.length / 1024)} KiB)`,
  );
}
