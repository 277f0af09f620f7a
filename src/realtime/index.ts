/**
 * Realtime: the events outbox, the feed that reads it by commit visibility, the hub, the board and merchant
 * websocket channels, their tickets and the per-address socket cap. Modules that write events import from here;
 * the app composes the hub and channels from `plugins.ts`.
 */
export { appendEvents, writeEvents, eventRow, type NewEvent, type StoredEvent } from './events.repository.js';
export type { EventType, EventTables } from './events.table.js';
export type { WsTicketTables } from './ws-tickets.table.js';
export { voidTickets, issueTicket, TICKET_TTL_MS } from './ws-tickets.js';
export { EventFeed } from './event-feed.js';
