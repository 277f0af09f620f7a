/**
 * Realtime: the events outbox, the feed that reads it by commit visibility, the hub, the board and merchant
 * websocket channels, their tickets and the per-address socket cap.
 *
 * Modules that change money write their events here (`appendEvents`, `writeEvents`, `eventRow`) inside their own
 * transaction; the commit wakes the feed by itself, so no route publishes by hand. The board shows what the app
 * gives it as a `BoardSource` (the stats module's figures), so realtime depends on no feature module.
 */
export { appendEvents, writeEvents, eventRow, type NewEvent, type StoredEvent } from './events.repository.js';
export { voidTickets, issueTicket, TICKET_TTL_MS } from './ws-tickets.js';
export { EventFeed } from './event-feed.js';
export { default as hubPlugin, type EventHub } from './hub.plugin.js';
export { default as socketCapPlugin } from './socket-cap.js';
export { boardRoutes } from './board.routes.js';
export type { BoardSnapshot, ScopeBoard } from './board-broadcaster.js';
export { ALL_SCOPES, type BoardSource } from './board-scopes.js';
export { merchantFeedRoutes } from './merchant-feed.routes.js';
