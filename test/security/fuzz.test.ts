import fc from 'fast-check';
import t from 'tap';
import { signCasso, signPayos, signSandbox } from '../../src/payments/providers/index.js';
import {
  fromOpenApiPath,
  ROUTES,
  routeKey,
  routerRoutes,
  STATIC_PREFIXES,
  type CatalogRoute,
  type ParamKind,
} from '../helpers/route-catalog.js';
import { cassoDelivery, payosDelivery, sandboxDelivery, SECRETS, sepayDelivery } from '../helpers/webhooks.js';
import { buildWorld, startLoggedApp } from './support.js';

/**
 * Property-based fuzzing of every route with malformed requests: bodies (random JSON, mutated valid bodies, huge and
 * negative-zero numbers, 1000-level nesting, odd Unicode, > 1 MB payloads, wrong types, broken JSON), headers
 * (junk Authorization, Idempotency-Key, content types), path parameters and query strings. A share of the runs
 * carries a valid credential for the route, and signed webhook bodies, so validation and handlers are reached too.
 *
 * Asserted for every request: no 5xx, and every 4xx answers `{ error: { code, message } }`. At the end the app still
 * answers /healthz and /readyz. A failing request is shrunk by fast-check to a small reproduction; each distinct
 * failure (route, status, internal error) is reported once with its count, and the fuzzing of that route goes on,
 * so one known bug does not hide the next. FUZZ_SEED replays a run; FUZZ_SCALE (default 1) scales the run counts.
 */

// 170 routes fuzzed one after another: about 50 s alone, but more than the default 120 s beside the other files.
t.setTimeout(600_000);

const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SHRINK_BUDGET = 150; // requests spent shrinking one failure
const MAX_DISTINCT_FAILURES = 8; // per route

const ctx = await startLoggedApp(t, SECRETS);
const world = await buildWorld(ctx);
const { ids } = world;
// Revoke routes get this one, not the staff member whose token the fuzzer uses (made before the first subtest: the top
// level must not wait on I/O between subtests).
const spareStaffId: string = (
  await ctx.call({
    method: 'POST',
    url: '/api/v1/staff',
    token: world.adminToken,
    payload: { name: 'Cán bộ dự phòng', role: 'staff' },
  })
).body.staff.id;
let total = 0;

// ---------------------------------------------------------------------------------------------------------------
// The catalog is complete and current.

t.test('the route catalog lists exactly the routes the app serves', async (t) => {
  const catalog = new Set(ROUTES.map((r) => routeKey(r.method, r.url)));
  const served = routerRoutes(ctx.app);
  t.ok(served.length > 30, `read ${served.length} routes from the router`);
  const isStatic = (url: string) => STATIC_PREFIXES.some((p) => url.startsWith(p));
  const missing = served
    .filter((r) => !isStatic(r.url) && !catalog.has(routeKey(r.method, r.url)))
    .map((r) => routeKey(r.method, r.url));
  t.same(missing, [], 'every route the app serves is in test/helpers/route-catalog.ts');
  const servedKeys = new Set(served.map((r) => routeKey(r.method, r.url)));
  t.same(
    [...catalog].filter((k) => !servedKeys.has(k)),
    [],
    'every catalog route exists',
  );

  const doc = await ctx.call({ method: 'GET', url: '/docs/json' });
  t.equal(doc.status, 200);
  const documented = new Set<string>();
  for (const [path, operations] of Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(operations)) documented.add(routeKey(method.toUpperCase(), fromOpenApiPath(path)));
  }
  t.same(
    [...documented].filter((k) => !catalog.has(k)),
    [],
    'every route in the OpenAPI document is in the catalog',
  );
  t.same(
    ROUTES.filter((r) => r.documented && !documented.has(routeKey(r.method, r.url))).map((r) =>
      routeKey(r.method, r.url),
    ),
    [],
    'every catalog route marked documented is in the OpenAPI document',
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Generators.

/** A JSON literal written as is: -0, 1e999, 2^53 + 1 and deep nesting cannot all be produced by JSON.stringify. */
class Raw {
  constructor(readonly text: string) {}
  toString() {
    if (typeof this.text !== 'string') return 'Raw(?)';
    return this.text.length > 80 ? `Raw(${this.text.slice(0, 40)}…${this.text.length} chars)` : `Raw(${this.text})`;
  }
}

function toJson(value: unknown): string {
  if (value instanceof Raw && Object.hasOwn(value, 'text')) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : toJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const deepArray = (n: number) => new Raw('['.repeat(n) + ']'.repeat(n));
const deepObject = (n: number) => new Raw('{"a":'.repeat(n) + '1' + '}'.repeat(n));
const OVERSIZE = new Raw(JSON.stringify('x'.repeat(1024 * 1024 + 100)));
const OVERSIZE_ARRAY = new Raw(`[${'0,'.repeat(600_000)}0]`);

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '\u202eevil\u202c',
  '\u200f\u200e',
  '\u200b\u200d',
  '\ufeff',
  '😀👨‍👩‍👧',
  'e\u0301\u0301\u0301',
  '\uffff\ufffe',
  '\u2028\u2029',
  '\r\n',
  '\t',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '%00',
  '%2F',
  'ＫＤ－００１',
  '٠١٢٣٤٥٦٧٨٩',
  'null',
  'undefined',
  'true',
  '-0',
  'NaN',
  'Infinity',
  '1e308',
  '0x1F',
  ' 1 ',
  '__proto__',
  'constructor',
  'Bánh cuốn',
  'Phường Thục Phán',
  'x'.repeat(300),
];

const ODD_CHARS = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\u202e',
  '\u200f',
  '\u200b',
  '\ufeff',
  '😀',
  '\u0301',
  '\uffff',
  '\u2028',
  '\r\n',
  '"',
  '\\',
  "'",
  '%00',
  '\u0085',
  '\u00a0',
  'İ',
  'ß',
];
const oddChar = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '\ud800',
      '\udbff',
      '\udc00',
      '\udfff',
      '\u0000',
      '\u202e',
      '\u200b',
      '\ufeff',
      '"',
      '\\',
      '\n',
    ),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
);
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 4, arbitrary: fc.string({ unit: oddChar, maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('é'.repeat(5000), 'a'.repeat(70_000), '\u0000'.repeat(1000)) },
  { weight: 1, arbitrary: fc.uuid() },
);
const numbers = fc.constantFrom<unknown>(
  0,
  1,
  -1,
  1.5,
  0.1,
  1e308,
  -1e308,
  2 ** 53,
  500_000_001,
  100_000_001,
  86_401,
  29,
  5e-324,
  2 ** 31,
  -(2 ** 31),
  new Raw('-0'),
  new Raw('1e999'),
  new Raw('-1e999'),
  new Raw('9007199254740993'),
  new Raw('1E+2'),
  new Raw('-0.0'),
  new Raw('123456789012345678901234567890'),
  new Raw('1.0'),
  new Raw('0.000000000000000000000000001'),
);
const scalar = fc.oneof(
  { weight: 3, arbitrary: numbers },
  { weight: 4, arbitrary: anyString },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
);
const anyKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '',
    'amount',
    'id',
    'merchantId',
    'role',
    'isDemo',
    'method',
  ),
  fc.string({ maxLength: 8 }),
);
const wild: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(deepArray(1000), deepObject(1000), new Raw('[]'), new Raw('{}')) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(anyKey, scalar, { maxKeys: 4 }) },
);

/** Printable Latin-1: what an HTTP header value can carry. */
const headerChar = fc
  .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff }), fc.constant(0x09))
  .map((c) => String.fromCharCode(c));
const headerString = fc.string({ unit: headerChar, maxLength: 60 });
const toHeader = (s: string) => s.replace(/[^\t\x20-\x7e\xa0-\xff]/g, '?');

/** Percent-encodes every byte of the UTF-8 form except unreserved characters (lone surrogates become U+FFFD). */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const cursorArb = fc
  .tuple(
    fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom(
        '0000-01-01T00:00:00.000Z',
        '-271821-04-20T00:00:00.000Z',
        '+275760-09-13T00:00:00.000Z',
        '-000001-01-01T00:00:00Z',
        '2026-11-23',
        'x',
        '',
      ),
    ),
    fc.oneof(fc.uuid(), fc.constantFrom(ids.saleA, ids.invoiceA, '00000000-0000-0000-0000-000000000000'), anyString),
    fc.boolean(),
  )
  .map(([at, id, sep]) => b64(sep ? `${at}|${id}` : `${at}${id}`));

// Path parameters: real ids (merchant A's and B's rows), their upper-case spelling, random uuids, and junk written
// raw into the path (traversal, encoded slashes and NULs, broken percent escapes, very long segments).
const realIds: Record<ParamKind, string[]> = {
  merchantId: [ids.merchantA, ids.merchantB, ids.merchantA.toUpperCase()],
  paymentRequestId: [ids.prA, ids.prB, ids.prB.toUpperCase()],
  saleId: [ids.saleA, ids.saleB, ids.saleB.toUpperCase()],
  invoiceId: [ids.invoiceA, ids.invoiceB, ids.invoiceB.toUpperCase()],
  paymentId: [ids.paymentId],
  catalogItemId: [ids.catalogItemA, ids.catalogItemB, ids.catalogItemB.toUpperCase()],
  staffId: [ids.staffId],
  spareStaffId: [spareStaffId],
  lookup: [
    ids.lookupA,
    `${ids.lookupA}.json`,
    `${ids.lookupB}.xml`,
    'a'.repeat(20),
    `${ids.lookupA}.html`,
    ids.lookupA.toLowerCase(),
  ],
  merchantQrFormat: ['svg', 'png', 'txt'],
  requestQrFormat: ['svg', 'png'],
  provider: ['sandbox', 'sepay', 'payos', 'casso'],
  siteSlug: ['kim-dong', 'KIM-DONG', 'no-such-site', 'national'],
  provinceCode: ['04', '96', '4', '99', '0400'],
};
const rawParamJunk = fc.constantFrom(
  '..',
  '.',
  '%2e%2e',
  'a%2Fb',
  '%2F',
  '%00',
  '%zz',
  '%',
  '%E0%A4%A',
  '%C0%AF',
  '%ED%A0%80',
  'null',
  '0',
  '-1',
  'me',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  `{${ids.merchantA}}`,
  `${ids.merchantA}%00`,
  `${ids.merchantA},${ids.merchantB}`,
  'a'.repeat(101),
  'a'.repeat(5000),
  '1'.repeat(100),
  'svg.png',
  'SVG',
  'png%00.svg',
);
const paramArb = (kind: ParamKind, route: CatalogRoute) => {
  const real = route.url.includes('api-keys') ? [ids.merchantC] : realIds[kind];
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...real) },
    { weight: 2, arbitrary: rawParamJunk },
    { weight: 2, arbitrary: anyString.map(pct) },
    { weight: 1, arbitrary: fc.uuid() },
  );
};

const validQueryValues: Record<string, string[]> = {
  limit: ['1', '50', '200'],
  merchantId: [ids.merchantA, ids.merchantB],
  from: ['2026-01-01', '2020-01-01T00:00:00+07:00'],
  to: ['2030-01-01', new Date().toISOString()],
  outcome: ['matched', 'unmatched', 'late'],
  open: ['true', 'false'],
  provider: ['viettel_money', 'vnpt_money'],
  ward: ['Thục Phán'],
  teamId: [ids.teamId],
  days: ['1', '30', '366'],
  ticket: ['a.b.c.d'],
};
const edgeQueryValues = [
  '1e308',
  '-0',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '99999999999999999999999',
  '0x10',
  '1.5',
  ' 1',
  '',
  'true',
  'null',
  '0000-01-01',
  '9999-12-31',
  '2026-02-30',
  '-271821-04-20T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '2026-01-01T00:00:00+14:00',
  '2026-01-01T25:00:00Z',
  '1970-01-01',
  '999999999999999999',
  '1'.repeat(19),
];
const queryArb = (route: CatalogRoute) => {
  const known = [...(route.query ?? []), 'limit', 'cursor'];
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('__proto__', 'constructor', 'a[]', 'limit[]', 'limit[0]', 'merchantId[$ne]', ''),
    },
    { weight: 1, arbitrary: anyString },
  );
  const value = (k: string) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...(Object.hasOwn(validQueryValues, k) ? validQueryValues[k] : ['x'])) },
      { weight: 3, arbitrary: fc.constantFrom(...edgeQueryValues) },
      { weight: 2, arbitrary: anyString },
      { weight: k === 'cursor' ? 8 : 1, arbitrary: cursorArb },
      { weight: 1, arbitrary: fc.uuid() },
    );
  const pair = key.chain((k) => value(k).map((v) => `${pct(k)}=${pct(v)}`));
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant('') },
    { weight: 7, arbitrary: fc.array(pair, { minLength: 1, maxLength: 3 }).map((pairs) => `?${pairs.join('&')}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '?',
        '?&&&',
        '?==',
        '?%zz=1',
        '?limit=1&limit=2&limit=3',
        `?limit=${'9'.repeat(400)}`,
        '?a=%',
        '?cursor=' + 'A'.repeat(300),
        '?#frag',
      ),
    },
  );
};

// Who calls: the principal the route wants (most runs, so handlers are reached), another one, or junk credentials.
const tokens: Record<string, string | undefined> = {
  none: undefined,
  admin: world.adminToken,
  staff: world.staffToken,
  merchantA: world.a.apiKey,
  merchantB: world.b.apiKey,
};
const rightPrincipals: Record<CatalogRoute['auth'], string[]> = {
  public: ['none', 'admin', 'merchantA'],
  admin: ['admin'],
  staff: ['admin', 'staff'],
  merchant: ['merchantA', 'merchantB'],
  'staff-or-merchant': ['admin', 'staff', 'merchantA', 'merchantB'],
};
const junkAuthorization = fc.oneof(
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Bearer  x y',
    'Basic dXNlcjpwYXNz',
    `bearer css_${'a'.repeat(40)}`,
    `${'Bearer '}${world.adminToken.slice(0, -1)}F`,
    `Bearer ${'x'.repeat(10_000)}`,
    'Token abc',
    'Bearer \xe9\xff',
    `Bearer ${world.adminToken}, Bearer ${world.a.apiKey}`,
    `Apikey ${SECRETS.SEPAY_API_KEY}`,
  ),
  headerString.map((s) => `Bearer ${s}`),
  headerString,
);
const authorizationArb = (route: CatalogRoute) =>
  fc
    .oneof(
      { weight: 6, arbitrary: fc.constantFrom(...rightPrincipals[route.auth]).map((p) => tokens[p]) },
      { weight: 2, arbitrary: fc.constantFrom(...Object.keys(tokens)).map((p) => tokens[p]) },
      { weight: 2, arbitrary: junkAuthorization.map((h) => ({ raw: h })) },
    )
    .map((v) => (v === undefined ? undefined : typeof v === 'string' ? `Bearer ${v}` : v.raw));

const contentTypeArb = fc.oneof(
  { weight: 10, arbitrary: fc.constant<string | undefined>('application/json') },
  { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
  {
    weight: 4,
    arbitrary: fc.constantFrom<string | undefined>(
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/json;;',
      'application/json; charset=utf-8',
      'text/plain',
      'text/plain; charset=utf-8',
      'multipart/form-data; boundary=----x',
      'multipart/form-data',
      'application/x-www-form-urlencoded',
      'text/csv',
      'application/csv',
      'application/xml',
      'application/octet-stream',
      'application/vnd.api+json',
      '*/*',
      '',
      ';',
      'application/json, text/plain',
      'application/x-www-form-urlencoded; charset=utf-8',
      'text/csv; charset=latin1',
    ),
  },
  { weight: 1, arbitrary: headerString },
);

const extraHeadersArb = fc.dictionary(
  fc.constantFrom(
    'x-forwarded-for',
    'x-forwarded-host',
    'x-forwarded-proto',
    'host',
    'accept',
    'accept-encoding',
    'origin',
    'cookie',
    'x-signature',
    'x-casso-signature',
    'content-length',
    'transfer-encoding',
    'expect',
  ),
  fc.oneof(
    headerString,
    fc.constantFrom(
      '0',
      '-1',
      '99999999999',
      'chunked',
      '100-continue',
      'evil.example',
      '[::1]:99999',
      'gopher',
      '*/*',
      'gzip, br',
      'a'.repeat(9000),
    ),
  ),
  { maxKeys: 2 },
);

const idempotencyArb = fc.option(
  fc.oneof(
    fc.uuid(),
    fc.constantFrom('', ' ', 'a b', 'x'.repeat(256), 'k'.repeat(255), 'é', 'same-key-every-time'),
    headerString,
  ),
  { freq: 3 },
);

// Bodies.

/** Every path in a JSON value, so mutations can reach nested fields (payout.accountNumber, items[0].unitPrice). */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out = [prefix];
  if (value instanceof Raw) return out; // a literal is a leaf (and shared: never mutate it)
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

interface Mutation {
  at: number;
  action: 'taint' | 'replace' | 'delete' | 'add' | 'stringify' | 'wrap';
  key: string;
  value: unknown;
  /** For taint: what goes into a string, and where. */
  odd: string;
  pos: number;
}
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  action: fc.constantFrom(
    'taint',
    'taint',
    'taint',
    'replace',
    'replace',
    'replace',
    'delete',
    'add',
    'stringify',
    'wrap',
  ),
  key: anyKey,
  value: wild,
  odd: fc.oneof(fc.constantFrom(...ODD_CHARS), fc.string({ unit: oddChar, minLength: 1, maxLength: 4 })),
  pos: fc.nat(),
});

/** A field keeps its type but turns odd: a string gets a NUL, a lone surrogate, RTL or zero-width marks; a number an edge value. */
function taint(current: unknown, m: Mutation): unknown {
  if (typeof current === 'string') {
    const at = current.length ? m.pos % (current.length + 1) : 0;
    return current.slice(0, at) + m.odd + current.slice(at);
  }
  if (typeof current === 'number')
    return [new Raw('-0'), new Raw('1e999'), 1e308, -1, 0, 0.5, 2 ** 53 + 2, 500_000_001][m.pos % 8];
  return m.value;
}

function mutate(template: unknown, mutations: Mutation[]): unknown {
  let root: unknown = structuredClone(template);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length];
    const get = (p: Array<string | number>) => p.reduce<any>((v, k) => (v == null ? v : v[k]), root);
    const current = get(path);
    let next: unknown;
    switch (m.action) {
      case 'taint':
        next = taint(current, m);
        break;
      case 'replace':
        next = m.value;
        break;
      case 'delete':
        next = undefined;
        break;
      case 'stringify':
        next = typeof current === 'object' ? toJson(current) : String(current);
        break;
      case 'wrap':
        next = [current];
        break;
      case 'add':
        if (Array.isArray(current)) next = [...current, m.value];
        else if (current !== null && typeof current === 'object' && !(current instanceof Raw))
          next = Object.defineProperty({ ...current }, m.key, {
            value: m.value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else next = m.value;
        break;
    }
    if (path.length === 0) root = next;
    else {
      const parent = get(path.slice(0, -1));
      if (parent !== null && typeof parent === 'object' && !(parent instanceof Raw)) {
        const k = path[path.length - 1];
        // defineProperty, not assignment: a "__proto__" key must stay a plain key, not swap the prototype.
        if (next === undefined && !Array.isArray(parent)) delete parent[k];
        else Object.defineProperty(parent, k, { value: next, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return root;
}

const BROKEN_JSON = [
  '{',
  '}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":Infinity}',
  '[1,]',
  '{"a":1,}',
  '\ufeff{}',
  '{"amount":1,"amount":"x"}',
  'null',
  'true',
  '0',
  '""',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"a":01}',
  '{"a":.5}',
  '{"a":"\u0000"}',
  '/* */{}',
  '{"a":1}garbage',
  ' ',
  '\u0000',
  '[]',
  '{}',
  '{"a":1e999999}',
  '{"a":-}',
];

const oversizeArb = fc.constantFrom(OVERSIZE, OVERSIZE_ARRAY);

/** A body for a JSON route: the valid template, a mutation of it, any JSON, broken JSON, an oversize one, or none. */
const jsonBodyArb = (template: unknown) => {
  const choices: Array<fc.WeightedArbitrary<string | undefined>> = [
    { weight: 10, arbitrary: fc.constant(template === undefined ? undefined : toJson(template)) },
    { weight: 20, arbitrary: wild.map(toJson) },
    { weight: 20, arbitrary: fc.oneof(fc.constantFrom(...BROKEN_JSON), fc.string({ unit: oddChar, maxLength: 40 })) },
    { weight: 10, arbitrary: fc.constantFrom(deepArray(1000), deepObject(1000), deepArray(5000)).map(toJson) },
    {
      weight: 2,
      arbitrary: oversizeArb.map((big) =>
        template && typeof template === 'object' ? toJson({ ...(template as object), pad: big }) : toJson(big),
      ),
    },
    { weight: 10, arbitrary: fc.constant<string | undefined>(undefined) },
  ];
  if (template !== undefined) {
    choices.push({
      weight: 60,
      arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 3 }).map((ms) => toJson(mutate(template, ms))),
    });
  }
  return fc.oneof(...choices);
};

function formEncode(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  try {
    const value = JSON.parse(body);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return new URLSearchParams(
        Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      ).toString();
    }
  } catch {
    // not JSON: send the text as is
  }
  return body;
}

const CSV_HEADERS = [
  'provider,phone,ward,team,activated_at',
  'provider,phone,ward',
  'Nhà cung cấp,Số điện thoại,Phường/Xã',
  'phone',
  '',
  '"provider,phone,ward',
  'provider;phone;ward',
  '\ufeffprovider,phone,ward',
];
const csvCell = fc.oneof(
  fc.constantFrom(
    'viettel_money',
    'VNPT Money',
    'momo',
    '0912 345 678',
    '+84 888 123 456',
    '84386111222',
    '01234567890',
    'Thục Phán',
    '2026-03-05 09:30',
    '05/03/2026 14:00',
    '9999-99-99',
    '"',
    '""',
    '"a,b"',
    '=cmd|/C calc!A0',
    '',
  ),
  anyString,
);
const OVERSIZE_CSV = 'provider,phone,ward\n' + 'viettel_money,0912345678,W\n'.repeat(340_000);
const csvBodyArb: fc.Arbitrary<string | undefined> = fc.oneof(
  {
    weight: 60,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...CSV_HEADERS),
        fc.array(fc.array(csvCell, { minLength: 0, maxLength: 6 }), { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
      )
      .map(([header, rows, eol]) => [header, ...rows.map((r) => r.join(','))].join(eol)),
  },
  { weight: 10, arbitrary: fc.string({ unit: oddChar, maxLength: 200 }) },
  {
    weight: 10,
    arbitrary: fc.constantFrom(
      'provider,phone,ward\n' + 'viettel_money,0912345678,"Thục Phán\n'.repeat(2000),
      'x'.repeat(70_000),
      `provider,phone,ward\n${'"'.repeat(100_000)}`,
    ),
  },
  { weight: 1, arbitrary: fc.constant(OVERSIZE_CSV) }, // > 8 MB
  { weight: 10, arbitrary: wild.map(toJson) },
  { weight: 10, arbitrary: fc.constant(undefined) },
);

// Webhooks: each provider's own wire format, mutated, and signed correctly in part of the runs so the parser and the
// matcher see the junk too (the secrets are the test ones).
const account = world.a.merchant.payout.accountNumber;
const providerTemplates: Record<string, () => unknown> = {
  sandbox: () => JSON.parse(sandboxDelivery({ accountNumber: account, amount: 12000, description: 'KD bun cha' }).body),
  sepay: () => JSON.parse(sepayDelivery({ accountNumber: account, amount: 12000, description: 'KD bun cha' }).body),
  payos: () => JSON.parse(payosDelivery({ accountNumber: account, amount: 12000, description: 'KD bun cha' }).body),
  casso: () => JSON.parse(cassoDelivery({ accountNumber: account, amount: 12000, description: 'KD bun cha' }).body),
  paypal: () => ({}),
};

function signWebhook(provider: string, body: string | undefined, headers: Record<string, string>) {
  const text = body ?? '';
  if (provider === 'sandbox') headers['x-signature'] = signSandbox(SECRETS.SANDBOX_WEBHOOK_SECRET, text, Date.now());
  if (provider === 'sepay') headers.authorization = `Apikey ${SECRETS.SEPAY_API_KEY}`;
  if (provider === 'casso') {
    try {
      headers['x-casso-signature'] = signCasso(SECRETS.CASSO_SECRET, JSON.parse(text), Date.now());
    } catch {
      headers['x-casso-signature'] = `t=${Date.now()},v1=00`;
    }
  }
  if (provider === 'payos') {
    // payOS signs `data` inside the body: re-sign whatever data the mutation left.
    try {
      const parsed = JSON.parse(text);
      if (
        parsed &&
        typeof parsed === 'object' &&
        parsed.data &&
        typeof parsed.data === 'object' &&
        !Array.isArray(parsed.data)
      ) {
        return text.replace(
          /"signature":"[0-9a-f]*"/,
          `"signature":"${signPayos(SECRETS.PAYOS_CHECKSUM_KEY, parsed.data)}"`,
        );
      }
    } catch {
      // unsigned junk it is
    }
  }
  return body;
}

// ---------------------------------------------------------------------------------------------------------------
// One request, from its parts.

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

const WRONG_METHODS = ['DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PUT', 'POST', 'GET'];

function requestArb(route: CatalogRoute): fc.Arbitrary<FuzzRequest> {
  const paramNames = Object.keys(route.params ?? {});
  const pathArb = route.url.includes('*')
    ? fc
        .oneof(
          fc.constantFrom('', 'static/x.js', '..%2F..%2Fpackage.json', '%00', 'a'.repeat(3000)),
          anyString.map(pct),
        )
        .map((tail) => route.url.replace('*', tail))
    : fc.tuple(...paramNames.map((n) => paramArb(route.params![n], route))).map((values) => {
        let url = route.url;
        paramNames.forEach((n, i) => (url = url.replace(`:${n}`, values[i] as string)));
        return url;
      });
  const hasBody = route.method !== 'GET';
  const webhook = route.kind === 'webhook';
  const bodyFor = (providerOrTemplate: unknown) =>
    route.kind === 'csv-import'
      ? csvBodyArb
      : hasBody
        ? jsonBodyArb(providerOrTemplate)
        : fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: jsonBodyArb(undefined) });

  return fc
    .record({
      path: pathArb,
      query: queryArb(route),
      authorization: authorizationArb(route),
      contentType:
        route.kind === 'csv-import'
          ? fc.oneof(
              { weight: 6, arbitrary: fc.constant<string | undefined>('text/csv') },
              { weight: 3, arbitrary: contentTypeArb },
            )
          : contentTypeArb,
      idempotency: hasBody ? idempotencyArb : fc.constant(null),
      extra: fc.option(extraHeadersArb, { freq: 4 }),
      body: webhook ? fc.constant(undefined) : bodyFor(route.body?.(ids)),
      webhookBody: webhook
        ? fc.constantFrom(...Object.keys(providerTemplates)).chain((p) => jsonBodyArb(providerTemplates[p]()))
        : fc.constant(undefined),
      sign: fc.boolean(),
      method: fc.oneof(
        { weight: 19, arbitrary: fc.constant(route.method) },
        { weight: 1, arbitrary: fc.constantFrom(...WRONG_METHODS) },
      ),
      form: fc.boolean(),
    })
    .map((p) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(p.extra ?? {})) headers[k] = toHeader(v);
      if (p.authorization !== undefined) headers.authorization = toHeader(p.authorization);
      if (p.idempotency !== null) headers['idempotency-key'] = toHeader(p.idempotency);
      let payload = p.body as string | undefined;
      if (webhook) {
        payload = p.webhookBody as string | undefined;
        const provider = p.path.split('/')[2];
        if (p.sign) payload = signWebhook(provider, payload, headers);
      }
      if (p.contentType !== undefined) headers['content-type'] = toHeader(p.contentType);
      if (payload !== undefined && p.form && headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
        payload = formEncode(payload);
      if (payload !== undefined && headers['content-type']?.startsWith('multipart/form-data')) {
        payload = `------x\r\nContent-Disposition: form-data; name="body"\r\n\r\n${payload}\r\n------x--\r\n`;
      }
      return { method: p.method, url: `${p.path}${p.query}`, headers, payload };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Sending and judging.

const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);
process.on('uncaughtException', onCrash);
process.on('unhandledRejection', onCrash);
t.teardown(() => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
});

/** Problems of one answer, as a stable signature (route, status, internal error) plus detail; null when fine. */
async function send(
  request: FuzzRequest,
  kind: CatalogRoute['kind'],
): Promise<{ signature: string; detail: string } | null> {
  total += 1;
  ctx.errors.length = 0;
  let res;
  try {
    res = await ctx.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers,
      payload: request.payload,
    });
  } catch (error) {
    const logged = ctx.errors.join(' | ');
    return {
      signature: `no complete response (${(error as Error).message}) ${normalise(logged)}`,
      detail: `${(error as Error).message}; logged: ${logged}`,
    };
  }
  if (res.statusCode >= 500) {
    const logged = ctx.errors.join(' | ') || 'nothing logged';
    return {
      signature: `${res.statusCode} ${normalise(logged)}`,
      detail: `${res.statusCode}; the app logged: ${logged}`,
    };
  }
  // A page's "no such board" is a page for the person who typed the address: HTML, 404, never JSON.
  const pageNotFound =
    kind === 'page' && res.statusCode === 404 && /^text\/html/.test(String(res.headers['content-type']));
  if (res.statusCode >= 400 && request.method !== 'HEAD' && !pageNotFound) {
    let body: any;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = undefined;
    }
    const shaped =
      body &&
      typeof body.error === 'object' &&
      body.error !== null &&
      typeof body.error.code === 'string' &&
      body.error.code !== '' &&
      typeof body.error.message === 'string';
    if (!shaped) {
      const what =
        res.body === ''
          ? 'an empty body'
          : body?.code
            ? `Fastify's own body (code ${body.code})`
            : 'a body not in the standard shape';
      return {
        signature: `${res.statusCode} with ${what}`,
        detail: `${res.statusCode} ${res.headers['content-type'] ?? '(no content-type)'} ${JSON.stringify(res.body.slice(0, 200))}`,
      };
    }
  }
  return null;
}

/** Internal error messages without the values in them, so one bug is one signature. */
const normalise = (s: string) =>
  s
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b[0-9a-f-]{36}\b/g, '<uuid>')
    .slice(0, 160);

function describe(request: FuzzRequest): string {
  const clip = (s: string, n: number) =>
    s.length > n ? `${JSON.stringify(s.slice(0, n))}… (${s.length} chars)` : JSON.stringify(s);
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `${k}: ${clip(v, 80)}`)
    .join('; ');
  return `${request.method} ${clip(request.url, 200)} headers {${headers}} body ${request.payload === undefined ? '(none)' : clip(request.payload, 300)}`;
}

interface Found {
  signature: string;
  detail: string;
  example: string;
  count: number;
}

async function fuzzRoute(
  route: CatalogRoute,
  numRuns: number,
  seed: number,
): Promise<{ runs: number; found: Found[] }> {
  const arb = requestArb(route);
  const found = new Map<string, Found>();
  let remaining = numRuns;
  let runs = 0;
  for (let round = 0; remaining > 0 && found.size < MAX_DISTINCT_FAILURES; round++) {
    let shrinking = false;
    let shrinkCalls = 0;
    const property = fc.asyncProperty(arb, async (request) => {
      if (shrinking && ++shrinkCalls > SHRINK_BUDGET) return true;
      if (!shrinking) {
        remaining -= 1;
        runs += 1;
      }
      const problem = await send(request, route.kind);
      if (!problem) return true;
      const known = found.get(problem.signature);
      if (known) {
        if (!shrinking) known.count += 1;
        return true;
      }
      shrinking = true;
      throw Object.assign(new Error(problem.detail), { signature: problem.signature });
    });
    const details = await fc.check(property, { numRuns: remaining, seed: seed + round * 7919 });
    if (!details.failed) break;
    const error = details.errorInstance as Error & { signature?: string };
    const example = details.counterexample?.[0] as FuzzRequest | undefined;
    const signature = error?.signature ?? String(error);
    found.set(signature, {
      signature,
      detail: error?.message ?? '',
      example: example ? describe(example) : '?',
      count: 1,
    });
  }
  return { runs, found: [...found.values()] };
}

// Runs per route: routes with bodies get the most; pages, docs and files the least.
function runsFor(route: CatalogRoute): number {
  const base =
    route.kind === 'webhook'
      ? 1200
      : route.kind === 'csv-import'
        ? 250
        : ['page', 'asset', 'docs', 'ws'].includes(route.kind)
          ? 40
          : route.method !== 'GET'
            ? 420
            : route.params
              ? 300
              : 240;
  return Math.max(1, Math.round(base * SCALE));
}

const staticRoutes: CatalogRoute[] = routerRoutes(ctx.app)
  .filter((r) => STATIC_PREFIXES.some((p) => r.url.startsWith(p)))
  .map((r) => ({ method: r.method as 'GET', url: r.url, auth: 'public', kind: 'asset', documented: false }));

t.comment(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED}), scale ${SCALE}`);
const started = Date.now();
const summary: string[] = [];

for (const [index, route] of [...ROUTES, ...staticRoutes].entries()) {
  await t.test(`fuzz ${route.method} ${route.url}`, async (t) => {
    const { runs, found } = await fuzzRoute(route, runsFor(route), SEED + index * 104_729);
    summary.push(
      `${String(runs).padStart(5)}  ${route.method} ${route.url}${found.length ? `  ← ${found.length} problem(s)` : ''}`,
    );
    for (const f of found) {
      t.fail(`${route.method} ${route.url}: ${f.signature} (${f.count}× in ${runs} runs)`, {
        detail: f.detail,
        reproduction: f.example,
      });
    }
    if (found.length === 0) t.pass(`${runs} malformed requests, no 5xx, every 4xx in the standard shape`);
  });
}

t.test('the app is still up and every request was counted', async (t) => {
  t.equal((await ctx.call({ method: 'GET', url: '/healthz' })).status, 200, 'GET /healthz');
  t.equal((await ctx.call({ method: 'GET', url: '/readyz' })).status, 200, 'GET /readyz');
  t.same(crashes.map(String), [], 'no uncaught exception or unhandled rejection');
  t.ok(total >= 10_000 * Math.min(1, SCALE), `${total} requests sent (at least 10,000)`);
  t.comment(`runs per route:\n${summary.join('\n')}`);
  t.comment(
    `fuzzing: ${total} requests over ${ROUTES.length + staticRoutes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED})`,
  );
  console.log(`# fuzz total: ${total} requests, ${ROUTES.length + staticRoutes.length} routes, seed ${SEED}`);
});
