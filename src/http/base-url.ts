import type { FastifyRequest } from 'fastify';

/** Where the public reaches this service: PUBLIC_URL when set, else the request's own scheme and host. */
export function baseUrlOf(request: FastifyRequest): string {
  const configured = request.server.config.PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}
