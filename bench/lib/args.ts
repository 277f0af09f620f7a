/**
 * Tiny option reader for the benchmarks: `--name value`, `--name=value` or a bare `--flag`, falling back to an
 * environment variable and then a default. No dependency, no magic.
 */
const argv = process.argv.slice(2);

function fromArgv(name: string): string | true | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === `--${name}`) {
      const next = argv[i + 1];
      return next !== undefined && !next.startsWith('--') ? next : true;
    }
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

/** `--quick` (or QUICK=1): a brief run for `npm run bench`, each benchmark's figures from shorter phases. */
export const quickRun = /^(1|true|yes)$/i.test(String(fromArgv('quick') ?? process.env.QUICK ?? ''));

/** A positive number from `--name`, else `env`, else `quickFallback` in a quick run, else `fallback`. */
export function numberOption(name: string, env: string, fallback: number, quickFallback?: number): number {
  const raw = fromArgv(name) ?? process.env[env];
  if (raw === undefined || raw === true || raw === '')
    return quickRun && quickFallback !== undefined ? quickFallback : fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} / ${env} must be a positive number, got "${raw}"`);
  return n;
}

/** True when `--name` is given (or `env` is 1/true/yes). */
export function flagOption(name: string, env: string): boolean {
  const raw = fromArgv(name) ?? process.env[env];
  if (raw === undefined) return false;
  return raw === true || /^(1|true|yes)$/i.test(raw);
}

export function stringOption(name: string, env: string, fallback: string): string {
  const raw = fromArgv(name) ?? process.env[env];
  return raw === undefined || raw === true || raw === '' ? fallback : raw;
}

/** A number in [0, 1] from `--name`, else `env`, else `fallback`. */
export function fractionOption(name: string, env: string, fallback: number): number {
  const raw = fromArgv(name) ?? process.env[env];
  if (raw === undefined || raw === true || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new Error(`--${name} / ${env} must be between 0 and 1, got "${raw}"`);
  return n;
}
