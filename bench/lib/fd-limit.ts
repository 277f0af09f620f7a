import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The open-files limit (soft, hard) of this process, from /proc/self/limits ("unlimited" reads Infinity). */
export function openFilesLimit(): { soft: number; hard: number } {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const [soft, hard] = line!.replace('Max open files', '').trim().split(/\s+/);
    const n = (s: string) => (s === 'unlimited' ? Infinity : Number(s));
    return { soft: n(soft), hard: n(hard) };
  } catch {
    return { soft: NaN, hard: NaN };
  }
}

/**
 * Makes sure this process (and the server and helpers it starts, which inherit the limit) may open `needed` files.
 * Node cannot raise its own limit, so when the soft limit is too low but the hard one allows it, the benchmark runs
 * itself again under `ulimit -n` (once) and this process exits with the child's code. Throws when even the hard
 * limit is too low (the fix: raise it for the shell, e.g. `ulimit -Hn 65536` as root, or LimitNOFILE in systemd).
 */
export function ensureOpenFiles(needed: number): { soft: number; hard: number } {
  const limit = openFilesLimit();
  if (!Number.isFinite(limit.soft) || limit.soft >= needed) return limit;
  if (limit.hard < needed || process.env.BENCH_FD_RAISED === '1') {
    throw new Error(
      `need about ${needed} open files (server and viewers), but ulimit -n is ${limit.soft} (hard ${limit.hard}); raise it (ulimit -n ${needed}) and run again`,
    );
  }
  const target = Number.isFinite(limit.hard) ? limit.hard : needed;
  console.log(`ulimit -n ${limit.soft} is below the ~${needed} needed: running again under ulimit -n ${target}`);
  const r = spawnSync(
    'sh',
    ['-c', `ulimit -n ${target} && exec "$0" "$@"`, process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, BENCH_FD_RAISED: '1' },
    },
  );
  process.exit(r.status ?? 1);
}
