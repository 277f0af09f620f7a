import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../db/index.js';

/**
 * Browsers cannot set headers on a websocket, so a merchant trades its key for a short-lived ticket in the URL.
 * Tickets are signed, so a forged one is refused without a database round trip, and recorded (a hash of their random
 * part) until spent: the database, shared by every instance, lets a ticket open one socket, once, on any instance,
 * and rotating the stall's key voids the ones not yet spent.
 */
export const TICKET_TTL_MS = 60_000;

export function issueTicket(
  secret: string,
  merchantId: string,
  nowMs = Date.now(),
): { ticket: string; expiresAt: string } {
  const expires = nowMs + TICKET_TTL_MS;
  const body = `${merchantId}.${expires}.${randomBytes(16).toString('base64url')}`;
  const mac = createHmac('sha256', secret).update(body).digest('base64url');
  return { ticket: `${body}.${mac}`, expiresAt: new Date(expires).toISOString() };
}

/** The merchant a ticket speaks for, or null when it is forged, mangled or expired (its signature and clock only). */
export function verifyTicket(secret: string, ticket: string, nowMs = Date.now()): string | null {
  const parts = ticket.split('.');
  if (parts.length !== 4) return null;
  const [merchantId, expires, nonce, mac] = parts;
  const expected = createHmac('sha256', secret).update(`${merchantId}.${expires}.${nonce}`).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (!(Number(expires) > nowMs)) return null;
  return merchantId;
}

const nonceHash = (ticket: string) =>
  createHash('sha256')
    .update(ticket.split('.')[2] ?? '')
    .digest('hex');

/** Issues a ticket and records it as unspent; expired unspent ones are cleared on the way (the table stays small). */
export async function issueStoredTicket(
  db: Executor,
  secret: string,
  merchantId: string,
): Promise<{ ticket: string; expiresAt: string }> {
  const issued = issueTicket(secret, merchantId);
  await db.deleteFrom('ws_tickets').where('expires_at', '<', new Date()).execute();
  await db
    .insertInto('ws_tickets')
    .values({ nonce_hash: nonceHash(issued.ticket), merchant_id: merchantId, expires_at: issued.expiresAt })
    .execute();
  return issued;
}

/**
 * Spends a ticket whose signature was verified: true once, for an unspent, unexpired ticket of that merchant. The
 * delete is the spend, so two sockets racing with one ticket (on one instance or two) cannot both win.
 */
export async function spendTicket(db: Executor, ticket: string, merchantId: string): Promise<boolean> {
  const spent = await db
    .deleteFrom('ws_tickets')
    .where('nonce_hash', '=', nonceHash(ticket))
    .where('merchant_id', '=', merchantId)
    .where('expires_at', '>', new Date())
    .returning('nonce_hash')
    .executeTakeFirst();
  return spent !== undefined;
}

/** Voids every unspent ticket of a merchant (its key was rotated): run inside the rotation's transaction. */
export async function voidTickets(trx: Executor, merchantId: string): Promise<void> {
  await trx.deleteFrom('ws_tickets').where('merchant_id', '=', merchantId).execute();
}
