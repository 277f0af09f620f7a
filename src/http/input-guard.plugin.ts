import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { badRequest } from './errors.js';

/**
 * Text Postgres cannot store (NUL) or that is not valid Unicode (a lone surrogate) is refused at the door with a 400,
 * and so is JSON nested deeper than any real request (recursive code further on must never meet it).
 * Provider webhooks opt out of the text rule (`config: { acceptAnyText: true }`): money that arrived is never
 * refused, so they clean such text instead (see cleanText).
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    acceptAnyText?: boolean;
  }
}

export const MAX_DEPTH = 32;
// Matching NUL is the point: Postgres refuses it in text, so it is found (and refused or removed) first.
// eslint-disable-next-line no-control-regex
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Removes NUL and lone surrogates, for text we must keep whatever it holds (bank memos). */
export function cleanText(text: string): string {
  return text.replaceAll('\u0000', '').toWellFormed();
}

// Only parsed data is walked (JSON, query strings, params): a streamed body (the CSV import) is a stream to read
// later, not data to inspect here.
const isPlainObject = (v: unknown): v is object =>
  !!v && typeof v === 'object' && typeof (v as { pipe?: unknown }).pipe !== 'function' && !Buffer.isBuffer(v);

/** Walks a parsed value without recursion; returns the problem found, if any. */
export function inspect(value: unknown, checkText: boolean): 'too_deep' | 'invalid_text' | null {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (checkText && BAD_TEXT.test(v)) return 'invalid_text';
    } else if (Array.isArray(v) || isPlainObject(v)) {
      if (depth >= MAX_DEPTH) return 'too_deep';
      for (const [k, child] of Object.entries(v)) {
        if (checkText && BAD_TEXT.test(k)) return 'invalid_text';
        stack.push({ v: child, depth: depth + 1 });
      }
    }
  }
  return null;
}

export default fp(
  async function inputGuardPlugin(app: FastifyInstance) {
    // A callback hook: the check never waits, so no promise per request.
    app.addHook('preValidation', (request, _reply, done) => {
      const checkText = request.routeOptions.config?.acceptAnyText !== true;
      for (const [part, value] of [
        ['body', request.body],
        ['query', request.query],
        ['params', request.params],
      ] as const) {
        const problem = inspect(value, checkText);
        if (problem === 'too_deep') {
          done(badRequest('too_deep', `The ${part} is nested deeper than ${MAX_DEPTH} levels`));
          return;
        }
        if (problem === 'invalid_text') {
          done(badRequest('invalid_text', `The ${part} holds a NUL character or invalid Unicode`));
          return;
        }
      }
      done();
    });
  },
  { name: 'input-guard' },
);
