import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors.js';

/** A plain HTTP request to a websocket route: say how to use it, in the standard error shape. */
export async function upgradeRequired(_request: FastifyRequest, reply: FastifyReply) {
  reply.header('upgrade', 'websocket');
  return sendError(reply, 426, {
    code: 'websocket_required',
    message: 'This route speaks WebSocket: open it with an Upgrade request',
  });
}
