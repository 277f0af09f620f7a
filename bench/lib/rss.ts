import { readFileSync } from 'node:fs';

/** Resident memory (MB) of a process from /proc/<pid>/status: VmRSS now, or VmHWM (its peak since start). */
export function residentMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * Samples a process's VmRSS every `everyMs` and keeps the peak per phase (e.g. "connect", "load"), so a run can say
 * how much memory the viewers cost on their own and how much the traffic adds.
 */
export function rssSampler(pid: number, everyMs = 100) {
  let phase = 'start';
  const peaks = new Map<string, number>();
  const sample = () => {
    const mb = residentMb(pid);
    if (Number.isFinite(mb)) peaks.set(phase, Math.max(peaks.get(phase) ?? 0, mb));
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  sample();
  return {
    phase(name: string) {
      sample();
      phase = name;
      sample();
    },
    stop() {
      sample();
      clearInterval(timer);
    },
    peak(name?: string): number {
      if (name !== undefined) return peaks.get(name) ?? NaN;
      return Math.max(...peaks.values());
    },
    peaks: () => new Map(peaks),
  };
}
