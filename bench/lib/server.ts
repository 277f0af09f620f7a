import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onCleanup, onExitSync } from './cleanup.js';

/** The checkout whose server is benchmarked: this one, or BENCH_APP_ROOT (e.g. a copy of another commit). */
const root = process.env.BENCH_APP_ROOT ?? fileURLToPath(new URL('../..', import.meta.url));

/** A server on Postgres refuses to start without these; a benchmark's instances share them. */
export const BENCH_DEPLOYMENT_SECRETS = {
  PII_KEY: 'bench-pii-key-0123456789abcdef0123456789',
  TICKET_KEY: 'bench-ticket-key-0123456789abcdef01234567',
  // Required with DATABASE_URL since invoices carry the solution provider's MST: the trial's stand-in (a valid MST).
  EINVOICE_PROVIDER_TAX_CODE: '0000000017',
};

export interface BenchServer {
  url: string;
  host: string;
  port: number;
  pid: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real server (`node --import tsx src/server.ts`) as a child process with exactly the given environment
 * (plus PATH/HOME), waits for its "running at http://…" line, and registers its stop with the benchmark's cleanup.
 * Extra Node flags for the server (e.g. `--cpu-prof --cpu-prof-dir=bench/profiles`) come from BENCH_SERVER_NODE_ARGS;
 * the code benchmarked is this checkout's, or BENCH_APP_ROOT's.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<BenchServer> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    // Every benchmark's viewers connect from this machine's one address: the per-address websocket cap is lifted.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DEMO: '0',
      WS_MAX_PER_IP: '1000000',
      ...(env.DATABASE_URL ? BENCH_DEPLOYMENT_SECRETS : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000); // warn logs under load must not grow without bound
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  void exited.then(() => (alive = false));
  const removeLastResort = onExitSync(() => {
    if (alive) child.kill('SIGKILL');
  });

  const stop = async () => {
    if (alive) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => alive && child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    removeLastResort();
  };
  const removeCleanup = onCleanup(`stop server pid ${child.pid}`, stop);

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`)),
        timeoutMs,
      );
      const check = () => {
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout.on('data', check);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`server exited before it was ready:\n${out}`));
      });
    });
    const u = new URL(url);
    return {
      url,
      host: u.hostname === 'localhost' ? '127.0.0.1' : u.hostname,
      port: Number(u.port),
      pid: child.pid!,
      child,
      output: () => out,
      stop: async () => {
        removeCleanup();
        await stop();
      },
    };
  } catch (error) {
    removeCleanup();
    await stop();
    throw error;
  }
}
