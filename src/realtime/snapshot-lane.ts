/**
 * One lane for the boards' snapshot computations: the scopes whose figures changed take turns, one computation at a
 * time, however many scopes are watched, and after each the lane rests as long as it worked. A hundred busy site
 * boards therefore take at most half of one database connection's time, not a hundred computations at once, and the
 * payments' own statements never queue behind a wave of them; with many scopes each one's figures simply come a
 * little later. Each scope asks again at most once per its own interval (the broadcaster decides); a scope already
 * waiting is not queued twice.
 */
export class SnapshotLane {
  private readonly waiting = new Set<() => Promise<unknown>>();
  private running = false;

  constructor(private readonly rest: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {}

  /** Runs `task` when the lane is free (once, however often it is asked for before its turn). */
  request(task: () => Promise<unknown>) {
    this.waiting.add(task);
    void this.drain();
  }

  private async drain() {
    if (this.running) return;
    this.running = true;
    try {
      for (const task of this.waiting) {
        this.waiting.delete(task);
        const started = performance.now();
        await task().catch(() => {}); // a failed computation is retried on the scope's next event
        if (this.waiting.size) await this.rest(performance.now() - started);
      }
    } finally {
      this.running = false;
    }
  }
}
