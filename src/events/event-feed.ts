import type { Db } from '../db/database.js';
import { eventsAfter } from './events.repository.js';
import type { StoredEvent } from './events.repository.js';

/** How long an id gap may stay open (a transaction that took its id but has not committed) before we move past it. */
const GAP_PATIENCE_MS = 5_000;
const BATCH = 2_000;
/** Wake-ups after local commits are coalesced to at most one poll per this many ms (not one query per commit). */
const MIN_POLL_GAP_MS = 50;

/**
 * Reads the events table in id order, so every instance sees every change whichever instance made it.
 * Ids come from a sequence: a concurrent transaction can commit a lower id after a higher one is visible, so the
 * feed keeps a watermark below which everything is delivered and waits (briefly) on gaps above it.
 */
export class EventFeed {
  private watermark = 0;
  private readonly seen = new Set<number>();
  private readonly gapSince = new Map<number, number>();
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
  ) {}

  /** Starts after the newest existing event: history is for snapshots, the feed is for what happens next. */
  async start(): Promise<void> {
    const row = await this.db.selectFrom('events').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
    this.watermark = Number(row?.max ?? 0);
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
    let rows;
    try {
      rows = await eventsAfter(this.db, this.watermark, BATCH);
    } catch {
      return; // the database is away for a moment; the next tick tries again
    }
    const fresh: StoredEvent[] = [];
    for (const r of rows) {
      const id = Number(r.id);
      if (this.seen.has(id)) continue;
      this.seen.add(id);
      fresh.push({ id, type: r.type, merchantId: r.merchant_id, data: r.data, createdAt: r.created_at });
    }
    this.advance(rows.length ? Number(rows[rows.length - 1].id) : this.watermark);
    if (fresh.length) this.deliver(fresh);
  }

  private advance(highest: number) {
    const now = Date.now();
    while (this.watermark < highest) {
      const next = this.watermark + 1;
      if (this.seen.delete(next)) {
        this.gapSince.delete(next);
        this.watermark = next;
        continue;
      }
      const since = this.gapSince.get(next) ?? now;
      this.gapSince.set(next, since);
      if (now - since < GAP_PATIENCE_MS) break;
      this.gapSince.delete(next); // a rolled-back transaction: that id will never appear
      this.watermark = next;
    }
  }
}
