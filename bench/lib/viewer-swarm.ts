/**
 * A child process holding many websocket viewers of one URL (started by `viewers.ts`, driven over IPC). It keeps
 * per-viewer counters only: no JSON parsing, so a few thousand sockets cost the client little CPU. A message's kind
 * is read from its first bytes (`{"type":"delta"…`: the server serialises `type` first).
 *
 * Commands (from the parent): open {url, count, concurrency}, window {edge}, report, close.
 */
import WebSocket from 'ws';

type Command =
  | { cmd: 'open'; url: string; count: number; concurrency: number }
  | { cmd: 'window'; edge: 'start' | 'end' }
  | { cmd: 'report' }
  | { cmd: 'close' };

const sockets: WebSocket[] = [];
let deltas = new Uint32Array(0);
let deltaBytes = 0;
let snapshots = 0;
let heartbeats = 0;
let others = 0;
let closedUnexpectedly = 0;
const closeCodes = new Map<string, number>();
let connectFailures = 0;
let closing = false;
// Counters at the window's edges.
let windowStart: { deltas: Uint32Array; bytes: number } | null = null;
let windowEnd: { deltas: Uint32Array; bytes: number } | null = null;

const D = 'd'.charCodeAt(0);
const S = 's'.charCodeAt(0);
const H = 'h'.charCodeAt(0);

function grow(n: number) {
  if (deltas.length >= n) return;
  const bigger = new Uint32Array(Math.max(n, deltas.length * 2));
  bigger.set(deltas);
  deltas = bigger;
}

/** Opens one viewer; resolves when its snapshot has arrived (or rejects on error/close before that). */
function openOne(url: string): Promise<void> {
  const index = sockets.length;
  grow(index + 1);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: 30_000 });
    sockets.push(ws);
    let ready = false;
    ws.on('message', (data: Buffer) => {
      const kind = data[9];
      if (kind === D) {
        deltas[index]++;
        deltaBytes += data.length;
      } else if (kind === S) {
        snapshots++;
        if (!ready) {
          ready = true;
          resolve();
        }
      } else if (kind === H) heartbeats++;
      else others++;
    });
    ws.on('error', (error) => {
      if (!ready) reject(error);
    });
    ws.on('close', (code, reason) => {
      if (!ready) reject(new Error(`closed before the snapshot: ${code} ${reason.toString()}`));
      else if (!closing) {
        closedUnexpectedly++;
        const key = `${code}${reason.length ? ` ${reason.toString()}` : ''}`;
        closeCodes.set(key, (closeCodes.get(key) ?? 0) + 1);
      }
    });
  });
}

async function open(url: string, count: number, concurrency: number) {
  const t0 = performance.now();
  let ok = 0;
  let failed = 0;
  const errors = new Map<string, number>();
  let left = count;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (left > 0) {
        left--;
        try {
          await openOne(url);
          ok++;
        } catch (error) {
          failed++;
          connectFailures++;
          const m = (error as Error).message.slice(0, 100);
          errors.set(m, (errors.get(m) ?? 0) + 1);
        }
      }
    }),
  );
  return { ok, failed, errors: [...errors], ms: performance.now() - t0 };
}

function windowReport() {
  if (!windowStart || !windowEnd) return null;
  const n = sockets.length;
  const per = new Array<number>(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    per[i] = windowEnd.deltas[i] - (windowStart.deltas[i] ?? 0);
    total += per[i];
  }
  return { viewers: n, total, bytes: windowEnd.bytes - windowStart.bytes, perViewer: per };
}

function report() {
  let open = 0;
  for (const s of sockets) if (s.readyState === WebSocket.OPEN) open++;
  return {
    viewers: sockets.length,
    open,
    snapshots,
    heartbeats,
    others,
    closedUnexpectedly,
    closeCodes: [...closeCodes],
    connectFailures,
    window: windowReport(),
  };
}

process.on('message', async (m: Command) => {
  const reply = (payload: unknown) => process.send!(payload);
  switch (m.cmd) {
    case 'open':
      reply({ evt: 'opened', ...(await open(m.url, m.count, m.concurrency)) });
      break;
    case 'window': {
      const snap = { deltas: deltas.slice(0, sockets.length), bytes: deltaBytes };
      if (m.edge === 'start') windowStart = snap;
      else windowEnd = snap;
      reply({ evt: 'window', edge: m.edge });
      break;
    }
    case 'report':
      reply({ evt: 'report', ...report() });
      break;
    case 'close':
      closing = true;
      for (const s of sockets) s.terminate();
      reply({ evt: 'closed' });
      setTimeout(() => process.exit(0), 50);
      break;
  }
});
// The parent went away: go too.
process.on('disconnect', () => process.exit(0));
process.send!({ evt: 'ready' });
