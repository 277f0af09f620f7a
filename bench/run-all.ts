/**
 * `npm run bench`: every benchmark in bench/, briefly (`--quick`), one after the other, then ONE table of what they
 * measured: figure, target, measured, met. A benchmark is any `bench/*.ts` except the tools below; it must accept
 * `--quick` and end by printing its figures as a BENCH-RESULT line (bench/lib/result.ts). Its whole output goes to a
 * log file, named in the table, for the details.
 *
 *   node --import tsx bench/run-all.ts [--only start,qr-create] [--skip board-latency] [--timeout 240] [--full]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flagOption, numberOption, stringOption } from './lib/args.js';
import { parseResults, textTable, type BenchFigure } from './lib/result.js';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const root = path.resolve(benchDir, '..');
/** Files in bench/ that are not benchmarks. */
const TOOLS = new Set(['run-all.ts', 'profile-summary.ts']);
/** The cheap ones first, so a newcomer sees figures early; any benchmark not listed runs after these, by name. */
const ORDER = ['start', 'qr-render', 'write-path', 'qr-create', 'confirmations', 'snapshot-scale', 'board-latency'];

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const only = list(stringOption('only', 'BENCH_ONLY', ''));
const skip = new Set(list(stringOption('skip', 'BENCH_SKIP', '')));
const timeoutS = numberOption('timeout', 'BENCH_TIMEOUT', 240);
const full = flagOption('full', 'BENCH_FULL');

export function discoverBenchmarks(dir = benchDir): string[] {
  const found = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !TOOLS.has(f))
    .map((f) => f.slice(0, -3));
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

interface Outcome {
  name: string;
  seconds: number;
  code: number | null;
  figures: BenchFigure[];
  log: string;
}

function runOne(name: string, logDir: string): Promise<Outcome> {
  const started = performance.now();
  const args = ['--import', 'tsx', path.join('bench', `${name}.ts`), ...(full ? [] : ['--quick'])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...(full ? {} : { QUICK: '1' }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  // Past its time a benchmark is interrupted as Ctrl-C would (its cleanup stops servers and drops databases).
  const interrupt = setTimeout(() => child.kill('SIGINT'), timeoutS * 1000);
  const kill = setTimeout(() => child.kill('SIGKILL'), (timeoutS + 30) * 1000);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(interrupt);
      clearTimeout(kill);
      const log = path.join(logDir, `${name}.log`);
      writeFileSync(log, out);
      resolve({ name, seconds: (performance.now() - started) / 1000, code, figures: parseResults(out), log });
    });
  });
}

let stopping = false;
process.on('SIGINT', () => {
  stopping = true; // the running benchmark gets the same Ctrl-C and cleans up; no further one starts
});

const names = discoverBenchmarks().filter((n) => (only.length ? only.includes(n) : true) && !skip.has(n));
const logDir = mkdtempSync(path.join(tmpdir(), 'bench-run-'));
console.log(`${full ? 'full' : 'quick'} run of ${names.length} benchmarks: ${names.join(', ')}; logs in ${logDir}`);
const outcomes: Outcome[] = [];
for (const name of names) {
  if (stopping) break;
  process.stdout.write(`  ${name}… `);
  const o = await runOne(name, logDir);
  outcomes.push(o);
  const status = o.code === 0 ? `${o.figures.length} figures` : `FAILED (exit ${o.code ?? 'signal'})`;
  console.log(`${o.seconds.toFixed(0)} s, ${status}`);
}

const rows: string[][] = [['benchmark', 'figure', 'target', 'measured', 'met']];
for (const o of outcomes) {
  if (o.figures.length === 0) {
    const why = o.code === 0 ? 'printed no BENCH-RESULT line' : `failed (exit ${o.code ?? 'signal'})`;
    rows.push([o.name, '—', '—', `${why}: see ${o.log}`, 'NO']);
  }
  for (const f of o.figures)
    rows.push([o.name, f.figure, f.target, f.measured, f.met === null ? '—' : f.met ? 'yes' : 'NO']);
}
const total = outcomes.reduce((s, o) => s + o.seconds, 0);
console.log(`\n${textTable(rows)}`);
const met = outcomes.flatMap((o) => o.figures).filter((f) => f.met === true).length;
const targets = outcomes.flatMap((o) => o.figures).filter((f) => f.met !== null).length;
console.log(
  `\n${met} of ${targets} targets met, in ${total.toFixed(0)} s${full ? '' : ' (quick: shorter phases and, for some, a smaller load than the targets name; `--full` or each benchmark alone for the real figures)'}. Logs: ${logDir}`,
);
process.exit(outcomes.some((o) => o.code !== 0) ? 1 : 0);
