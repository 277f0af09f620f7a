import { spawn } from 'node:child_process';
import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { deliver, SECRETS, sandboxDelivery } from '../helpers/webhooks.js';

// One client flooding GET /api/v1/stats must not starve the payment path. The flood comes from another process (as an
// outside client would: its own CPU, the server's sockets); the webhooks are timed here, alternately without and with
// the flood, in the same run, so the machine's noise falls on both sides of the ratio alike. Rate limits are off: the
// shared snapshot alone must hold the line (the limit would otherwise turn the flood into cheap 429s).
const ctx = await startTestApp(t, { SANDBOX_WEBHOOK_SECRET: SECRETS.SANDBOX_WEBHOOK_SECRET, PUBLIC_RATE_LIMIT: '0' });
const url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
const stall = await onboardStall(ctx);
const account = stall.merchant.payout.accountNumber as string;

// 16 clients at 25 requests a second each: 400 a second, 80 times what PUBLIC_RATE_LIMIT lets one address send, and
// several times what the server can compute snapshots for. Paced, so the flooding process itself does not take the
// box's CPU (on two cores an unpaced client would slow everything, whatever the server does).
const FLOOD_CLIENTS = 16;
const PER_CLIENT_PER_SECOND = 25;
const BLOCKS = 6;
const PER_BLOCK = 40;
// Slow on a busy two-core box (two databases' worth of work and a flood); the default 120 s per file is too tight.
t.setTimeout(300_000);

/** Starts `FLOOD_CLIENTS` loops of GET /api/v1/stats in a child process; resolves once they are running. */
async function startFlood() {
  const script = `
    let requests = 0, failures = 0, stop = false;
    process.on('message', () => { stop = true; });
    const loop = async () => {
      while (!stop) {
        const next = Date.now() + ${1000 / PER_CLIENT_PER_SECOND};
        try { const r = await fetch(${JSON.stringify(`${url}/api/v1/stats`)}); await r.arrayBuffer(); r.ok ? requests++ : failures++; } catch { failures++; }
        await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      }
    };
    Promise.all(Array.from({ length: ${FLOOD_CLIENTS} }, loop)).then(() => { process.send({ requests, failures }); process.disconnect(); });
    process.send('ready');`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const messages: unknown[] = [];
  child.on('message', (m) => messages.push(m));
  await new Promise<void>((resolve) => child.once('message', () => resolve()));
  const started = Date.now();
  return {
    async stop(): Promise<{ requests: number; failures: number; ms: number }> {
      const done = new Promise<{ requests: number; failures: number }>((resolve) =>
        child.on('message', (m) => typeof m === 'object' && resolve(m as never)),
      );
      const ms = Date.now() - started;
      child.send('stop');
      const result = await done;
      await new Promise((r) => child.once('exit', r));
      return { ...result, ms };
    },
  };
}

/** Times `n` webhook deliveries one after another (fewer if `budgetMs` runs out: a starved server is slow to answer). */
async function timedWebhooks(n: number, into: number[], budgetMs = 10_000) {
  const deadline = Date.now() + budgetMs;
  for (let i = 0; i < n && Date.now() < deadline; i++) {
    const d = sandboxDelivery({ accountNumber: account, amount: 10_000 + i, description: 'tra sua' });
    const started = process.hrtime.bigint();
    const res = await deliver(ctx, 'sandbox', d);
    into.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.raw}`);
  }
}

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.99) - 1];

t.test('a stats flood while webhooks flow: webhook p99 stays within 3x its unloaded value', async (t) => {
  await timedWebhooks(30, []); // warm-up: JIT, prepared statements, rollup rows
  const quiet: number[] = [];
  const loaded: number[] = [];
  let flood = { requests: 0, failures: 0, ms: 0 };
  for (let block = 0; block < BLOCKS; block++) {
    await timedWebhooks(PER_BLOCK, quiet);
    const running = await startFlood();
    await new Promise((r) => setTimeout(r, 200)); // let the flood reach full speed
    await timedWebhooks(PER_BLOCK, loaded, 6_000);
    const stopped = await running.stop();
    flood = {
      requests: flood.requests + stopped.requests,
      failures: flood.failures + stopped.failures,
      ms: flood.ms + stopped.ms,
    };
  }
  const ratio = p99(loaded) / p99(quiet);
  t.comment(
    `webhook p99 ${p99(quiet).toFixed(1)} ms quiet, ${p99(loaded).toFixed(1)} ms under ${flood.requests} stats requests (${flood.failures} failed); ratio ${ratio.toFixed(2)}`,
  );
  // Its size depends on how long the loaded blocks last (short on a quiet machine): judge the flood by its rate. A
  // quarter of its nominal rate is still 20 times what PUBLIC_RATE_LIMIT lets one address send.
  const perSecond = flood.requests / (flood.ms / 1000);
  t.ok(
    perSecond >= (FLOOD_CLIENTS * PER_CLIENT_PER_SECOND) / 4,
    `the flood was real: ${flood.requests} stats answers, ${perSecond.toFixed(0)}/s`,
  );
  t.equal(flood.failures, 0, 'every stats request was answered');
  t.ok(ratio <= 3, `webhook p99 under the flood is ${ratio.toFixed(2)}x its unloaded value`);
});
