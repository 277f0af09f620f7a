import type { WebSocket } from 'ws';
import type { StoredEvent } from './events.repository.js';

const COALESCE_MS = 100; // at most ten updates a second, however many payments
const HEARTBEAT_MS = 15_000;
/** Sockets written per turn of the event loop, so acknowledgements and the feed keep moving during a fan-out. */
const SEND_CHUNK = 500;
/** A viewer whose socket holds more than this unsent is too slow: it is dropped and resyncs on reconnect. */
export const MAX_BUFFERED_BYTES = 512 * 1024;

/** Every board snapshot says when it was made; its other keys are the sections a delta may resend. */
export interface BoardSnapshot {
  generatedAt: string;
}

/** One scope's board: its whole picture, and the public ticker line of a committed event. */
export interface ScopeBoard<S extends BoardSnapshot> {
  /** The whole picture now. */
  snapshot(): Promise<S>;
  /** The public ticker line of a committed event (sales and activations only reach it). */
  tickerItem(event: StoredEvent): unknown;
}

/**
 * Fans one scope's board out to any number of viewers: one snapshot computation at a time, serialised once, the same
 * string sent to everyone. A viewer gets the full snapshot on connect, then deltas. New sales go out at once (the
 * ticker); the KPI sections they change follow from the snapshot computed meanwhile, in the next delta. It is given
 * only its scope's events (`receive`, by BoardScopes).
 */
export class BoardBroadcaster<S extends BoardSnapshot> {
  private readonly viewers = new Set<WebSocket>();
  private last: S | null = null;
  private computing: Promise<S> | null = null;
  private changed: Partial<S> = {};
  private pending: StoredEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastFlush = 0;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly source: ScopeBoard<S>) {
    this.heartbeat = setInterval(
      () => this.broadcast(JSON.stringify({ type: 'heartbeat', at: new Date().toISOString() })),
      HEARTBEAT_MS,
    );
    this.heartbeat.unref();
  }

  get size() {
    return this.viewers.size;
  }

  /** One snapshot computation shared by everyone who asks while it runs (a wave of viewers joining, a tick). */
  snapshot(): Promise<S> {
    this.computing ??= this.source
      .snapshot()
      .then((snapshot) => {
        this.recordChanges(snapshot);
        return snapshot;
      })
      .finally(() => {
        this.computing = null;
      });
    return this.computing;
  }

  async join(socket: WebSocket): Promise<void> {
    this.viewers.add(socket);
    socket.on('close', () => this.viewers.delete(socket));
    const fresh = this.last && Date.now() - Date.parse(this.last.generatedAt) < COALESCE_MS;
    const snapshot = fresh ? this.last! : await this.snapshot();
    this.send(socket, JSON.stringify({ type: 'snapshot', stats: snapshot }));
  }

  close() {
    clearInterval(this.heartbeat);
    if (this.timer) clearTimeout(this.timer);
    for (const socket of this.viewers) socket.close(1001, 'server shutting down');
  }

  /** This scope's share of newly committed events. */
  receive(events: readonly StoredEvent[]) {
    this.pending.push(...events);
    this.schedule();
  }

  /**
   * At most one delta per COALESCE_MS, the first after a quiet spell at once: a lone sale shows without waiting, and
   * a burst still goes out as a few deltas.
   */
  private schedule() {
    if (!this.timer)
      this.timer = setTimeout(() => this.flush(), Math.max(0, this.lastFlush + COALESCE_MS - Date.now()));
  }

  /** Keeps the sections that changed since the last snapshot, for the next delta. */
  private recordChanges(after: S) {
    const before = this.last;
    for (const key of Object.keys(after) as Array<keyof S & string>) {
      if (key === 'generatedAt' || key === 'ticker') continue;
      if (!before || JSON.stringify(before[key]) !== JSON.stringify(after[key])) this.changed[key] = after[key];
    }
    this.last = after;
  }

  private flush() {
    this.timer = null;
    this.lastFlush = Date.now();
    const events = this.pending;
    this.pending = [];
    if (this.viewers.size === 0) {
      this.last = null;
      this.changed = {};
      return;
    }
    const ticker = events
      .filter((e) => e.type === 'sale.recorded' || e.type === 'activation.recorded')
      .map((e) => this.source.tickerItem(e));
    const changed = this.changed;
    this.changed = {};
    if (ticker.length || Object.keys(changed).length) {
      this.broadcast(
        JSON.stringify({
          type: 'delta',
          generatedAt: this.last?.generatedAt ?? new Date().toISOString(),
          changed,
          ticker,
        }),
      );
    }
    if (events.length) {
      // The numbers these events change: computed now, sent with the next delta (scheduled if nothing else comes).
      void this.snapshot()
        .then(() => {
          if (Object.keys(this.changed).length) this.schedule();
        })
        .catch(() => {});
    }
  }

  private broadcast(message: string) {
    const sockets = [...this.viewers];
    const sendChunk = (from: number) => {
      for (const socket of sockets.slice(from, from + SEND_CHUNK)) this.send(socket, message);
      if (from + SEND_CHUNK < sockets.length) setImmediate(() => sendChunk(from + SEND_CHUNK));
    };
    sendChunk(0);
  }

  private send(socket: WebSocket, message: string) {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      // Never buffer without bound: drop the slow viewer; its page reconnects and gets a fresh snapshot.
      this.viewers.delete(socket);
      socket.terminate();
      return;
    }
    socket.send(message);
  }
}
