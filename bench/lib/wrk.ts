import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from './cleanup.js';
import type { LoadResult } from './load.js';
import type { Target } from './http.js';

/**
 * wrk (Debian's `wrk` package, C with LuaJIT) as the load generator: it spends a fraction of the CPU per request
 * that a Node.js client does, and on this 2-core machine the generator shares the cores with the server and Postgres
 * it measures. Every request is different (a unique signed notification), so they are all built, signed and written
 * to a file before the run; wrk's script only hands them out in order, one per request, and never signs anything
 * during the measured window. A signature stays valid for 300 s, well past a run.
 */
export const wrkInstalled = (): boolean => spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;

// Requests are read from the file as "<byte length>\n<request bytes>" records. `done` runs in wrk's main Lua state
// (the threads' counters are not visible there), so it reports wrk's own summary.
const SCRIPT = `
local reqs, n, i = {}, 0, 0
function init(args)
  local f = assert(io.open(args[1], "rb"))
  local data = f:read("*a")
  f:close()
  local pos = 1
  while pos <= #data do
    local nl = data:find("\\n", pos, true)
    local len = tonumber(data:sub(pos, nl - 1))
    n = n + 1
    reqs[n] = data:sub(nl + 1, nl + len)
    pos = nl + len + 1
  end
  i = tonumber(args[2])
end
function request()
  i = i + 1
  if i > n then error("out of prepared requests") end
  return reqs[i]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d %d %d\\n", summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;

export interface WrkRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** What a run gives, as the Node.js load's result (load.ts), plus wrk's own CPU time. */
export type WrkResult = LoadResult & {
  /** CPU seconds wrk itself spent (user + system), from the shell's `times`. */
  cpuSeconds: number;
};

/** Writes the requests (raw HTTP/1.1, keep-alive) to a file wrk's script reads; returns its path. */
function writeRequests(dir: string, target: Target, requests: Iterable<WrkRequest>): { file: string; count: number } {
  const parts: Buffer[] = [];
  let count = 0;
  for (const r of requests) {
    const body = Buffer.from(r.body);
    const head = [
      `${r.method} ${r.path} HTTP/1.1`,
      `Host: ${target.host}:${target.port}`,
      'Content-Type: application/json',
      `Content-Length: ${body.length}`,
    ];
    for (const [k, v] of Object.entries(r.headers)) head.push(`${k}: ${v}`);
    const request = Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]);
    parts.push(Buffer.from(`${request.length}\n`), request);
    count++;
  }
  const file = join(dir, 'requests.bin');
  writeFileSync(file, Buffer.concat(parts));
  return { file, count };
}

/** One wrk run of `seconds` with `connections` keep-alive connections (one thread), from request number `offset`. */
function runOnce(
  target: Target,
  script: string,
  file: string,
  offset: number,
  connections: number,
  seconds: number,
  onStart: () => void,
) {
  return new Promise<WrkResult>((resolve, reject) => {
    // Through bash, whose \`times\` then prints wrk's CPU time (its /proc entry is gone once it exits).
    const args = [
      '-t1',
      `-c${connections}`,
      `-d${seconds}s`,
      '--timeout',
      '10s',
      '-s',
      script,
      `http://${target.host}:${target.port}`,
      '--',
      file,
      String(offset),
    ];
    const child = spawn('bash', ['-c', 'wrk "$@"; times', 'bash', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    onStart();
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      const m = /WRK (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out);
      if (!m) return reject(new Error(`wrk gave no result:\n${out}`));
      const [requests, durationUs, statusErrors, socketErrors, p50, p90, p99, max] = m.slice(1).map(Number);
      const secondsRun = durationUs / 1e6;
      const ok = requests - statusErrors;
      const errorKinds = new Map<string, number>();
      if (statusErrors) errorKinds.set('HTTP status ≥ 400', statusErrors);
      if (socketErrors) errorKinds.set('socket error or timeout', socketErrors);
      if (/out of prepared requests/.test(out)) errorKinds.set('ran out of prepared requests', 1);
      const ms = (us: number) => us / 1000;
      // \`times\`: the shell's user and system time, then its children's ("0m1.234s 0m0.567s").
      const children = out.trim().split('\n').at(-1) ?? '';
      const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
        (sum, t) => sum + Number(t[1]) * 60 + Number(t[2]),
        0,
      );
      resolve({
        ok,
        errors: statusErrors + socketErrors,
        errorKinds,
        seconds: secondsRun,
        perSecond: ok / secondsRun,
        latency: { count: ok, mean: NaN, p50: ms(p50), p90: ms(p90), p99: ms(p99), max: ms(max) },
        cpuSeconds,
      });
    });
  });
}

/**
 * A warm-up run, then the measured run, each a separate wrk process over the same prepared requests (the second
 * starts past the first's, plus a connection's worth of slack for the requests still in flight when it stopped).
 * `onWindow` is told when the measured run starts and ends (for the server's and Postgres's CPU).
 */
export async function runWrk(options: {
  target: Target;
  requests: Iterable<WrkRequest>;
  connections: number;
  warmupS: number;
  durationS: number;
  onWindow: (edge: 'start' | 'end') => void;
}): Promise<WrkResult & { prepared: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  const removeCleanup = onCleanup('remove wrk request file', () => rmSync(dir, { recursive: true, force: true }));
  try {
    const script = join(dir, 'requests.lua');
    writeFileSync(script, SCRIPT);
    const { file, count } = writeRequests(dir, options.target, options.requests);
    let offset = 0;
    if (options.warmupS > 0) {
      const warm = await runOnce(options.target, script, file, 0, options.connections, options.warmupS, () => {});
      offset = warm.ok + warm.errors + options.connections;
    }
    const result = await runOnce(options.target, script, file, offset, options.connections, options.durationS, () =>
      options.onWindow('start'),
    );
    options.onWindow('end');
    return { ...result, prepared: count };
  } finally {
    removeCleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}
