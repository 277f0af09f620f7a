/**
 * Everything a benchmark starts (servers, databases, sockets) registers how to undo it here. `runBench` runs the
 * benchmark, then the cleanups in reverse order, on success, on error and on Ctrl-C, and then exits the process, so
 * a stray keep-alive socket or timer can never keep it alive.
 */
type Cleanup = { label: string; fn: () => unknown | Promise<unknown> };
const cleanups: Cleanup[] = [];
/** Synchronous last resort when the process dies without running the async cleanups (kills children). */
const lastResorts = new Set<() => void>();

export function onCleanup(label: string, fn: () => unknown | Promise<unknown>): () => void {
  const entry = { label, fn };
  cleanups.push(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i !== -1) cleanups.splice(i, 1);
  };
}

export function onExitSync(fn: () => void): () => void {
  lastResorts.add(fn);
  return () => lastResorts.delete(fn);
}

let cleaning: Promise<void> | null = null;
export function runCleanups(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const { label, fn } = cleanups.pop()!;
      try {
        await withTimeout(Promise.resolve().then(fn), 20_000, label);
      } catch (error) {
        console.error(`cleanup "${label}" failed: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

function withTimeout<T>(p: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${label}: timed out after ${ms} ms`)), ms);
    }),
  ]);
}

process.on('exit', () => {
  for (const fn of lastResorts) {
    try {
      fn();
    } catch {
      /* exiting anyway */
    }
  }
});

/** Runs a benchmark's main function with cleanup guaranteed, then exits with 0 (or 1 on error, 130 on a signal). */
export function runBench(main: () => Promise<void>): void {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130); // second Ctrl-C: give up on a polite cleanup
    interrupted = true;
    console.error(`\n${signal}: stopping and cleaning up…`);
    void runCleanups().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main()
    .then(
      () => 0,
      (error) => {
        console.error(error instanceof Error ? (error.stack ?? error.message) : error);
        return 1;
      },
    )
    .then(async (code) => {
      await runCleanups();
      process.exit(code);
    });
}
