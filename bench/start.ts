/**
 * Start and memory on the embedded database (PGlite), demo included, as `npm start` runs the server:
 * - fresh start to ready: a new, empty DATA_DIR, until GET /readyz answers 200;
 * - restart to ready: the same DATA_DIR again;
 * - idle RSS a few seconds after each start (VmRSS), and the peak during the first start (VmHWM, polled);
 * - CPU seconds the server spent until ready (steadier than wall time on a shared machine).
 * Each figure is the median of `--runs` runs (the machine is shared and noisy).
 *
 *   node --import tsx bench/start.ts [--runs 3] [--settle 3] [--quick]   (default command: package.json's start)
 *        [--command "node --import tsx src/server.ts"]   (e.g. to measure the old way of starting)
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flagOption, numberOption, stringOption } from './lib/args.js';
import { onCleanup, onExitSync, runBench } from './lib/cleanup.js';
import { printResults, textTable, type BenchFigure } from './lib/result.js';
import { residentMb } from './lib/rss.js';
import { fmt } from './lib/stats.js';

const root = process.env.BENCH_APP_ROOT ?? fileURLToPath(new URL('..', import.meta.url));
const quick = flagOption('quick', 'QUICK');
const runs = numberOption('runs', 'RUNS', quick ? 1 : 3);
const settleMs = numberOption('settle', 'SETTLE', quick ? 2 : 3) * 1000;
// By default exactly what `npm start` runs (package.json), minus npm itself: the server is then the process measured.
const startScript = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start;
const command = stringOption('command', 'START_COMMAND', startScript).split(/\s+/);

const TARGETS = { freshMs: 5_000, restartMs: 2_000, idleMb: 200, peakMb: 400 };
const CLOCK_TICKS = 100; // USER_HZ on Linux

function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
  } catch {
    return NaN;
  }
}

interface StartFigures {
  readyMs: number;
  cpuS: number;
  peakMb: number;
  idleMb: number;
  progressLines: number;
}

/** Starts the server on `dataDir`, waits for /readyz, lets it settle, reads its memory, stops it. */
async function startOnce(dataDir: string): Promise<StartFigures> {
  const started = performance.now();
  const [cmd, ...args] = command;
  const child = spawn(cmd === 'node' ? process.execPath : cmd, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO: '1',
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let alive = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => (alive = false));
  const removeLastResort = onExitSync(() => alive && child.kill('SIGKILL'));
  const stop = async () => {
    if (alive) child.kill('SIGTERM');
    await exited;
  };
  const removeCleanup = onCleanup(`stop server pid ${pid}`, stop);
  let peakMb = 0;
  const poll = setInterval(() => {
    const mb = residentMb(pid, 'VmHWM');
    if (Number.isFinite(mb)) peakMb = Math.max(peakMb, mb);
  }, 50);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 180 s:\n${out}`)), 180_000);
      const check = () => {
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (!m) return;
        clearTimeout(timer);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      };
      child.stdout.on('data', check);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`server exited before it was ready:\n${out}`));
      });
    });
    for (;;) {
      const res = await fetch(`${url}/readyz`).catch(() => null);
      if (res?.status === 200) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const readyMs = performance.now() - started;
    const cpuS = cpuSeconds(pid);
    peakMb = Math.max(peakMb, residentMb(pid, 'VmHWM'));
    await new Promise((r) => setTimeout(r, settleMs));
    const idleMb = residentMb(pid);
    peakMb = Math.max(peakMb, residentMb(pid, 'VmHWM'));
    const progressLines = out.split('\n').filter((l) => /…\s*\d+\/\d+|…$/.test(l.trim())).length;
    return { readyMs, cpuS, peakMb, idleMb, progressLines };
  } finally {
    clearInterval(poll);
    await stop();
    removeCleanup();
    removeLastResort();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

runBench(async () => {
  if (command.includes('scripts/start.mjs')) {
    // The build is not part of a start: bring it up to date first, untimed.
    execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  }
  console.log(`start: ${command.join(' ')} in ${root}, ${runs} run(s), settle ${settleMs / 1000} s`);
  const fresh: StartFigures[] = [];
  const restart: StartFigures[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-start-'));
    const removeDir = onCleanup(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
    try {
      fresh.push(await startOnce(dataDir));
      restart.push(await startOnce(dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      removeDir();
    }
    const f = fresh[i];
    const r = restart[i];
    console.log(
      `  run ${i + 1}: fresh ${fmt(f.readyMs / 1000, 2)} s (cpu ${fmt(f.cpuS, 2)} s, peak ${fmt(f.peakMb, 0)} MB, idle ${fmt(f.idleMb, 0)} MB, ${f.progressLines} progress lines); restart ${fmt(r.readyMs / 1000, 2)} s (cpu ${fmt(r.cpuS, 2)} s, peak ${fmt(r.peakMb, 0)} MB, idle ${fmt(r.idleMb, 0)} MB)`,
    );
  }
  const m = (xs: StartFigures[], k: keyof StartFigures) => median(xs.map((x) => x[k]));
  const freshS = m(fresh, 'readyMs') / 1000;
  const restartS = m(restart, 'readyMs') / 1000;
  const idleMb = Math.max(m(fresh, 'idleMb'), m(restart, 'idleMb'));
  const peakMb = m(fresh, 'peakMb');
  const figures: BenchFigure[] = [
    {
      figure: 'start: fresh embedded start to ready, demo included',
      target: `≤ ${TARGETS.freshMs / 1000} s`,
      measured: `${fmt(freshS, 2)} s (cpu ${fmt(m(fresh, 'cpuS'), 2)} s)`,
      met: freshS * 1000 <= TARGETS.freshMs,
    },
    {
      figure: 'start: restart to ready',
      target: `≤ ${TARGETS.restartMs / 1000} s`,
      measured: `${fmt(restartS, 2)} s (cpu ${fmt(m(restart, 'cpuS'), 2)} s)`,
      met: restartS * 1000 <= TARGETS.restartMs,
    },
    {
      figure: 'start: idle RSS after start (worse of first start and restart)',
      target: `≤ ${TARGETS.idleMb} MB`,
      measured: `${fmt(idleMb, 0)} MB (first ${fmt(m(fresh, 'idleMb'), 0)}, restart ${fmt(m(restart, 'idleMb'), 0)})`,
      met: idleMb <= TARGETS.idleMb,
    },
    {
      figure: 'start: peak RSS during the first start',
      target: `≤ ${TARGETS.peakMb} MB`,
      measured: `${fmt(peakMb, 0)} MB`,
      met: peakMb <= TARGETS.peakMb,
    },
  ];
  if (freshS > 2) {
    const lines = m(fresh, 'progressLines');
    figures.push({
      figure: 'start: a first start over 2 s prints progress',
      target: 'progress lines > 0',
      measured: `${lines} lines`,
      met: lines > 0,
    });
  }
  console.log(`\nmedians of ${runs} run(s):`);
  console.log(
    textTable([
      ['figure', 'target', 'measured', 'met'],
      ...figures.map((f) => [f.figure, f.target, f.measured, f.met ? 'MET' : 'NOT MET']),
    ]),
  );
  printResults(figures);
});
