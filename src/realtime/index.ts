/**
 * Realtime: the events outbox, the feed that reads it by commit visibility, the hub, the board and merchant
 * websocket channels, their tickets and the per-address socket cap. Other modules import from here only.
 */
export { appendEvents, writeEvents, eventRow, type NewEvent, type StoredEvent } from './events.repository.js';
export type { EventType, EventTables } from './events.table.js';
export type { WsTicketTables } from './ws-tickets.table.js';
export { voidTickets, issueTicket, TICKET_TTL_MS } from './ws-tickets.js';
export { default as hubPlugin, type EventHub } from './hub.plugin.js';
export { default as socketCapPlugin } from './socket-cap.js';
export { boardRoutes } from './board.routes.js';
export { merchantFeedRoutes } from './merchant-feed.routes.js';
export { EventFeed } from './event-feed.js';
