import { printResults } from './result.js';

/**
 * The figures a benchmark is held to, printed as one table (figure, target, measured, met), then as the BENCH-RESULT
 * line `npm run bench` gathers (bench/lib/result.ts).
 */
export interface TargetRow {
  figure: string;
  target: string;
  measured: string;
  met: boolean;
}

export function printTargets(rows: readonly TargetRow[]): void {
  const header = ['figure', 'target', 'measured', 'met'];
  const cells = rows.map((r) => [r.figure, r.target, r.measured, r.met ? 'MET' : 'NOT MET']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `  ${c.map((s, i) => s.padEnd(widths[i])).join('  ')}`.trimEnd();
  console.log(`\ntargets:\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
  for (const c of cells) console.log(line(c));
  printResults(rows.map((r) => ({ ...r })));
}
