/** How long one computed snapshot serves every caller of `GET /api/v1/stats` (the board's own refresh is 100 ms). */
export const STATS_SNAPSHOT_TTL_MS = 250;

/**
 * One value shared by every caller, computed at most once per `ttlMs`: callers arriving while it is fresh get it as
 * is, callers arriving while it is being computed wait for that computation (single flight). However many clients
 * ask, the database sees at most one computation per window, so a flood of readers cannot crowd out the writers.
 */
export class SharedSnapshot<T> {
  private value: T | null = null;
  private computedAt = 0;
  private computing: Promise<T> | null = null;
  /** Computations started so far (observability: the flood test and operators can see the bound hold). */
  computations = 0;

  constructor(
    private readonly compute: () => Promise<T>,
    private readonly ttlMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.value !== null && this.now() - this.computedAt < this.ttlMs) return Promise.resolve(this.value);
    if (this.computing) return this.computing;
    this.computations++;
    // A failure is not cached: the next caller tries again (still one at a time).
    this.computing = this.compute()
      .then((value) => {
        this.value = value;
        this.computedAt = this.now(); // from when it is ready: a slow computation never runs back to back
        return value;
      })
      .finally(() => {
        this.computing = null;
      });
    return this.computing;
  }
}
