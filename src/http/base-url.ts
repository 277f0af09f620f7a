import type { FastifyRequest } from 'fastify';
import { badRequest } from './errors.js';

/** Where the public reaches this service: PUBLIC_URL when set, else the request's own scheme and host. */
export function baseUrlOf(request: FastifyRequest): string {
  const configured = request.server.config.PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, '');
  // Without PUBLIC_URL the link follows the Host the client used: only a plain host name or address is accepted.
  const host = request.host;
  if (!/^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/.test(host)) {
    throw badRequest('invalid_host', 'The Host header is not a valid host name; set PUBLIC_URL');
  }
  return `${request.protocol}://${host}`;
}
