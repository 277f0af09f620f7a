/**
 * One lane for the boards' snapshot computations: the scopes whose figures changed take turns, one computation at a
 * time, however many scopes are watched. A hundred busy site boards therefore cost the database one snapshot at a
 * time, not a hundred at once, and the payments' own statements never queue behind a wave of them. Each scope asks
 * again at most once per its own interval (the broadcaster decides); a scope already waiting is not queued twice.
 */
export class SnapshotLane {
  private readonly waiting = new Set<() => Promise<unknown>>();
  private running = false;

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
        await task().catch(() => {}); // a failed computation is retried on the scope's next event
      }
    } finally {
      this.running = false;
    }
  }
}
