import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import type { Db, Executor } from '../db/index.js';
import { badRequest, conflict } from './errors.js';
import { storableAnswer } from './stored-answer.js';

/**
 * Idempotency-Key on POST routes (Stripe's model): the first request with a key reserves it; a repeat of the same
 * request (same path, same body) gets the first response again; the key with another path or body is a 409: a refund
 * of sale B under the key of sale A's refund must not answer with A's refund while B is never refunded. A repeat that arrives while the first is
 * still running waits for it, so concurrent retries have one effect. Keys are kept for 48 hours.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set to false on routes with their own deduplication (provider webhooks). */
    idempotency?: boolean;
    /** Top-level fields of the answer that hold a secret shown once (a key, a token): never kept for a replay. */
    oneTimeSecrets?: readonly string[];
  }
  interface FastifyRequest {
    idempotency: { scope: string; key: string; saved?: boolean } | null;
  }
}

const HEADER = 'idempotency-key';
const LOCK_SECONDS = 60; // a reservation whose request died is taken over after this
const WAIT_MS = 10_000;
export const KEEP_HOURS = 48;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function scopeOf(request: FastifyRequest): string {
  const p = request.principal;
  const who = p!.kind === 'staff' ? `staff:${p!.staffId}` : `merchant:${p!.merchantId}`;
  return `${who} ${request.method} ${request.routeOptions.url}`;
}

/**
 * What a repeat must match: the request's path (the ids in it, not the query string) and its body. `legacy` is the
 * body-only hash that keys stored before the path counted were saved with: a retry of one of those (kept 48 hours)
 * still replays instead of being refused as another request, and a client told "different request" by mistake
 * could book a cash sale or refund twice with a fresh key.
 */
function requestHashes(request: FastifyRequest): { hash: string; legacy: string } {
  const body = canonical(request.body ?? null);
  const path = request.url.split('?')[0];
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  return { hash: sha(`${path}\n${body}`), legacy: sha(body) };
}

async function reserve(
  db: Db,
  scope: string,
  key: string,
  { hash, legacy }: { hash: string; legacy: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ scope, key, request_hash: hash, locked_until: sql<Date>`now() + make_interval(secs => ${LOCK_SECONDS})` })
    .onConflict((oc) =>
      // Take over a reservation whose request died (never completed, lock expired).
      oc
        .columns(['scope', 'key'])
        .doUpdateSet({ locked_until: sql<Date>`now() + make_interval(secs => ${LOCK_SECONDS})` })
        .where('idempotency_keys.status_code', 'is', null)
        .where('idempotency_keys.locked_until', '<', sql<Date>`now()`)
        .where('idempotency_keys.request_hash', 'in', [hash, legacy]),
    )
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

async function replayWhenDone(
  db: Db,
  scope: string,
  key: string,
  { hash, legacy }: { hash: string; legacy: string },
  reply: FastifyReply,
) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const row = await db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status_code', 'content_type', 'response_body'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    if (row && row.request_hash !== hash && row.request_hash !== legacy) {
      throw conflict(
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different request (another path or body)',
      );
    }
    if (row && row.status_code !== null) {
      reply.header('idempotent-replayed', 'true');
      if (row.content_type) reply.type(row.content_type);
      return reply.code(row.status_code).send(row.response_body ?? '');
    }
    if (!row || Date.now() > deadline) {
      throw conflict(
        'idempotency_key_in_progress',
        'A request with this Idempotency-Key is still being processed; retry',
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

const secretFieldsOf = (request: FastifyRequest) => request.routeOptions.config?.oneTimeSecrets ?? [];

export default fp(
  async function idempotencyPlugin(app: FastifyInstance) {
    app.decorateRequest('idempotency', null);

    async function holdKey(request: FastifyRequest, reply: FastifyReply, key: string | string[]) {
      if (typeof key !== 'string' || key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
        throw badRequest('invalid_idempotency_key', 'Idempotency-Key must be 1-255 printable ASCII characters');
      }
      const scope = scopeOf(request);
      // The key is scoped to the route; the concrete path (with the ids in it) is part of what must repeat.
      const hashes = requestHashes(request);
      if (await reserve(app.db, scope, key, hashes)) {
        request.idempotency = { scope, key };
        return;
      }
      await replayWhenDone(app.db, scope, key, hashes, reply);
    }

    // Callback hooks that call the database only for a request with a key: most requests (a dynamic QR, say) carry
    // none, and an async hook would cost them a promise each for nothing. A replay sends the reply itself, and then
    // `done` is not called: nothing more is to run for that request.
    app.addHook('preHandler', (request, reply, done) => {
      // Keys are scoped to a caller: anonymous requests (public routes, unknown paths) have none to scope them to.
      const key = request.headers[HEADER];
      if (
        key === undefined ||
        request.method !== 'POST' ||
        request.routeOptions.config?.idempotency === false ||
        !request.principal ||
        !request.routeOptions.url
      ) {
        done();
        return;
      }
      holdKey(request, reply, key).then(() => {
        if (!reply.sent) done();
      }, done);
    });

    async function settle(
      held: { scope: string; key: string },
      request: FastifyRequest,
      reply: FastifyReply,
      payload: unknown,
    ) {
      if (reply.statusCode >= 500 || typeof payload !== 'string') {
        // Nothing durable to replay: free the key so the client's retry runs again.
        await app.db
          .deleteFrom('idempotency_keys')
          .where('scope', '=', held.scope)
          .where('key', '=', held.key)
          .execute();
        return;
      }
      await app.db
        .updateTable('idempotency_keys')
        .set({
          status_code: reply.statusCode,
          content_type: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
          response_body: storableAnswer(payload, secretFieldsOf(request)),
        })
        .where('scope', '=', held.scope)
        .where('key', '=', held.key)
        .execute();
    }

    app.addHook('onSend', (request, reply, payload, done) => {
      const held = request.idempotency;
      if (!held || held.saved) {
        done(null, payload); // saved with the change itself: nothing more to do
        return;
      }
      request.idempotency = null;
      settle(held, request, reply, payload).then(() => done(null, payload), done);
    });
  },
  { name: 'idempotency', dependencies: ['database', 'auth'] },
);

/** Drops keys past their retention; the server calls this hourly. */
export async function purgeIdempotencyKeys(db: Db): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${KEEP_HOURS})`)
    .execute();
}

/**
 * Saves a route's answer inside the transaction of the change it reports, so the change and its answer commit
 * together: a crash between them can no longer leave a committed change whose key a retry would run again.
 * Routes whose effect is money (cash sales, refunds) call it; elsewhere the answer is saved after sending.
 */
export async function saveIdempotentAnswer(
  trx: Executor,
  request: FastifyRequest,
  statusCode: number,
  body: unknown,
): Promise<void> {
  const held = request.idempotency;
  if (!held) return;
  await trx
    .updateTable('idempotency_keys')
    .set({
      status_code: statusCode,
      content_type: 'application/json; charset=utf-8',
      response_body: storableAnswer(JSON.stringify(body), secretFieldsOf(request)),
    })
    .where('scope', '=', held.scope)
    .where('key', '=', held.key)
    .execute();
  held.saved = true;
}
