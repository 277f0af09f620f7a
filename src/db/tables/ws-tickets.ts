import type { Timestamp } from '../timestamp.js';

/** Unspent websocket tickets, by a hash of their random part: spending deletes the row, so a ticket opens one socket. */
export interface WsTicketsTable {
  nonce_hash: string;
  merchant_id: string;
  expires_at: Timestamp;
}

export interface WsTicketTables {
  ws_tickets: WsTicketsTable;
}
