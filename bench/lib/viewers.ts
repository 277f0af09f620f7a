import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { onCleanup, onExitSync } from './cleanup.js';

/**
 * Websocket viewers held in child processes (`viewer-swarm.ts`), so thousands of sockets neither starve the
 * benchmark's own event loop (where latency is timed) nor crowd one process's file descriptors. One command at a
 * time per swarm; each answers with one message.
 */
export interface SwarmReport {
  viewers: number;
  open: number;
  snapshots: number;
  heartbeats: number;
  others: number;
  closedUnexpectedly: number;
  closeCodes: [string, number][];
  connectFailures: number;
  window: { viewers: number; total: number; bytes: number; perViewer: number[] } | null;
}

export interface Swarm {
  pid: number;
  open(
    url: string,
    count: number,
    concurrency: number,
  ): Promise<{ ok: number; failed: number; errors: [string, number][]; ms: number }>;
  window(edge: 'start' | 'end'): Promise<void>;
  report(): Promise<SwarmReport>;
  close(): Promise<void>;
}

const script = fileURLToPath(new URL('./viewer-swarm.ts', import.meta.url));

export async function startSwarm(): Promise<Swarm> {
  const child: ChildProcess = fork(script, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The swarm stands for browsers on other machines: on this one it yields the CPU to the server it measures.
  if (process.env.SWARM_NICE !== '0') setPriority(child.pid!, 10);
  let alive = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => (alive = false));
  const removeLastResort = onExitSync(() => {
    if (alive) child.kill('SIGKILL');
  });
  const waiting: Array<{ resolve: (m: any) => void; reject: (e: Error) => void }> = [];
  child.on('message', (m) => waiting.shift()?.resolve(m));
  void exited.then(() => {
    for (const w of waiting.splice(0)) w.reject(new Error(`viewer swarm ${child.pid} exited`));
  });
  const ask = <T>(msg: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!alive) return reject(new Error(`viewer swarm ${child.pid} is gone`));
      waiting.push({ resolve, reject });
      child.send(msg as any);
    });
  // Its "ready" message.
  await new Promise<void>((resolve, reject) => {
    waiting.push({ resolve: () => resolve(), reject });
  });
  const close = async () => {
    if (alive) {
      await Promise.race([ask({ cmd: 'close' }).catch(() => {}), new Promise((r) => setTimeout(r, 5_000))]);
      if (alive) child.kill('SIGKILL');
      await exited;
    }
    removeLastResort();
  };
  const removeCleanup = onCleanup(`stop viewer swarm ${child.pid}`, close);
  return {
    pid: child.pid!,
    open: (url, count, concurrency) => ask({ cmd: 'open', url, count, concurrency }),
    window: async (edge) => {
      await ask({ cmd: 'window', edge });
    },
    report: () => ask<SwarmReport>({ cmd: 'report' }),
    close: async () => {
      removeCleanup();
      await close();
    },
  };
}
