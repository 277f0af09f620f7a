import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * CPU time (user + system, in seconds) of processes, from /proc: who burns the cores during a run. On a 2-core
 * machine "100 %" is one core fully busy. Linux only; elsewhere the figures read n/a.
 */
const TICKS = 100; // USER_HZ: 100 on every mainstream Linux

function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state is field 0, utime 11, stime 12.
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return NaN;
  }
}

/**
 * Postgres processes that work for this run: the backends connected to `database` (their process title reads
 * "postgres: <user> <database> <client> …") and the shared helpers (WAL writer, checkpointer, background writer).
 * Backends of other databases on the same server (someone else's tests) are left out.
 */
const excluded = new Set<number>();
/** Leave a backend out of the Postgres CPU figure (the benchmark's own monitoring connection). */
export function excludePostgresPid(pid: number): void {
  excluded.add(pid);
}

function postgresPids(database: string | undefined): number[] {
  const pids: number[] = [];
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry) || excluded.has(Number(entry))) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
        const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
        const helper = /: (walwriter|checkpointer|background writer|autovacuum launcher)/.test(title);
        const ours = database !== undefined && title.includes(` ${database} `);
        if (helper || ours || database === undefined) pids.push(Number(entry));
      } catch {
        /* gone */
      }
    }
  } catch {
    /* no /proc */
  }
  return pids;
}

export interface CpuSnapshot {
  at: number;
  perPid: Map<number, number>;
  postgres: Map<number, number>;
  self: NodeJS.CpuUsage;
}

export function snapshotCpu(pids: number[], database?: string): CpuSnapshot {
  return {
    at: performance.now(),
    perPid: new Map(pids.map((p) => [p, cpuSecondsOf(p)])),
    postgres: new Map(postgresPids(database).map((p) => [p, cpuSecondsOf(p)])),
    self: process.cpuUsage(),
  };
}

export interface CpuShare {
  /** Percent of one core per watched pid. */
  perPid: Map<number, number>;
  postgres: number;
  client: number;
}

export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuShare {
  const wall = (b.at - a.at) / 1000;
  const perPid = new Map<number, number>();
  for (const [pid, t] of b.perPid) perPid.set(pid, ((t - (a.perPid.get(pid) ?? NaN)) / wall) * 100);
  let pg = 0;
  // A backend that connected during the window counts from zero: its whole life was inside the window.
  for (const [pid, t] of b.postgres) pg += t - (a.postgres.get(pid) ?? 0);
  const selfNow = b.self.user + b.self.system - (a.self.user + a.self.system);
  return { perPid, postgres: (pg / wall) * 100, client: (selfNow / 1e6 / wall) * 100 };
}

/** Captures the CPU shares over a load run's measured window (pass to runLoad's onWindow). */
export function cpuWindow(pids: () => number[], database?: string) {
  let start: CpuSnapshot | null = null;
  let share: CpuShare | null = null;
  return {
    onWindow(edge: 'start' | 'end') {
      if (edge === 'start') start = snapshotCpu(pids(), database);
      else if (start) share = cpuBetween(start, snapshotCpu(pids(), database));
    },
    get share() {
      return share;
    },
  };
}

export function describeCpu(share: CpuShare | null, names: Map<number, string>): string {
  if (!share) return 'n/a';
  const pct = (n: number) => (Number.isFinite(n) ? `${Math.round(n)}%` : 'n/a');
  const parts = [...share.perPid.entries()].map(([pid, v]) => `${names.get(pid) ?? pid} ${pct(v)}`);
  parts.push(`postgres (this database + WAL writer) ${pct(share.postgres)}`, `bench client ${pct(share.client)}`);
  return `${parts.join(', ')} of one core (machine has ${availableParallelism()} cores)`;
}

/** CPU milliseconds spent per successful operation by each watched process, Postgres and the client. */
export function describeCpuPerOp(
  share: CpuShare | null,
  seconds: number,
  ops: number,
  names: Map<number, string>,
): string {
  if (!share || ops === 0) return 'n/a';
  const per = (pctOfCore: number) =>
    Number.isFinite(pctOfCore) ? `${(((pctOfCore / 100) * seconds * 1000) / ops).toFixed(3)} ms` : 'n/a';
  const parts = [...share.perPid.entries()].map(([pid, v]) => `${names.get(pid) ?? pid} ${per(v)}`);
  parts.push(`postgres ${per(share.postgres)}`, `client ${per(share.client)}`);
  return parts.join(', ');
}
