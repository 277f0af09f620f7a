/**
 * Crash test (`npm run test:faults`, Postgres only). Starts the real server on a fresh database, onboards stalls,
 * shows payment requests, then a sender delivers thousands of signed sandbox notifications across the stalls and
 * retries each until acknowledged, as providers do. Mid-run the server is killed with SIGKILL and restarted on the
 * same database and port while the sender keeps retrying. Afterwards it proves: every acknowledged notification is
 * recorded exactly once, every notification sent was eventually acknowledged, no payment, sale or invoice is
 * duplicated or lost, invoice numbers are continuous, and the rollups and the board equal a recomputation.
 *
 *   npm run test:faults -- [--notifications 5000] [--stalls 100] [--concurrency 32] [--kill-after 1500] [--kills 1] [--keep]
 *
 * With --kills K, the server is killed after K × kill-after acknowledgements in all, every kill-after apart.
 * With --cash-sales N [--cash-concurrency 16], stalls also log N cash sales with an Idempotency-Key during the run (retried through the
 * crash until 201); each key must end as exactly one sale. A key caught by the kill is locked for 60 s, so this
 * makes the run about a minute longer.
 *
 * DATABASE_URL names the Postgres server (default postgres://postgres@127.0.0.1:5432/postgres); the script creates
 * its own database there and drops it at the end (--keep leaves it for inspection). Exits 1 on any failed check.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../src/db/database.js';
import { signSandbox } from '../src/payments/providers/index.js';
import {
  planNotices,
  planRequests,
  planStalls,
  shapeCounts,
  type Notice,
  type RequestSpec,
} from './lib/faults-plan.js';
import {
  verifyCashSales,
  verifyRecords,
  verifySnapshot,
  type AckRecord,
  type Snapshot,
  type Verdict,
} from './lib/faults-verify.js';
import { KeepAliveClient } from './lib/keepalive-client.js';
import { createDatabase, dropDatabase } from './lib/pg-admin.js';
import { RetryingSender } from './lib/retrying-sender.js';
import { freePort, startServerProcess, type ServerProcess } from './lib/server-process.js';

const { values: args } = parseArgs({
  options: {
    notifications: { type: 'string', default: '5000' },
    stalls: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '32' },
    'kill-after': { type: 'string', default: '1500' },
    kills: { type: 'string', default: '1' },
    'cash-sales': { type: 'string', default: '0' },
    'cash-concurrency': { type: 'string', default: '16' },
    'time-limit': { type: 'string', default: '150' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(args.notifications);
const STALLS = Number(args.stalls);
const CONCURRENCY = Number(args.concurrency);
const KILL_AFTER = Number(args['kill-after']);
const KILLS = Number(args.kills);
/** Cash sales sent beside the notifications, each with its own Idempotency-Key and retried through the crash. */
const CASH = Number(args['cash-sales']);
const CASH_CONCURRENCY = Number(args['cash-concurrency']);
const CASH_FIRST_AMOUNT = 1_000_000; // above any notification's amount: each key's sale is found by its amount
const SHAPE = { notifications: N, dynamic: 0.36, overpaid: 0.02, second: 0.02, unmatched: 0.02 };

const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_TOKEN = `css_faults_${randomBytes(16).toString('hex')}`;
const SECRET = randomBytes(24).toString('hex');
const runId = randomBytes(3).toString('hex').toUpperCase();
const dbName = `cs_faults_${runId.toLowerCase()}`;
const fmt = (x: number) => x.toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(line);

const started = Date.now();
let server: ServerProcess | undefined;
let database: Database | undefined;
let dropped = false;
/** What each killed server printed (errors only: LOG_LEVEL=error), shown when a check fails. */
const serverLogs: string[] = [];

async function cleanUp() {
  await server?.kill('SIGKILL');
  await database?.close().catch(() => {});
  if (!args.keep && !dropped) {
    dropped = true;
    await dropDatabase(ADMIN_URL, dbName).catch((e: Error) => console.error(`could not drop ${dbName}: ${e.message}`));
  }
}
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

async function inBatches<T, R>(items: T[], size: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

async function main(): Promise<Verdict[]> {
  const dbUrl = await createDatabase(ADMIN_URL, dbName);
  const port = await freePort();
  // The crash test pays through the sandbox bank: on Postgres that takes SANDBOX=1, and the deployment's own keys.
  const env = {
    DATABASE_URL: dbUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO: '0',
    ADMIN_TOKEN,
    SANDBOX: '1',
    SANDBOX_WEBHOOK_SECRET: SECRET,
    LOG_LEVEL: 'error',
    PII_KEY: randomBytes(32).toString('base64url'),
    TICKET_KEY: randomBytes(32).toString('base64url'),
    EINVOICE_PROVIDER_TAX_CODE: '0100109106',
    // Invoices go to the built-in simulated tax authority, so the same-day transmission rule holds whenever the run ends
    // (with no transport on Postgres they would stay queued, and after midnight, Vietnam time, count as late).
    TVAN: 'sandbox',
  };
  server = await startServerProcess(env);
  const base = server.url;
  log(
    `Crash test on ${dbName} at ${base}: ${fmt(N)} notifications, ${STALLS} stalls, concurrency ${CONCURRENCY}, SIGKILL after ${fmt(KILL_AFTER)} acknowledged`,
  );

  // Stalls and their payment requests, through the API as staff and merchants would.
  const client = new KeepAliveClient(base, 16);
  const stalls = planStalls(STALLS);
  const keys = await inBatches(stalls, 8, async (s) => {
    const res = await client.request('POST', '/api/v1/merchants', ADMIN_TOKEN, {
      stallCode: s.stallCode,
      name: s.name,
      category: 'food',
      ward: 'Thục Phán',
      payout: { bin: s.bin, accountNumber: s.accountNumber },
      taxMethod: s.taxMethod,
      taxCode: s.taxCode,
      address: `${s.stallCode}, phố đi bộ Kim Đồng, Cao Bằng`,
    });
    if (res.status !== 201) throw new Error(`onboarding ${s.stallCode}: ${res.status} ${res.text}`);
    return (JSON.parse(res.text) as { apiKey: string }).apiKey;
  });
  const requests = await inBatches(planRequests(STALLS, SHAPE), 16, async (r: RequestSpec) => {
    const res = await client.request('POST', '/api/v1/payment-requests', keys[r.stall], {
      amount: r.amount,
      expiresInSeconds: 3600,
    });
    if (res.status !== 201) throw new Error(`payment request: ${res.status} ${res.text}`);
    return { ...r, reference: (JSON.parse(res.text) as { reference: string }).reference };
  });
  client.close();
  const notices = planNotices(runId, stalls, requests, SHAPE);
  const c = shapeCounts(SHAPE);
  log(
    `  ready in ${secs(Date.now() - started)}: ${STALLS} stalls, ${fmt(requests.length)} payment requests; sending ${fmt(c.dynamic)} dynamic, ${fmt(c.overpaid)} overpaid, ${fmt(c.second)} second payments of a paid request, ${fmt(c.static)} static-QR, ${fmt(c.unmatched)} unmatched`,
  );

  // The provider: every notice retried until a 200; the server killed and restarted under it.
  const sender = new RetryingSender({
    baseUrl: base,
    maxSockets: CONCURRENCY,
    deadline: started + Number(args['time-limit']) * 1000,
    headers: (body) => ({ 'content-type': 'application/json', 'x-signature': signSandbox(SECRET, body, Date.now()) }),
  });
  const acks = new Map<string, AckRecord>();
  interface Crash {
    killedAt: number;
    restartedAt: number;
    firstAckAfter: number;
    inFlight: number;
    acked: number;
  }
  const crashes: Crash[] = [];
  let inFlight = 0;
  let next = 0;
  let crashing: Promise<void> | undefined;
  let restartError: unknown;
  let killing = false;
  const sendStarted = Date.now();

  async function killAndRestart() {
    await new Promise((r) => setTimeout(r, randomInt(50))); // land anywhere in a batch's life, not just after a commit
    const crash: Crash = { killedAt: Date.now(), restartedAt: 0, firstAckAfter: 0, inFlight, acked: acks.size };
    crashes.push(crash);
    log(`  SIGKILL after ${fmt(acks.size)} acknowledged (${inFlight} deliveries in flight)`);
    await server!.kill('SIGKILL');
    serverLogs.push(server!.output());
    server = await startServerProcess(env);
    crash.restartedAt = Date.now();
    log(`  restarted in ${secs(crash.restartedAt - crash.killedAt)} on the same database and port`);
  }

  async function worker() {
    while (next < notices.length && !restartError) {
      const notice: Notice = notices[next++];
      inFlight++;
      const ack = await sender.deliver('/webhooks/sandbox', notice.body);
      inFlight--;
      if (!ack) continue; // past the deadline: reported as never acknowledged
      const result = (
        JSON.parse(ack.text) as {
          results: Array<{ paymentId: string; outcome: string; saleId: string | null; repeated: boolean }>;
        }
      ).results[0];
      acks.set(notice.id, { ...result, attempts: ack.attempts });
      const last = crashes.at(-1);
      if (last?.restartedAt && !last.firstAckAfter && ack.at >= last.restartedAt) last.firstAckAfter = ack.at;
      const due = crashes.length < KILLS && acks.size >= KILL_AFTER * (crashes.length + 1);
      if (due && !killing && (!last || last.firstAckAfter)) {
        killing = true;
        crashing = killAndRestart()
          .finally(() => (killing = false))
          .catch((error: unknown) => {
            restartError = error; // no server to retry against: stop sending, report it
            sender.stop();
          });
      }
    }
  }
  // Merchants logging cash sales meanwhile, each with an Idempotency-Key, retried like any client would.
  const cashSender = new RetryingSender({
    baseUrl: base,
    maxSockets: CASH_CONCURRENCY,
    deadline: started + Number(args['time-limit']) * 1000,
    acceptStatus: 201,
    maxBackoffMs: 2_000,
    headers: () => ({ 'content-type': 'application/json' }),
  });
  let cashNext = 0;
  let cashAcked = 0;
  async function cashWorker() {
    while (cashNext < CASH && !restartError) {
      // Paced by the notifications' progress, so every kill finds cash sales in flight too.
      if (cashNext / CASH > acks.size / N + 0.02 && acks.size < N) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      const i = cashNext++;
      const body = JSON.stringify({ amount: CASH_FIRST_AMOUNT + i, method: 'cash' });
      const ack = await cashSender.deliver('/api/v1/sales', body, {
        authorization: `Bearer ${keys[i % keys.length]}`,
        'idempotency-key': `faults-${runId}-${i}`,
      });
      if (ack) cashAcked++;
    }
  }
  const cashDone = Promise.all(Array.from({ length: CASH ? CASH_CONCURRENCY : 0 }, cashWorker));
  const progress = setInterval(
    () =>
      log(
        `  … ${fmt(acks.size)} acknowledged, ${fmt(sender.retries)} retries, ${inFlight} in flight${CASH ? `; cash sales ${fmt(cashAcked)}/${fmt(CASH)}` : ''}`,
      ),
    5_000,
  );
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await crashing;
  const sendMs = Date.now() - sendStarted;
  await cashDone;
  clearInterval(progress);
  sender.close();
  cashSender.close();
  if (restartError) throw restartError;

  const repeated = [...acks.values()].filter((a) => a.repeated).length;
  const failures = Object.entries(sender.failures)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ');
  log(
    `  sent ${fmt(notices.length)}, acknowledged ${fmt(acks.size)} in ${secs(sendMs)} (${fmt(Math.round(acks.size / (sendMs / 1000)))}/s); ${fmt(sender.attempts)} attempts, ${fmt(sender.retries)} retries (${failures || 'none'})`,
  );
  if (CASH) {
    const why = Object.entries(cashSender.failures)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ');
    log(
      `  cash sales: ${fmt(cashAcked)} of ${fmt(CASH)} acknowledged after ${secs(Date.now() - sendStarted)}; ${fmt(cashSender.retries)} retries (${why || 'none'})`,
    );
  }
  const outages = crashes.map((c) => secs((c.firstAckAfter || Date.now()) - c.killedAt)).join(', ');
  log(
    `  outage ${outages || 'none'} (SIGKILL → first acknowledgement after the restart); ${fmt(repeated)} acknowledged on retry as already recorded (committed before the kill, answer lost)`,
  );

  // Verification: the database directly, and the board from the restarted server.
  database = await openDatabase({ databaseUrl: dbUrl, dataDir: 'memory://', poolSize: 4 });
  const verdicts: Verdict[] = [];
  const restarted = crashes.filter((c) => c.firstAckAfter > 0);
  verdicts.push({
    name: 'the server was killed mid-run and restarted',
    ok: crashes.length === KILLS && restarted.length === KILLS,
    detail:
      crashes
        .map(
          (c) =>
            `killed at ${fmt(c.acked)} acknowledged with ${c.inFlight} in flight, listening again after ${secs(c.restartedAt - c.killedAt)}`,
        )
        .join('; ') || 'never killed',
    problems: [],
  });
  verdicts.push(
    ...(await verifyRecords(
      database.db,
      notices,
      acks,
      requests.map((r) => r.amount),
    )),
  );
  if (CASH) verdicts.push(await verifyCashSales(database.db, CASH, CASH_FIRST_AMOUNT, cashAcked));
  const res = await fetch(`${server.url}/api/v1/stats`);
  verdicts.push(await verifySnapshot(database.db, (await res.json()) as Snapshot, STALLS));
  return verdicts;
}

let code = 1;
try {
  const verdicts = await main();
  for (const v of verdicts) {
    log(`  ${v.ok ? 'OK  ' : 'FAIL'}  ${v.name}: ${v.detail}`);
    for (const p of v.problems) log(`          - ${p}`);
  }
  const failed = verdicts.filter((v) => !v.ok);
  log(
    `${failed.length ? `FAIL: ${failed.length} of ${verdicts.length} checks failed` : `OK: all ${verdicts.length} checks passed`} in ${secs(Date.now() - started)}`,
  );
  code = failed.length ? 1 : 0;
  const errors = (out: string) =>
    out
      .split('\n')
      .filter((l) => l.trim() && !/running at|API docs/.test(l))
      .join('\n');
  if (failed.length)
    for (const out of [...serverLogs, server?.output() ?? ''].map(errors).filter(Boolean))
      console.error(`server errors:\n${out.slice(-4000)}`);
} catch (error) {
  console.error(`crash test could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (server) console.error(`server output:\n${server.output().slice(-4000)}`);
} finally {
  await cleanUp();
}
process.exit(code);
