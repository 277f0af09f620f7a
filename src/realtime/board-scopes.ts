import type { WebSocket } from 'ws';
import { BoardBroadcaster, type BoardSnapshot, type ScopeBoard } from './board-broadcaster.js';
import type { StoredEvent } from './events.repository.js';
import { SnapshotLane } from './snapshot-lane.js';
import type { EventHub } from './hub.plugin.js';

/** The scope of everything: it receives every event, stall or not. */
export const ALL_SCOPES = 'all';

/**
 * What the boards show. The app supplies it (the stats module's figures): realtime knows how to fan a board out to
 * its viewers by scope, not what a board counts or what a site is, so it depends on no feature module.
 */
export interface BoardSource<S extends BoardSnapshot> {
  /**
   * The scope a viewer's query names (`{}`: everything), as a key and its board; throws an HTTP error (404
   * `unknown_site`, `unknown_province`) for a scope that does not exist, which refuses the upgrade.
   */
  scope(query: Record<string, string | undefined>): Promise<{ key: string } & ScopeBoard<S>>;
  /** The scope keys (other than ALL_SCOPES) of each stall: its site's and its province's. */
  scopesOf(merchantIds: readonly string[]): Promise<Map<string, readonly string[]>>;
}

/**
 * The boards by scope: viewers of one scope share one BoardBroadcaster, so each delta is built and serialised once
 * per scope per tick, not per viewer. One hub subscription routes each batch of events: a stall's events go to the
 * national board and to its site's and province's boards (if anyone watches them), events of no stall to the national
 * board only. A viewer of site A therefore never receives site B's sale. Batches are routed in commit order.
 */
export class BoardScopes<S extends BoardSnapshot> {
  private readonly boards = new Map<string, BoardBroadcaster<S>>();
  /** Every scope's figures are computed in one lane, one at a time (snapshot-lane.ts). */
  private readonly lane = new SnapshotLane();
  private routing: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly source: BoardSource<S>,
    hub: EventHub,
  ) {
    this.unsubscribe = hub.subscribe((events) => {
      this.routing = this.routing.then(() => this.route(events)).catch(() => {});
    });
  }

  /** Viewers per scope key (observability, and the tests). */
  get sizes(): Map<string, number> {
    return new Map([...this.boards].map(([key, board]) => [key, board.size]));
  }

  /** Resolves the viewer's scope (throws for an unknown one): call before the upgrade. */
  resolve(query: Record<string, string | undefined>) {
    return this.source.scope(query);
  }

  join(scope: { key: string } & ScopeBoard<S>, socket: WebSocket): Promise<void> {
    let board = this.boards.get(scope.key);
    if (!board) {
      board = new BoardBroadcaster(scope, this.lane);
      this.boards.set(scope.key, board);
    }
    return board.join(socket);
  }

  close() {
    this.unsubscribe();
    for (const board of this.boards.values()) board.close();
  }

  private async route(events: StoredEvent[]) {
    const watched = [...this.boards.keys()].some((key) => key !== ALL_SCOPES);
    const stalls = events.flatMap((e) => (e.merchantId ? [e.merchantId] : []));
    const scopes = watched && stalls.length ? await this.source.scopesOf(stalls) : new Map<string, string[]>();
    const byScope = new Map<string, StoredEvent[]>([[ALL_SCOPES, events]]);
    for (const event of events) {
      for (const key of (event.merchantId && scopes.get(event.merchantId)) || []) {
        if (!this.boards.has(key)) continue;
        const list = byScope.get(key);
        if (list) list.push(event);
        else byScope.set(key, [event]);
      }
    }
    for (const [key, list] of byScope) this.boards.get(key)?.receive(list);
  }
}
