import { randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { AppError } from './errors.js';

/**
 * Security headers on every response, a content-security policy the pages satisfy (scripts only from us or with the
 * response's nonce), and per-IP rate limits that public routes opt into with `config: { rateLimit: publicRateLimit }`.
 */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Inline <style> blocks carry the nonce; style="" attributes are refused, so text that reaches a page as markup
    // (a ward name, say) cannot restyle it even if some code path ever parsed it as HTML.
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "connect-src 'self' ws: wss:",
    "media-src 'self' blob: mediastream:",
    // The stall app's service worker (/m/sw.js) and web app manifest: from this origin only.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Helmet's headers, less the content-security policy (set per response in `onSend`, with a nonce on pages). */
const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: false,
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: { policy: 'same-origin' },
};

/**
 * The headers helmet sets for `options`, found once by running its middleware against a response of our own that is
 * never sent, and reading them back from it. Without a content-security policy none of them depends on the request, so every response gets the same set;
 * running helmet per request (as @fastify/helmet does, rebuilding the middleware each time) cost about 4% of the
 * server's CPU on a payment webhook. The one header helmet removes, X-Powered-By, Node never sets.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  if (options.contentSecurityPolicy !== false)
    throw new Error('helmetHeaders: a content-security policy may depend on the request');
  // A response of our own, never sent: helmet sets headers on it, and they are read back.
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  helmet(options)(request, response, (error?: unknown) => {
    if (error)
      throw error instanceof Error
        ? error
        : new Error('helmet could not compute the security headers', { cause: error });
  });
  return Object.fromEntries(Object.entries(response.getHeaders()).map(([name, value]) => [name, String(value)]));
}

/** Gives every inline <script> and <style> of an HTML page this response's nonce. */
function withNonce(html: string, nonce: string): string {
  return html.replace(/<(script|style)(?![^>]*\bnonce=)(?=[\s>])/g, `<$1 nonce="${nonce}"`);
}

export default fp(
  async function securityPlugin(app: FastifyInstance) {
    const securityHeaders = helmetHeaders(HELMET_OPTIONS);
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(securityHeaders);
      done();
    });
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new AppError(
          429,
          'rate_limited',
          `Too many requests: at most ${context.max} per ${context.after}; try again later`,
        ),
    });

    // A callback hook, not an async one: it runs on every answer and never waits, so no promise per answer.
    app.addHook('onSend', (request, reply: FastifyReply, payload, done) => {
      if (reply.hasHeader('content-security-policy') || request.url.startsWith('/docs')) {
        done(null, payload);
        return;
      }
      const type = String(reply.getHeader('content-type') ?? '');
      if (type.startsWith('text/html') && typeof payload === 'string') {
        const nonce = randomBytes(16).toString('base64');
        reply.header('content-security-policy', pageCsp(nonce));
        done(null, withNonce(payload, nonce));
        return;
      }
      reply.header('content-security-policy', API_CSP);
      done(null, payload);
    });
  },
  { name: 'security' },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** The per-IP limit public routes use (from PUBLIC_RATE_LIMIT per minute; 0 switches limits off). */
    publicRateLimit: { max: number; timeWindow: number } | false;
  }
}
