import type { InjectOptions } from 'fastify';
import t from 'tap';
import { cassoDelivery, sandboxDelivery, SECRETS } from '../helpers/webhooks.js';
import { buildWorld, startLoggedApp } from './support.js';

/**
 * What the fuzzer (fuzz.test.ts) found, pinned as plain cases so each stays fixed: random runs find them often, not
 * always. Every request here must be answered with a 4xx in the standard `{ error: { code, message } }` shape
 * (or a success), never a 5xx, an empty body, Fastify's own error body or a response cut off mid-stream.
 */

const ctx = await startLoggedApp(t, SECRETS);
const world = await buildWorld(ctx);
const { ids, a } = world;
const admin = `Bearer ${world.adminToken}`;
const merchant = `Bearer ${a.apiKey}`;
const json = { 'content-type': 'application/json' };
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const cursor = (s: string) => Buffer.from(s).toString('base64url');
const ZERO = '00000000-0000-0000-0000-000000000000';
let seq = 0;

const CASES: Array<[string, () => InjectOptions]> = [
  // NUL characters reach Postgres text and jsonb columns ("invalid byte sequence for encoding UTF8: 0x00").
  [
    'NUL in a stall name',
    () => ({
      method: 'POST',
      url: '/api/v1/merchants',
      headers: { authorization: admin },
      payload: {
        stallCode: `NL-${++seq}`,
        name: 'Phở\u0000',
        category: 'food',
        ward: 'W',
        payout: { bin: '970436', accountNumber: '1234567' },
        taxMethod: 'household',
      },
    }),
  ],
  [
    'NUL in a team name',
    () => ({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { authorization: admin },
      payload: { name: `Tổ\u0000${++seq}`, ward: 'W' },
    }),
  ],
  [
    'NUL in a payment request description',
    () => ({
      method: 'POST',
      url: '/api/v1/payment-requests',
      headers: { authorization: merchant },
      payload: { amount: 1000, description: 'a\u0000' },
    }),
  ],
  [
    'NUL in a sale item name',
    () => ({
      method: 'POST',
      url: '/api/v1/sales',
      headers: { authorization: merchant },
      payload: { amount: 1000, method: 'cash', items: [{ name: 'a\u0000', quantity: 1, unitPrice: 1000 }] },
    }),
  ],
  [
    'NUL in a buyer name (sale)',
    () => ({
      method: 'POST',
      url: '/api/v1/sales',
      headers: { authorization: merchant },
      payload: { amount: 1000, method: 'cash', buyer: { name: '\u0000Công ty A' } },
    }),
  ],
  [
    'NUL in a buyer name on a receipt (public)',
    () => ({ method: 'POST', url: `/i/${ids.lookupA}/buyer`, payload: { name: 'A\u0000' } }),
  ],
  [
    'NUL in an activation ward',
    () => ({
      method: 'POST',
      url: '/api/v1/activations',
      headers: { authorization: admin },
      payload: { provider: 'viettel_money', phone: '0912345678', ward: 'W\u0000' },
    }),
  ],
  [
    'NUL in the merchants cursor',
    () => ({ method: 'GET', url: '/api/v1/merchants?cursor=%00', headers: { authorization: admin } }),
  ],
  [
    'NUL in the teams ward filter',
    () => ({ method: 'GET', url: '/api/v1/teams?ward=%00', headers: { authorization: admin } }),
  ],
  [
    'NUL in the activations ward filter',
    () => ({ method: 'GET', url: '/api/v1/activations?ward=%00', headers: { authorization: admin } }),
  ],
  [
    'NUL in the activations CSV ward filter (the stream dies after the 200 header)',
    () => ({ method: 'GET', url: '/api/v1/activations.csv?ward=%00', headers: { authorization: admin } }),
  ],
  [
    'NUL in a signed sandbox notification memo',
    () => {
      const d = sandboxDelivery({ accountNumber: '1234567', amount: 1000, description: 'x\u0000' });
      return { method: 'POST', url: '/webhooks/sandbox', headers: d.headers, payload: d.body };
    },
  ],
  [
    'NUL in a signed Casso notification account',
    () => {
      const d = cassoDelivery({ accountNumber: '1234567\u0000', amount: 1000, description: 'x' });
      return { method: 'POST', url: '/webhooks/casso', headers: d.headers, payload: d.body };
    },
  ],

  // Lone surrogates are valid JSON escapes but not valid jsonb.
  [
    'a lone surrogate in a sale item name',
    () => ({
      method: 'POST',
      url: '/api/v1/sales',
      headers: { authorization: merchant, ...json },
      payload: '{"amount":1000,"method":"cash","items":[{"name":"a\\ud800","quantity":1,"unitPrice":1000}]}',
    }),
  ],
  [
    'a lone surrogate in a payment request item',
    () => ({
      method: 'POST',
      url: '/api/v1/payment-requests',
      headers: { authorization: merchant, ...json },
      payload: '{"amount":1000,"items":[{"name":"\\udfff","quantity":1,"unitPrice":1000}]}',
    }),
  ],

  // Dates JavaScript accepts but the database does not: before 4713 BC on both; year 0 and years past 294276 on
  // PGlite only (pg writes year 0 as 1 BC; PGlite's serialisation does not).
  [
    'a payments cursor in year 0',
    () => ({
      method: 'GET',
      url: `/api/v1/payments?cursor=${cursor(`0000-01-01T00:00:00.000Z|${ZERO}`)}`,
      headers: { authorization: admin },
    }),
  ],
  [
    'a sales cursor in year -271821',
    () => ({
      method: 'GET',
      url: `/api/v1/sales?cursor=${cursor(`-271821-04-20T00:00:00.000Z|${ZERO}`)}`,
      headers: { authorization: merchant },
    }),
  ],
  [
    'an invoices cursor in year +275760',
    () => ({
      method: 'GET',
      url: `/api/v1/invoices?cursor=${cursor(`+275760-09-13T00:00:00.000Z|${ZERO}`)}`,
      headers: { authorization: admin },
    }),
  ],
  [
    'sales from day 0000-01-01',
    () => ({ method: 'GET', url: '/api/v1/sales?from=0000-01-01', headers: { authorization: merchant } }),
  ],
  [
    'the sales CSV to day 0000-01-01',
    () => ({ method: 'GET', url: '/api/v1/sales.csv?to=0000-01-01', headers: { authorization: admin } }),
  ],

  // Deep nesting: recursive code (the Idempotency-Key body hash, Casso's key sorting) overflows the stack.
  [
    'a 5,000-deep body with an Idempotency-Key on a route without a body schema',
    () => ({
      method: 'POST',
      url: '/api/v1/ws-tickets',
      headers: { authorization: merchant, 'idempotency-key': `deep-${++seq}`, ...json },
      payload: deep(5000),
    }),
  ],
  [
    'the same on cancel',
    () => ({
      method: 'POST',
      url: `/api/v1/payment-requests/${ids.prA}/cancel`,
      headers: { authorization: merchant, 'idempotency-key': `deep-${++seq}`, ...json },
      payload: deep(5000),
    }),
  ],
  [
    'the same on an unknown path, with no credential at all',
    () => ({
      method: 'POST',
      url: '/no/such/route',
      headers: { 'idempotency-key': `deep-${++seq}`, ...json },
      payload: deep(5000),
    }),
  ],
  [
    'an unsigned 10,000-deep body to the Casso webhook (any well-formed signature header)',
    () => ({
      method: 'POST',
      url: '/webhooks/casso',
      headers: { ...json, 'x-casso-signature': `t=${Date.now()},v1=00` },
      payload: deep(10_000),
    }),
  ],

  // The receipt's lookup URL (and its QR) are built from the request's host.
  [
    'a 3,000-character X-Forwarded-Host on a receipt',
    () => ({ method: 'GET', url: `/i/${ids.lookupA}`, headers: { 'x-forwarded-host': 'a'.repeat(3000) } }),
  ],

  // Rejections outside the standard error shape.
  [
    'a broken percent escape in the path',
    () => ({ method: 'GET', url: '/api/v1/merchants/%zz', headers: { authorization: admin } }),
  ],
  [
    'a broken percent escape in a public path',
    () => ({ method: 'POST', url: '/webhooks/%E0%A4%A', headers: json, payload: '{}' }),
  ],
  ['a path parameter over 100 characters', () => ({ method: 'GET', url: `/i/${'a'.repeat(101)}` })],
  ['GET /ws/board without an Upgrade', () => ({ method: 'GET', url: '/ws/board' })],
  ['GET /ws/merchant without an Upgrade', () => ({ method: 'GET', url: '/ws/merchant?ticket=x' })],
];

for (const [name, build] of CASES) {
  t.test(name, async (t) => {
    const request = build();
    ctx.errors.length = 0;
    let res;
    try {
      res = await ctx.app.inject(request);
    } catch (error) {
      t.fail(`no complete response: ${(error as Error).message}`, { logged: ctx.errors });
      return;
    }
    t.ok(res.statusCode < 500, `not a ${res.statusCode}`, { logged: ctx.errors });
    if (res.statusCode >= 400) {
      let body: any;
      try {
        body = JSON.parse(res.body);
      } catch {
        body = res.body;
      }
      t.match(body, { error: { code: String, message: String } }, 'the standard error shape', {
        status: res.statusCode,
        body: res.body.slice(0, 200),
      });
    }
  });
}

t.test('after all that the app is up', async (t) => {
  t.equal((await ctx.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  t.equal((await ctx.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
});
