import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Browsers cannot set headers on a websocket, so a merchant trades its key for a short-lived ticket in the URL.
 * Tickets are signed (not stored), so any instance on the same database secret accepts them.
 */
export const TICKET_TTL_MS = 60_000;

export function issueTicket(secret: string, merchantId: string, nowMs = Date.now()): { ticket: string; expiresAt: string } {
  const expires = nowMs + TICKET_TTL_MS;
  const body = `${merchantId}.${expires}.${randomBytes(8).toString('base64url')}`;
  const mac = createHmac('sha256', secret).update(body).digest('base64url');
  return { ticket: `${body}.${mac}`, expiresAt: new Date(expires).toISOString() };
}

/** The merchant a ticket speaks for, or null when it is forged, mangled or expired. */
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
