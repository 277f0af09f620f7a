import { Samples, type LatencySummary } from './stats.js';

/** What one operation reports: success (counted, latency kept) or an error with a short label for the tally. */
export type Outcome = true | string;

export interface LoadOptions {
  /** Measured window. */
  durationMs: number;
  /** Unmeasured run-in before the window (JIT, pools, caches). */
  warmupMs: number;
  concurrency: number;
  /** One operation of worker `worker` (0-based). Throwing counts as an error labelled with the message. */
  op: (worker: number) => Promise<Outcome>;
  /** Called when the measured window opens and closes (e.g. to snapshot CPU time). */
  onWindow?: (edge: 'start' | 'end') => void;
}

export interface LoadResult {
  ok: number;
  errors: number;
  /** Error label -> count. */
  errorKinds: Map<string, number>;
  seconds: number;
  perSecond: number;
  latency: LatencySummary;
}

/**
 * Closed-loop load: `concurrency` workers each run `op` back to back. After the warm-up, operations that *finish*
 * inside the measured window are counted; successes give the rate and the latency percentiles. At the end of the
 * window no new operation starts and the run waits for those in flight.
 */
export async function runLoad({ durationMs, warmupMs, concurrency, op, onWindow }: LoadOptions): Promise<LoadResult> {
  const samples = new Samples();
  const errorKinds = new Map<string, number>();
  let ok = 0;
  let errors = 0;
  const start = performance.now();
  const windowStart = start + warmupMs;
  const windowEnd = windowStart + durationMs;
  const timers = onWindow
    ? [setTimeout(() => onWindow('start'), warmupMs), setTimeout(() => onWindow('end'), warmupMs + durationMs)]
    : [];

  const worker = async (w: number) => {
    while (performance.now() < windowEnd) {
      const t0 = performance.now();
      let outcome: Outcome;
      try {
        outcome = await op(w);
      } catch (error) {
        outcome = (error as Error).message.slice(0, 120);
      }
      const t1 = performance.now();
      if (t1 < windowStart || t1 > windowEnd) continue;
      if (outcome === true) {
        ok++;
        samples.add(t1 - t0);
      } else {
        errors++;
        errorKinds.set(outcome, (errorKinds.get(outcome) ?? 0) + 1);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  } finally {
    timers.forEach(clearTimeout);
  }
  const seconds = durationMs / 1000;
  return { ok, errors, errorKinds, seconds, perSecond: ok / seconds, latency: samples.summary() };
}

export function describeErrors(result: LoadResult): string {
  if (result.errors === 0) return '0';
  const kinds = [...result.errorKinds.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  return `${result.errors} (${kinds.map(([k, n]) => `${n}× ${k}`).join('; ')})`;
}
