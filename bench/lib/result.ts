/**
 * The one line every benchmark ends with, so `npm run bench` (bench/run-all.ts) can gather all figures in one table:
 *
 *   BENCH-RESULT [{"figure":"…","target":"…","measured":"…","met":true}, …]
 *
 * `met` is true, false, or null for a figure printed for context only (no target). The line is JSON on one line,
 * after the prefix, and may be printed more than once (the runner concatenates them).
 */
export const RESULT_PREFIX = 'BENCH-RESULT ';

export interface BenchFigure {
  figure: string;
  target: string;
  measured: string;
  met: boolean | null;
}

export function printResults(figures: BenchFigure[]): void {
  console.log(`${RESULT_PREFIX}${JSON.stringify(figures)}`);
}

/** Every BENCH-RESULT line's figures in a benchmark's output (lines that are not valid JSON are skipped). */
export function parseResults(output: string): BenchFigure[] {
  const figures: BenchFigure[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith(RESULT_PREFIX)) continue;
    try {
      const parsed = JSON.parse(line.slice(RESULT_PREFIX.length)) as unknown;
      if (Array.isArray(parsed)) figures.push(...(parsed as BenchFigure[]));
    } catch {
      /* a truncated line: the runner reports the benchmark as giving no figures */
    }
  }
  return figures;
}

/** A fixed-width text table (first row is the header). */
export function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (cell ?? '').padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
