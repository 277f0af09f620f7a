import type { WebSocket } from 'ws';
import type { Db } from '../db/database.js';
import type { EventHub } from '../events/hub.plugin.js';
import type { StoredEvent } from '../events/events.repository.js';
import { statsSnapshot, tickerItem, type StatsSnapshot } from './stats.service.js';

const COALESCE_MS = 250; // at most four updates a second, however many payments
const HEARTBEAT_MS = 15_000;
/** A viewer whose socket holds more than this unsent is too slow: it is dropped and resyncs on reconnect. */
export const MAX_BUFFERED_BYTES = 512 * 1024;

/**
 * Fans the board out to any number of viewers: one snapshot computation per tick, serialised once, the same
 * string sent to everyone. A viewer gets the full snapshot on connect, then deltas (changed sections + new ticker items).
 */
export class BoardBroadcaster {
  private readonly viewers = new Set<WebSocket>();
  private last: StatsSnapshot | null = null;
  private pending: StoredEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Db,
    hub: EventHub,
    private readonly activationTarget?: number,
  ) {
    this.unsubscribe = hub.subscribe((events) => this.onEvents(events));
    this.heartbeat = setInterval(() => this.broadcast(JSON.stringify({ type: 'heartbeat', at: new Date().toISOString() })), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size() {
    return this.viewers.size;
  }

  async snapshot(): Promise<StatsSnapshot> {
    this.last = await statsSnapshot(this.db, new Date(), this.activationTarget);
    return this.last;
  }

  async join(socket: WebSocket): Promise<void> {
    this.viewers.add(socket);
    socket.on('close', () => this.viewers.delete(socket));
    const snapshot = this.last && Date.now() - Date.parse(this.last.generatedAt) < COALESCE_MS ? this.last : await this.snapshot();
    this.send(socket, JSON.stringify({ type: 'snapshot', stats: snapshot }));
  }

  close() {
    this.unsubscribe();
    clearInterval(this.heartbeat);
    if (this.timer) clearTimeout(this.timer);
    for (const socket of this.viewers) socket.close(1001, 'server shutting down');
  }

  private onEvents(events: StoredEvent[]) {
    this.pending.push(...events);
    if (!this.timer) this.timer = setTimeout(() => void this.flush(), COALESCE_MS);
  }

  private async flush() {
    this.timer = null;
    const events = this.pending;
    this.pending = [];
    if (this.viewers.size === 0) {
      this.last = null;
      return;
    }
    const before = this.last;
    let after: StatsSnapshot;
    try {
      after = await this.snapshot();
    } catch {
      return;
    }
    const changed: Partial<StatsSnapshot> = {};
    for (const key of Object.keys(after) as Array<keyof StatsSnapshot>) {
      if (key === 'generatedAt' || key === 'ticker') continue;
      if (!before || JSON.stringify(before[key]) !== JSON.stringify(after[key])) (changed as Record<string, unknown>)[key] = after[key];
    }
    const ticker = events
      .filter((e) => e.type === 'sale.recorded' || e.type === 'activation.recorded')
      .map((e) => tickerItem({ id: e.id, type: e.type, data: e.data, created_at: e.createdAt }));
    this.broadcast(JSON.stringify({ type: 'delta', generatedAt: after.generatedAt, changed, ticker }));
  }

  private broadcast(message: string) {
    for (const socket of this.viewers) this.send(socket, message);
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
