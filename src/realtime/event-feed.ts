import type { Db } from '../db/index.js';
import { eventsCommittedSince, currentSnapshot, type FeedCursor, type StoredEvent } from './events.repository.js';

/** Wake-ups after local commits are coalesced to at most one poll per this many ms (not one query per commit). */
const MIN_POLL_GAP_MS = 50;
/**
 * A read that has not answered in this long is given up (its answer, if any comes, is ignored) and the next one starts
 * from the same cursor: a connection hung on a vanished database server must not hold the feed for minutes.
 */
const POLL_TIMEOUT_MS = 5_000;

/**
 * Reads the events table by commit visibility, so every instance sees every change whichever instance made it.
 *
 * The cursor is the Postgres snapshot the last read ran under. Each read asks for the events written by transactions
 * that snapshot could not see (still running then, or begun after it) and that have committed since, and the new
 * snapshot becomes the cursor. A rolled-back transaction or a crashed instance leaves a hole in the id sequence; that
 * no longer matters: nothing waits on ids. A transaction that stays open stays in the cursor's list of running
 * transactions until it commits, so its events come the moment it does (never skipped, never delivered twice).
 */
export class EventFeed {
  private cursor: FeedCursor | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastPoll = 0;
  private soon: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly deliver: (events: StoredEvent[]) => void,
    private readonly intervalMs = 200,
    private readonly timeoutMs = POLL_TIMEOUT_MS,
  ) {}

  /** Starts from the present: history is for snapshots, the feed is for what commits next. */
  async start(): Promise<void> {
    this.cursor = await currentSnapshot(this.db);
    this.schedule();
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.soon) clearTimeout(this.soon);
    return this.running ?? Promise.resolve();
  }

  /** A local commit happened: poll now rather than at the next tick (coalesced with a poll under way). */
  wake(): void {
    if (this.stopped || this.soon) return;
    const wait = this.lastPoll + MIN_POLL_GAP_MS - Date.now();
    if (wait > 0) {
      this.soon = setTimeout(() => {
        this.soon = null;
        this.wake();
      }, wait);
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.lastPoll = Date.now();
    this.running = this.poll().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      } else this.schedule();
    });
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.wake(), this.intervalMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      if (!this.cursor) return; // not started
      let timer: NodeJS.Timeout | undefined;
      const read = eventsCommittedSince(this.db, this.cursor);
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('feed read timed out')), this.timeoutMs);
      });
      read.catch(() => {}); // an abandoned read may still fail later
      const { events, snapshot } = await Promise.race([read, timedOut]).finally(() => clearTimeout(timer));
      this.cursor = snapshot;
      if (events.length) this.deliver(events);
    } catch {
      // The database is away for a moment (a restart, a dropped connection): the cursor is kept, so the next tick,
      // on a fresh connection, reads everything committed meanwhile.
    }
  }
}
