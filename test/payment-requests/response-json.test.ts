import fc from 'fast-check';
import { serializerCompiler } from 'fastify-type-provider-zod';
import t from 'tap';
import { paymentRequestResponse } from '../../src/payment-requests/payment-requests.schemas.js';
import { paymentRequestSerializerCompiler } from '../../src/payment-requests/response-json.js';

// The hot route's own serializer against the app's default (zod's check, then JSON.stringify): the same bytes for
// every answer zod accepts, and zod's refusal for every answer it does not.
const route = { schema: paymentRequestResponse, method: 'POST', url: '/api/v1/payment-requests', httpStatus: '201' };
const fast = paymentRequestSerializerCompiler(route);
const zod = serializerCompiler(route);

const outcome = (serialize: (data: unknown) => string, data: unknown) => {
  try {
    return { json: serialize(data) };
  } catch (error) {
    return { error: (error as Error).name };
  }
};

// Text with what JSON must escape (quotes, backslashes, controls, lone surrogates) and what it must not (Vietnamese).
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('Bánh cuốn', ' padded ', '', 'a"b\\c\n', '\ud800', '<svg d="M4 4.5h7"/>'),
);
/** Mostly what the schema accepts, sometimes what it refuses. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: good, weight: 9 }, { arbitrary: bad, weight: 1 });

const item = fc.record(
  {
    name: text,
    quantity: mostly(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(0, 1.5, 100_001)),
    unitPrice: mostly(fc.integer({ min: 0, max: 500_000_000 }), fc.constantFrom(-1, 500_000_001)),
    unit: text,
    vatRate: mostly(fc.constantFrom('0%', '5%', '8%', '10%', 'KCT', 'KKKNT'), fc.constant('7%')),
    extra: fc.constant('not in the schema'),
  },
  { requiredKeys: ['name', 'quantity', 'unitPrice'] },
);
const answer = fc.record(
  {
    id: fc.uuid(),
    merchantId: fc.uuid(),
    reference: fc.constantFrom('CS7K3M9QXA', 'CSAAAAAAAA'),
    amount: mostly(fc.integer({ min: 1, max: 2_000_000_000 }), fc.constant('25000')),
    description: fc.option(text),
    items: fc.option(fc.array(item, { maxLength: 3 })),
    status: mostly(fc.constantFrom('pending', 'paid', 'expired', 'cancelled'), fc.constant('refunded')),
    expiresAt: fc.constant('2026-12-08T00:30:00.000Z'),
    paidAt: fc.option(fc.constant('2026-12-08T00:20:00.000Z')),
    createdAt: fc.constant('2026-12-08T00:15:00.000Z'),
    qr: fc.record(
      {
        payload: text,
        svg: fc.option(text, { nil: undefined }),
        svgUrl: fc.constant('/api/v1/payment-requests/x/qr.svg'),
        pngUrl: fc.constant('/api/v1/payment-requests/x/qr.png'),
      },
      { requiredKeys: ['payload', 'svgUrl', 'pngUrl'] },
    ),
  },
  { requiredKeys: ['id', 'merchantId', 'reference', 'amount', 'description', 'items', 'status'] },
);

t.test('the same JSON as zod for any answer, or the same refusal', async (t) => {
  let written = 0;
  fc.assert(
    fc.property(answer, (data) => {
      const mine = outcome(fast, data);
      if (mine.json) written++;
      return JSON.stringify(mine) === JSON.stringify(outcome(zod, data));
    }),
    { numRuns: 2000 },
  );
  t.ok(written > 200, `answers written (not refused): ${written} of 2000`);
});

t.test('a typical answer with its SVG is written by the fast path, key order as the schema', async (t) => {
  const data = {
    id: '0193a1b2-0000-7000-8000-000000000001',
    merchantId: '0193a1b2-0000-7000-8000-000000000002',
    reference: 'CS7K3M9QXA',
    amount: 45000,
    description: null,
    items: [{ vatRate: '8%', unitPrice: 22500, quantity: 2, name: 'Bánh cuốn' }], // jsonb's key order
    status: 'pending',
    expiresAt: '2026-12-08T00:30:00.000Z',
    paidAt: null,
    createdAt: '2026-12-08T00:15:00.000Z',
    qr: { payload: '000201…', svg: '<svg a="b"></svg>\n', svgUrl: '/u.svg', pngUrl: '/u.png' },
  };
  t.equal(fast(data), zod(data));
  t.equal(
    fast(data),
    '{"id":"0193a1b2-0000-7000-8000-000000000001","merchantId":"0193a1b2-0000-7000-8000-000000000002",' +
      '"reference":"CS7K3M9QXA","amount":45000,"description":null,' +
      '"items":[{"name":"Bánh cuốn","quantity":2,"unitPrice":22500,"vatRate":"8%"}],"status":"pending",' +
      '"expiresAt":"2026-12-08T00:30:00.000Z","paidAt":null,"createdAt":"2026-12-08T00:15:00.000Z",' +
      '"qr":{"payload":"000201…","svg":"<svg a=\\"b\\"></svg>\\n","svgUrl":"/u.svg","pngUrl":"/u.png"}}',
  );
});
