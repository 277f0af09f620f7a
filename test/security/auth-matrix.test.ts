import type { InjectOptions } from 'fastify';
import t from 'tap';
import WebSocket from 'ws';
import { issueTicket, TICKET_TTL_MS } from '../../src/realtime/index.js';
import { stallTaxCode } from '../helpers/fixtures.js';
import { ROUTES, routeKey } from '../helpers/route-catalog.js';
import { newTxId, sandboxDelivery, SECRETS } from '../helpers/webhooks.js';
import {
  buildWorld,
  newCashSale,
  newPaymentRequest,
  newUnderpaidPayment,
  newUnmatchedPayment,
  ok,
  startLoggedApp,
} from './support.js';

/**
 * Every route × every kind of caller, against a table written out by hand. The rows a URL names belong to merchant B;
 * merchant A is the intruder: another stall's ids answer 404 (not 403, so a key cannot even learn which ids exist),
 * and nothing of B's changes. Mutating routes get fresh rows for each caller, so one caller's success cannot mask
 * another's. Websocket tickets are checked over a real listening server.
 *
 * Two scoped staff members stand beside them: one limited to B's site (Kim Đồng), who may do what staff do with B's
 * rows, and one limited to another province (Cà Mau), to whom B's rows answer 404 as to an intruder and who finds none
 * of them in any list or export.
 */

const ctx = await startLoggedApp(t, SECRETS);
const { call } = ctx;
const world = await buildWorld(ctx);
const { a, b, ids } = world;

// A second site, in another province, and the two scoped staff members.
const caMau = await ok(
  await call({
    method: 'POST',
    url: '/api/v1/sites',
    token: world.adminToken,
    payload: { slug: 'cho-ca-mau', name: 'Chợ Cà Mau', kind: 'market', provinceCode: '96', ward: 'An Xuyên' },
  }),
  201,
  'Cà Mau site',
);
const scopedStaff = async (name: string, scope: unknown) =>
  (
    await ok(
      await call({
        method: 'POST',
        url: '/api/v1/staff',
        token: world.adminToken,
        payload: { name, role: 'staff', scope },
      }),
      201,
      name,
    )
  ).token as string;
const staffInToken = await scopedStaff('Chị Hà (Kim Đồng)', { kind: 'sites', siteIds: [ids.siteId] });
const staffOutToken = await scopedStaff('Anh Tú (Cà Mau)', { kind: 'province', provinceCode: '96' });
// Listening before the first subtest: the top level must not wait on I/O between subtests (tap ends its root test).
await ctx.app.listen({ port: 0, host: '127.0.0.1' });
const address = ctx.app.server.address() as { port: number };

const WHO = ['none', 'bad', 'admin', 'staff', 'merchantA', 'merchantB', 'staffIn', 'staffOut'] as const;
type Who = (typeof WHO)[number];
const tokenOf: Record<Who, string | undefined> = {
  none: undefined,
  bad: 'css_this-is-not-a-token-0123456789abcdef',
  admin: world.adminToken,
  staff: world.staffToken,
  merchantA: a.apiKey,
  merchantB: b.apiKey,
  staffIn: staffInToken,
  staffOut: staffOutToken,
};

// Expected statuses in WHO order: none, bad token, admin, staff, merchant A (intruder), merchant B (owner), staff of
// B's site, staff of another province.
const PUBLIC = (s: number) => [s, s, s, s, s, s, s, s];
const ADMIN_ONLY = (s: number) => [401, 401, s, 403, 403, 403, 403, 403];
const STAFF_ONLY = (s: number) => [401, 401, s, s, 403, 403, s, s]; // lists: the scoped see their scope's rows
const STAFF_ON_B = (s: number) => [401, 401, s, s, 403, 403, s, 404]; // staff-only route on B's row
const MERCHANT_OWN = (s: number) => [401, 401, 403, 403, 404, s, 403, 403]; // merchant-only route on B's row
const MERCHANT_NEW = (s: number) => [401, 401, 403, 403, s, s, 403, 403]; // merchant-only route that creates its own row
const READ_B = [401, 401, 200, 200, 404, 200, 200, 404]; // staff in scope or the owning merchant
const LIST = [401, 401, 200, 200, 200, 200, 200, 404]; // any merchant (only its own rows); staff naming B: in scope

const uniq = () => Math.random().toString(36).slice(2, 8);
let stallSeq = 500;
let phoneSeq = 1000;

interface Row {
  method: string;
  url: string; // the catalog pattern this row covers
  expect: number[];
  /** The request for one caller; may create fresh rows of B first. */
  request: (who: Who) => Promise<InjectOptions> | InjectOptions;
  /** After an intruder's attempt: B's row is as it was. */
  untouched?: (who: Who, request: InjectOptions) => Promise<void>;
}

const get = (url: string): InjectOptions => ({ method: 'GET', url });
const freshPrB = new Map<string, string>();
const freshSaleB = new Map<string, string>();
const freshLookupB = new Map<string, string>();
const freshItemB = new Map<string, string>();

/** A fresh catalog item of B's, for a caller to change or remove. */
async function newItemB(who: Who): Promise<string> {
  const res = await call({
    method: 'POST',
    url: '/api/v1/catalog',
    token: b.apiKey,
    payload: { name: `Chả ${uniq()}`, price: 8000 },
  });
  const id = (await ok(res, 201, 'catalog item')).item.id as string;
  freshItemB.set(who, id);
  return id;
}
const itemOfB = async (who: Who) => {
  const items = await call({ method: 'GET', url: '/api/v1/catalog', token: b.apiKey });
  return items.body.items.find((i: any) => i.id === freshItemB.get(who));
};

const ROWS: Row[] = [
  { method: 'GET', url: '/healthz', expect: PUBLIC(200), request: () => get('/healthz') },
  { method: 'GET', url: '/readyz', expect: PUBLIC(200), request: () => get('/readyz') },
  {
    method: 'GET',
    url: '/api/v1/admin-units/provinces',
    expect: PUBLIC(200),
    request: () => get('/api/v1/admin-units/provinces'),
  },
  {
    method: 'GET',
    url: '/api/v1/admin-units/wards',
    expect: PUBLIC(200),
    request: () => get('/api/v1/admin-units/wards?province=04'),
  },

  {
    method: 'POST',
    url: '/api/v1/staff',
    expect: ADMIN_ONLY(201),
    request: () => ({ method: 'POST', url: '/api/v1/staff', payload: { name: 'Chị Mai', role: 'admin' } }),
  },
  { method: 'GET', url: '/api/v1/staff/me', expect: STAFF_ONLY(200), request: () => get('/api/v1/staff/me') },
  { method: 'GET', url: '/api/v1/staff', expect: ADMIN_ONLY(200), request: () => get('/api/v1/staff') },
  {
    // A fresh staff member per caller: an admin's revocation must not hide whether another caller could revoke.
    method: 'POST',
    url: '/api/v1/staff/:staffId/revoke',
    expect: ADMIN_ONLY(200),
    request: async () => {
      const spare = await ok(
        await call({
          method: 'POST',
          url: '/api/v1/staff',
          token: world.adminToken,
          payload: { name: `Cán bộ ${uniq()}`, role: 'staff' },
        }),
        201,
        'spare staff',
      );
      return { method: 'POST', url: `/api/v1/staff/${spare.staff.id}/revoke` };
    },
  },
  {
    // A fresh staff member per caller, so the world's staff keep their scope.
    method: 'PUT',
    url: '/api/v1/staff/:staffId/scope',
    expect: ADMIN_ONLY(200),
    request: async () => {
      const spare = await ok(
        await call({
          method: 'POST',
          url: '/api/v1/staff',
          token: world.adminToken,
          payload: { name: `Cán bộ ${uniq()}`, role: 'staff' },
        }),
        201,
        'spare staff',
      );
      return {
        method: 'PUT',
        url: `/api/v1/staff/${spare.staff.id}/scope`,
        payload: { scope: { kind: 'sites', siteIds: [caMau.id] } },
      };
    },
  },
  { method: 'GET', url: '/api/v1/sites', expect: PUBLIC(200), request: () => get('/api/v1/sites') },
  {
    method: 'POST',
    url: '/api/v1/sites',
    expect: ADMIN_ONLY(201),
    request: () => ({
      method: 'POST',
      url: '/api/v1/sites',
      payload: { slug: `cho-${uniq()}`, name: 'Chợ đêm', kind: 'night-market', provinceCode: '04', ward: 'Tân Giang' },
    }),
  },
  {
    method: 'PUT',
    url: '/api/v1/staff/:staffId/team',
    expect: ADMIN_ONLY(200),
    request: () => ({ method: 'PUT', url: `/api/v1/staff/${ids.staffId}/team`, payload: { teamId: ids.teamId } }),
  },
  {
    method: 'POST',
    url: '/api/v1/teams',
    expect: ADMIN_ONLY(201),
    request: () => ({ method: 'POST', url: '/api/v1/teams', payload: { name: `Tổ ${uniq()}`, ward: 'Nùng Trí Cao' } }),
  },
  { method: 'GET', url: '/api/v1/teams', expect: STAFF_ONLY(200), request: () => get('/api/v1/teams') },

  {
    method: 'POST',
    url: '/api/v1/merchants',
    // Kim Đồng is out of the Cà Mau staff member's scope: as unknown to them as a site that does not exist.
    expect: [401, 401, 201, 201, 403, 403, 201, 400],
    request: () => ({
      method: 'POST',
      url: '/api/v1/merchants',
      payload: {
        stallCode: `KD-${++stallSeq}`,
        name: 'Xôi',
        category: 'food',
        ward: 'Nùng Trí Cao',
        payout: { bin: '970436', accountNumber: `77${stallSeq}000111` },
        taxMethod: 'household',
        taxCode: stallTaxCode(900_000 + stallSeq),
        address: 'Phố Kim Đồng, Cao Bằng',
        siteId: ids.siteId,
      },
    }),
  },
  { method: 'GET', url: '/api/v1/merchants', expect: STAFF_ONLY(200), request: () => get('/api/v1/merchants') },
  {
    method: 'GET',
    url: '/api/v1/merchants/me',
    expect: [401, 401, 403, 403, 200, 200, 403, 403],
    request: () => get('/api/v1/merchants/me'),
  },
  {
    method: 'GET',
    url: '/api/v1/merchants/:id',
    expect: READ_B,
    request: () => get(`/api/v1/merchants/${ids.merchantB}`),
  },
  {
    method: 'POST',
    url: '/api/v1/merchants/:id/api-keys',
    expect: STAFF_ON_B(201),
    request: () => ({ method: 'POST', url: `/api/v1/merchants/${ids.merchantC}/api-keys` }),
  },
  {
    method: 'GET',
    url: '/api/v1/merchants/:id/qr.:format',
    expect: READ_B,
    request: () => get(`/api/v1/merchants/${ids.merchantB}/qr.svg`),
  },
  {
    method: 'GET',
    url: '/api/v1/merchants/:id/qr.:format',
    expect: READ_B,
    request: () => get(`/api/v1/merchants/${ids.merchantB}/qr.png`),
  },
  {
    method: 'GET',
    url: '/api/v1/merchants/:id/qr.:format',
    expect: READ_B,
    request: () => get(`/api/v1/merchants/${ids.merchantB}/qr.txt`),
  },
  {
    method: 'GET',
    url: '/api/v1/merchants/:id/poster',
    expect: READ_B,
    request: () => get(`/api/v1/merchants/${ids.merchantB}/poster`),
  },

  {
    method: 'GET',
    url: '/api/v1/catalog',
    expect: READ_B,
    request: () => get(`/api/v1/catalog?merchantId=${ids.merchantB}`),
  },
  {
    method: 'POST',
    url: '/api/v1/catalog',
    expect: [401, 401, 201, 201, 404, 201, 201, 404],
    request: () => ({
      method: 'POST',
      url: `/api/v1/catalog?merchantId=${ids.merchantB}`,
      payload: { name: `Nem ${uniq()}`, price: 5000 },
    }),
  },
  {
    method: 'PATCH',
    url: '/api/v1/catalog/:id',
    expect: READ_B,
    request: async (who) => ({
      method: 'PATCH',
      url: `/api/v1/catalog/${await newItemB(who)}`,
      payload: { price: 1 },
    }),
    untouched: async (who) => {
      const item = await itemOfB(who);
      if (item?.price !== 8000) throw new Error(`${who} repriced B's item: ${JSON.stringify(item)}`);
    },
  },
  {
    method: 'DELETE',
    url: '/api/v1/catalog/:id',
    expect: [401, 401, 204, 204, 404, 204, 204, 404],
    request: async (who) => ({ method: 'DELETE', url: `/api/v1/catalog/${await newItemB(who)}` }),
    untouched: async (who) => {
      if (!(await itemOfB(who))) throw new Error(`${who} removed B's item`);
    },
  },
  {
    method: 'GET',
    url: '/api/v1/catalog.csv',
    expect: READ_B,
    request: () => get(`/api/v1/catalog.csv?merchantId=${ids.merchantB}`),
  },
  {
    method: 'POST',
    url: '/api/v1/catalog/import',
    expect: [401, 401, 200, 200, 404, 200, 200, 404],
    request: () => ({
      method: 'POST',
      url: `/api/v1/catalog/import?merchantId=${ids.merchantB}`,
      headers: { 'content-type': 'text/csv' },
      payload: `name,unit,price\nXôi ${uniq()},gói,15000\n`,
    }),
  },

  {
    method: 'POST',
    url: '/api/v1/qr/decode',
    expect: PUBLIC(200),
    request: () => ({ method: 'POST', url: '/api/v1/qr/decode', payload: { payload: ids.qrPayload } }),
  },

  {
    method: 'POST',
    url: '/api/v1/payment-requests',
    expect: MERCHANT_NEW(201),
    request: () => ({ method: 'POST', url: '/api/v1/payment-requests', payload: { amount: 15000 } }),
  },
  {
    method: 'GET',
    url: '/api/v1/payment-requests/:id',
    expect: READ_B,
    request: () => get(`/api/v1/payment-requests/${ids.prB}`),
  },
  {
    method: 'GET',
    url: '/api/v1/payment-requests/:id/qr.:format',
    expect: READ_B,
    request: () => get(`/api/v1/payment-requests/${ids.prB}/qr.svg`),
  },
  {
    method: 'GET',
    url: '/api/v1/payment-requests/:id/qr.:format',
    expect: READ_B,
    request: () => get(`/api/v1/payment-requests/${ids.prB}/qr.png`),
  },
  {
    method: 'POST',
    url: '/api/v1/payment-requests/:id/cancel',
    expect: MERCHANT_OWN(200),
    request: async (who) => {
      const pr = await newPaymentRequest(ctx, b);
      freshPrB.set(who, pr.id);
      return { method: 'POST', url: `/api/v1/payment-requests/${pr.id}/cancel` };
    },
    untouched: async (who, _request) => {
      const pr = await call({ method: 'GET', url: `/api/v1/payment-requests/${freshPrB.get(who)}`, token: b.apiKey });
      if (pr.body.status !== 'pending') throw new Error(`${who} changed B's payment request: ${pr.body.status}`);
    },
  },

  { method: 'GET', url: '/api/v1/payments', expect: STAFF_ONLY(200), request: () => get('/api/v1/payments') },
  {
    method: 'GET',
    url: '/api/v1/payments/waiting',
    expect: [401, 401, 403, 403, 200, 200, 403, 403],
    request: () => get('/api/v1/payments/waiting'),
  },
  {
    method: 'POST',
    url: '/api/v1/payments/:id/assign',
    expect: STAFF_ON_B(200),
    request: async () => ({
      method: 'POST',
      url: `/api/v1/payments/${await newUnderpaidPayment(ctx, b)}/assign`,
      payload: { merchantId: ids.merchantB },
    }),
  },
  {
    // Money that reached no stall is in no site: only unscoped staff and admins review it.
    method: 'POST',
    url: '/api/v1/payments/:id/assign',
    expect: [401, 401, 200, 200, 403, 403, 404, 404],
    request: async () => ({
      method: 'POST',
      url: `/api/v1/payments/${await newUnmatchedPayment(ctx)}/assign`,
      payload: { merchantId: ids.merchantB },
    }),
  },
  {
    method: 'POST',
    url: '/api/v1/payments/:id/close',
    expect: STAFF_ON_B(200),
    request: async () => ({
      method: 'POST',
      url: `/api/v1/payments/${await newUnderpaidPayment(ctx, b)}/close`,
      payload: { note: 'Trả lại khách' },
    }),
  },
  {
    method: 'POST',
    url: '/api/v1/payments/:id/close',
    expect: [401, 401, 200, 200, 403, 403, 404, 404],
    request: async () => ({
      method: 'POST',
      url: `/api/v1/payments/${await newUnmatchedPayment(ctx)}/close`,
      payload: { note: 'Ngân hàng hoàn tiền' },
    }),
  },

  {
    method: 'POST',
    url: '/api/v1/sales',
    expect: MERCHANT_NEW(201),
    request: () => ({ method: 'POST', url: '/api/v1/sales', payload: { amount: 10000, method: 'cash' } }),
  },
  {
    method: 'GET',
    url: '/api/v1/sales',
    expect: LIST,
    request: () => get(`/api/v1/sales?merchantId=${ids.merchantB}`),
  },
  {
    method: 'GET',
    url: '/api/v1/sales.csv',
    expect: LIST,
    request: () => get(`/api/v1/sales.csv?merchantId=${ids.merchantB}`),
  },
  {
    method: 'POST',
    url: '/api/v1/sales/:id/refunds',
    expect: MERCHANT_OWN(201),
    request: async (who) => {
      const sale = await newCashSale(ctx, b, 20000);
      freshSaleB.set(who, sale.sale.id);
      return {
        method: 'POST',
        url: `/api/v1/sales/${sale.sale.id}/refunds`,
        payload: { amount: 5000, reason: 'trả lại' },
      };
    },
    untouched: async (who) => {
      const sales = await call({ method: 'GET', url: '/api/v1/sales?limit=500', token: b.apiKey });
      const sale = sales.body.items.find((s: any) => s.id === freshSaleB.get(who));
      if (!sale || sale.refundedAmount !== 0) throw new Error(`${who} refunded B's sale: ${JSON.stringify(sale)}`);
    },
  },

  {
    method: 'GET',
    url: '/api/v1/invoices',
    expect: LIST,
    request: () => get(`/api/v1/invoices?merchantId=${ids.merchantB}`),
  },
  {
    method: 'GET',
    url: '/api/v1/invoices/:id',
    expect: READ_B,
    request: () => get(`/api/v1/invoices/${ids.invoiceB}`),
  },
  {
    method: 'GET',
    url: '/api/v1/invoices/:id/xml',
    expect: READ_B,
    request: () => get(`/api/v1/invoices/${ids.invoiceB}/xml`),
  },
  { method: 'GET', url: '/i/:lookup', expect: PUBLIC(200), request: () => get(`/i/${ids.lookupB}`) },
  { method: 'GET', url: '/i/:lookup', expect: PUBLIC(200), request: () => get(`/i/${ids.lookupB}.json`) },
  { method: 'GET', url: '/i/:lookup', expect: PUBLIC(200), request: () => get(`/i/${ids.lookupB}.xml`) },
  {
    // Public by design: whoever holds the receipt's unguessable code may put their details on it.
    method: 'POST',
    url: '/i/:lookup/buyer',
    expect: PUBLIC(201),
    request: async (who) => {
      const sale = await newCashSale(ctx, b, 12000);
      freshLookupB.set(who, sale.invoice.lookupCode);
      return { method: 'POST', url: `/i/${sale.invoice.lookupCode}/buyer`, payload: { name: 'Nguyễn Văn D' } };
    },
  },

  { method: 'GET', url: '/api/v1/stats', expect: PUBLIC(200), request: () => get('/api/v1/stats') },
  { method: 'GET', url: '/api/v1/stats/daily.csv', expect: PUBLIC(200), request: () => get('/api/v1/stats/daily.csv') },
  {
    method: 'POST',
    url: '/api/v1/ws-tickets',
    expect: MERCHANT_NEW(201),
    request: () => ({ method: 'POST', url: '/api/v1/ws-tickets' }),
  },

  { method: 'GET', url: '/sandbox/institutions', expect: PUBLIC(200), request: () => get('/sandbox/institutions') },
  {
    method: 'POST',
    url: '/sandbox/transfers',
    expect: PUBLIC(201),
    request: async () => {
      const qr = await call({ method: 'GET', url: `/api/v1/merchants/${ids.merchantB}/qr.txt`, token: b.apiKey });
      return {
        method: 'POST',
        url: '/sandbox/transfers',
        payload: { payload: qr.raw, amount: 9000, payerBank: 'VCB' },
      };
    },
  },
  {
    // Bearer tokens mean nothing to a webhook: only the provider's signature counts.
    method: 'POST',
    url: '/webhooks/:provider',
    expect: PUBLIC(200),
    request: () => {
      const d = sandboxDelivery({
        id: newTxId(),
        accountNumber: b.merchant.payout.accountNumber,
        bin: b.merchant.payout.bin,
        amount: 8000,
        description: 'ck',
      });
      return { method: 'POST', url: '/webhooks/sandbox', headers: d.headers, payload: d.body };
    },
  },

  {
    method: 'POST',
    url: '/api/v1/activations',
    expect: STAFF_ONLY(201),
    request: () => ({
      method: 'POST',
      url: '/api/v1/activations',
      payload: { provider: 'viettel_money', phone: `0912${String(++phoneSeq).padStart(6, '0')}`, ward: 'Thục Phán' },
    }),
  },
  {
    method: 'POST',
    url: '/api/v1/activations/import',
    expect: STAFF_ONLY(200),
    request: () => ({
      method: 'POST',
      url: '/api/v1/activations/import',
      headers: { 'content-type': 'text/csv' },
      payload: `provider,phone,ward\nvnpt_money,0988${String(++phoneSeq).padStart(6, '0')},Nùng Trí Cao\n`,
    }),
  },
  { method: 'GET', url: '/api/v1/activations', expect: STAFF_ONLY(200), request: () => get('/api/v1/activations') },
  {
    method: 'GET',
    url: '/api/v1/tax-authority/unaccepted',
    expect: STAFF_ONLY(200),
    request: () => get('/api/v1/tax-authority/unaccepted'),
  },
  {
    method: 'GET',
    url: '/api/v1/activations.csv',
    expect: STAFF_ONLY(200),
    request: () => get('/api/v1/activations.csv'),
  },
  {
    method: 'GET',
    url: '/api/v1/activations/summary',
    expect: STAFF_ONLY(200),
    request: () => get('/api/v1/activations/summary'),
  },
  {
    method: 'GET',
    url: '/api/v1/activations/providers',
    expect: STAFF_ONLY(200),
    request: () => get('/api/v1/activations/providers'),
  },

  // Reports are staff-only: no stall reads a site's figures. Kim Đồng is B's site: staff of another province get 404.
  ...(['daily', 'daily.csv', 'monthly', 'monthly.csv'] as const).map((what): Row => ({
    method: 'GET',
    url: `/api/v1/reports/${what}`,
    expect: STAFF_ON_B(200),
    request: () =>
      get(`/api/v1/reports/${what}?site=kim-dong&${what.startsWith('daily') ? 'date=2026-12-07' : 'month=2026-12'}`),
  })),

  { method: 'GET', url: '/', expect: PUBLIC(302), request: () => get('/') },
  ...[
    '/board',
    '/m',
    '/m/sw.js',
    '/pay',
    '/admin',
    '/admin/activations',
    '/admin/activations/sample.csv',
    '/reports',
    '/favicon.ico',
    '/docs',
    '/docs/',
    '/docs/json',
    '/docs/yaml',
  ].map((url): Row => ({ method: 'GET', url, expect: PUBLIC(200), request: () => get(url) })),
  // The boards are public: a site's and a province's, whatever the credential.
  { method: 'GET', url: '/board/national', expect: PUBLIC(200), request: () => get('/board/national') },
  { method: 'GET', url: '/board/:slug', expect: PUBLIC(200), request: () => get('/board/kim-dong') },
  { method: 'GET', url: '/board/province/:code', expect: PUBLIC(200), request: () => get('/board/province/04') },
  { method: 'GET', url: '/docs/*', expect: PUBLIC(200), request: () => get('/docs/static/swagger-ui.css') },
];

t.test('every route in the catalog has a row in the matrix (websockets: below)', async (t) => {
  const covered = new Set(ROWS.map((r) => routeKey(r.method, r.url)));
  const missing = ROUTES.filter((r) => r.kind !== 'ws' && !covered.has(routeKey(r.method, r.url))).map((r) =>
    routeKey(r.method, r.url),
  );
  t.same(missing, [], 'add a row for each new route');
  const stale = [...covered].filter((k) => !ROUTES.some((r) => routeKey(r.method, r.url) === k));
  t.same(stale, [], 'every row names a catalog route');
});

t.test('route × caller: the statuses in the table', async (t) => {
  let cells = 0;
  const mismatches: string[] = [];
  for (const row of ROWS) {
    for (const [i, who] of WHO.entries()) {
      const request = await row.request(who);
      const res = await call({ ...request, token: tokenOf[who] });
      cells += 1;
      const expected = row.expect[i];
      if (res.status !== expected)
        mismatches.push(
          `${request.method} ${request.url} as ${who}: expected ${expected}, got ${res.status} ${res.raw.slice(0, 160)}`,
        );
      if (res.status >= 400) {
        t.match(
          res.body,
          { error: { code: String, message: String } },
          `${request.method} ${request.url} as ${who}: standard error shape`,
        );
      }
      if (expected === 404 && who === 'merchantA')
        t.equal(res.body?.error?.code, 'not_found', `${request.url}: B's row is "not found" to A`);
      if (row.untouched && res.status >= 400) await row.untouched(who, request);
    }
  }
  t.same(mismatches, [], `${cells} cells (${ROWS.length} rows × ${WHO.length} callers) as in the table`);
  t.comment(`auth matrix: ${cells} cells checked`);
});

t.test('merchant A sees nothing of B in its lists and exports, whatever it asks for', async (t) => {
  const bIds = [ids.merchantB, ids.saleB, ids.invoiceB, ids.prB, ids.lookupB, b.merchant.stallCode];
  const asA = (url: string) => call({ method: 'GET', url, token: a.apiKey });
  const pages = [
    await asA(`/api/v1/sales?merchantId=${ids.merchantB}&limit=500`),
    await asA(`/api/v1/sales.csv?merchantId=${ids.merchantB}`),
    await asA(`/api/v1/invoices?merchantId=${ids.merchantB}&limit=200`),
    await asA('/api/v1/merchants/me'),
  ];
  for (const page of pages) {
    t.equal(page.status, 200);
    for (const id of bIds) t.notOk(page.raw.includes(id), `no ${id} of B`);
  }
  const sales = pages[0].body.items as Array<{ merchantId: string }>;
  t.ok(sales.length > 0, 'A has sales of its own');
  t.ok(
    sales.every((s) => s.merchantId === ids.merchantA),
    "only A's sales",
  );
  t.ok(
    (pages[2].body.items as Array<{ merchantId: string }>).every((i) => i.merchantId === ids.merchantA),
    "only A's invoices",
  );
  t.equal(pages[3].body.id, ids.merchantA, '/me is A');

  // Other spellings of B's ids in URLs are refused the same way.
  for (const url of [
    `/api/v1/merchants/${ids.merchantB.toUpperCase()}`,
    `/api/v1/payment-requests/${ids.prB.toUpperCase()}`,
    `/api/v1/invoices/${ids.invoiceB.toUpperCase()}`,
  ]) {
    const res = await asA(url);
    t.equal(res.status, 404, `${url} (upper case) is not found for A`);
  }
});

t.test("staff of another province find nothing of B's in any list or export; staff of B's site find it", async (t) => {
  const bIds = [ids.merchantB, ids.saleB, ids.invoiceB, b.merchant.stallCode];
  const lists = [
    '/api/v1/merchants?limit=200',
    '/api/v1/sales?limit=500',
    '/api/v1/sales.csv',
    '/api/v1/invoices?limit=200',
    '/api/v1/payments?limit=200',
    '/api/v1/tax-authority/unaccepted',
  ];
  for (const url of lists) {
    const out = await call({ method: 'GET', url, token: staffOutToken });
    t.equal(out.status, 200, `${url} as staff of Cà Mau`);
    for (const id of bIds) t.notOk(out.raw.includes(id), `${url}: no ${id} of B for staff of Cà Mau`);
    if (!url.startsWith('/api/v1/tax-authority')) {
      const inScope = await call({ method: 'GET', url, token: staffInToken });
      // sales.csv names a stall by its code (and name), not its id.
      const marker = url === '/api/v1/sales.csv' ? b.merchant.stallCode : ids.merchantB;
      t.ok(inScope.raw.includes(marker), `${url}: B's rows for staff of Kim Đồng`);
    }
  }
  const payments = await call({ method: 'GET', url: '/api/v1/payments?limit=200', token: staffInToken });
  t.ok(
    (payments.body.items as Array<{ merchantId: string | null }>).every((p) => p.merchantId !== null),
    'money that reached no stall is in no site: not in a scoped list',
  );
  const all = await call({ method: 'GET', url: '/api/v1/payments?limit=200', token: world.staffToken });
  t.ok(
    (all.body.items as Array<{ merchantId: string | null }>).some((p) => p.merchantId === null),
    'unscoped staff see it',
  );
  // Other spellings of B's ids are refused the same way.
  for (const url of [
    `/api/v1/merchants/${ids.merchantB.toUpperCase()}`,
    `/api/v1/invoices/${ids.invoiceB.toUpperCase()}`,
    `/api/v1/catalog?merchantId=${ids.merchantB.toUpperCase()}`,
  ]) {
    const res = await call({ method: 'GET', url, token: staffOutToken });
    t.equal(res.status, 404, `${url} (upper case) is not found for staff of Cà Mau`);
  }
  // Activations are scoped by ward: those of Kim Đồng's ward for its staff, none of Cao Bằng's for Cà Mau's.
  const activationsOf = async (token: string) =>
    (await call({ method: 'GET', url: '/api/v1/activations?limit=200', token })).body.items as Array<{
      wardCode: string | null;
    }>;
  const everyone = await activationsOf(world.adminToken);
  const inKimDong = await activationsOf(staffInToken);
  t.ok(inKimDong.length > 0, 'staff of Kim Đồng see its ward’s activations');
  t.ok(
    inKimDong.every((a) => a.wardCode === '01273'),
    'and only those',
  );
  t.equal(inKimDong.length, everyone.filter((a) => a.wardCode === '01273').length, 'all of them');
  t.same(await activationsOf(staffOutToken), [], 'staff of Cà Mau see none of Cao Bằng’s');
  const summary = await call({ method: 'GET', url: '/api/v1/activations/summary', token: staffOutToken });
  t.equal(summary.body.total, 0, 'nor count them in the summary');
  const csv = await call({ method: 'GET', url: '/api/v1/activations.csv', token: staffOutToken });
  t.equal(csv.raw.trim().split(/\r?\n/).length, 1, 'nor export them (header only)');

  const me = await call({ method: 'GET', url: '/api/v1/staff/me', token: staffOutToken });
  t.same(me.body.scope, { kind: 'province', provinceCode: '96' }, 'a staff member sees their own scope');
});

t.test("nothing of B changed after A's attempts", async (t) => {
  const pr = await call({ method: 'GET', url: `/api/v1/payment-requests/${ids.prB}`, token: b.apiKey });
  t.equal(pr.body.status, 'pending', "B's payment request is still pending");
  const attempts = [
    await call({ method: 'POST', url: `/api/v1/payment-requests/${ids.prB}/cancel`, token: a.apiKey }),
    await call({
      method: 'POST',
      url: `/api/v1/sales/${ids.saleB}/refunds`,
      token: a.apiKey,
      payload: { amount: 1000 },
    }),
    await call({ method: 'POST', url: `/api/v1/merchants/${ids.merchantB}/api-keys`, token: a.apiKey }),
    await call({
      method: 'POST',
      url: `/api/v1/payments/${ids.paymentId}/assign`,
      token: a.apiKey,
      payload: { merchantId: ids.merchantA },
    }),
  ];
  t.same(
    attempts.map((r) => r.status),
    [404, 404, 403, 403],
  );
  t.equal(
    (await call({ method: 'GET', url: `/api/v1/payment-requests/${ids.prB}`, token: b.apiKey })).body.status,
    'pending',
  );
  const sales = await call({ method: 'GET', url: '/api/v1/sales?limit=500', token: b.apiKey });
  t.equal(sales.body.items.find((s: any) => s.id === ids.saleB)?.refundedAmount, 0, "B's sale is not refunded");
  t.equal(
    (await call({ method: 'GET', url: '/api/v1/merchants/me', token: b.apiKey })).status,
    200,
    "B's key still works",
  );
});

t.test('a rotated merchant key stops working at once', async (t) => {
  // The matrix rotated stall C's key (admin and staff rows): the key C was onboarded with is dead.
  const old = await call({ method: 'GET', url: '/api/v1/merchants/me', token: world.c.apiKey });
  t.equal(old.status, 401);
  t.equal(old.body.error.code, 'invalid_token');
  const rotated = await ok(
    await call({ method: 'POST', url: `/api/v1/merchants/${ids.merchantC}/api-keys`, token: world.adminToken }),
    201,
    'rotate',
  );
  t.equal(
    (await call({ method: 'GET', url: '/api/v1/merchants/me', token: rotated.apiKey })).body.id,
    ids.merchantC,
    'the new key works',
  );
  await ok(
    await call({ method: 'POST', url: `/api/v1/merchants/${ids.merchantC}/api-keys`, token: world.adminToken }),
    201,
    'rotate again',
  );
  t.equal(
    (await call({ method: 'GET', url: '/api/v1/merchants/me', token: rotated.apiKey })).status,
    401,
    'and is refused once rotated again',
  );
});

t.test("an Idempotency-Key is scoped to its caller: B never gets A's stored answer", async (t) => {
  const key = `shared-${uniq()}`;
  const first = await call({
    method: 'POST',
    url: '/api/v1/sales',
    token: a.apiKey,
    headers: { 'idempotency-key': key },
    payload: { amount: 11000, method: 'cash' },
  });
  t.equal(first.status, 201);
  const second = await call({
    method: 'POST',
    url: '/api/v1/sales',
    token: b.apiKey,
    headers: { 'idempotency-key': key },
    payload: { amount: 11000, method: 'cash' },
  });
  t.equal(second.status, 201);
  t.equal(second.body.sale.merchantId, ids.merchantB, "B's own sale");
  t.not(second.body.sale.id, first.body.sale.id);
  t.notOk(second.headers['idempotent-replayed'], "not a replay of A's answer");
});

// ---------------------------------------------------------------------------------------------------------------
// Websocket tickets, over a real listening server.

const wsUrl = (ticket?: string) =>
  `ws://127.0.0.1:${address.port}/ws/merchant${ticket === undefined ? '' : `?ticket=${encodeURIComponent(ticket)}`}`;

/** Opens a socket and collects what happens: messages, and the close code if the server closes it. */
function connect(url: string) {
  const socket = new WebSocket(url);
  const messages: any[] = [];
  let closeCode: number | null = null;
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve((closeCode = code))));
  socket.on('message', (raw) => messages.push(JSON.parse(String(raw))));
  socket.on('error', () => {});
  return {
    socket,
    messages,
    closed,
    get closeCode() {
      return closeCode;
    },
    async waitFor(test: (m: any) => boolean, ms = 5000) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const m = messages.find(test);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no matching message in ${ms} ms: ${JSON.stringify(messages).slice(0, 400)}`);
    },
  };
}

const ticketOf = async (token: string) =>
  ok<{ ticket: string }>(await call({ method: 'POST', url: '/api/v1/ws-tickets', token }), 201, 'ticket');
const secret = ctx.app.secrets.wsTicketKey;

t.test('a ticket speaks for its merchant only; forged, altered and expired tickets close with 4401', async (t) => {
  const { ticket } = await ticketOf(a.apiKey);
  const [merchantId, expires, nonce, mac] = ticket.split('.');
  t.equal(merchantId, ids.merchantA);
  const refused: Record<string, string | undefined> = {
    'no ticket': undefined,
    'empty ticket': '',
    garbage: 'not-a-ticket',
    "A's ticket altered to B": [ids.merchantB, expires, nonce, mac].join('.'),
    "A's ticket with its expiry pushed back": [merchantId, String(Number(expires) + 3_600_000), nonce, mac].join('.'),
    "A's ticket with another nonce": [merchantId, expires, 'AAAAAAAAAAA', mac].join('.'),
    "A's ticket with B's id and a mac of its own": [
      ids.merchantB,
      expires,
      nonce,
      mac.split('').reverse().join(''),
    ].join('.'),
    'an expired ticket': issueTicket(secret, ids.merchantA, Date.now() - TICKET_TTL_MS - 1000).ticket,
    'a ticket signed with another key': issueTicket('some-other-key-0123456789', ids.merchantB).ticket,
    'a ticket with a fifth part': `${ticket}.x`,
  };
  for (const [what, value] of Object.entries(refused)) {
    const client = connect(wsUrl(value));
    const code = await Promise.race([client.closed, new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
    t.equal(code, 4401, `${what}: closed with 4401`);
    t.notOk(
      client.messages.some((m) => m.type === 'hello' || m.type === 'event'),
      `${what}: nothing was sent`,
    );
  }
  for (const who of ['none', 'admin', 'staff'] as const) {
    const res = await call({ method: 'POST', url: '/api/v1/ws-tickets', token: tokenOf[who] });
    t.equal(res.status, who === 'none' ? 401 : 403, `${who} gets no ticket`);
  }
});

t.test("A's live feed carries A's sales and none of B's", async (t) => {
  const { ticket } = await ticketOf(a.apiKey);
  const client = connect(wsUrl(ticket));
  const hello = await client.waitFor((m) => m.type === 'hello');
  t.equal(hello.merchantId, ids.merchantA);
  const saleB = await newCashSale(ctx, b, 33000);
  const saleA = await newCashSale(ctx, a, 44000);
  await client.waitFor((m) => m.type === 'event' && m.event.data?.saleId === saleA.sale.id);
  const text = JSON.stringify(client.messages);
  t.notOk(text.includes(saleB.sale.id), "B's sale is not on A's feed");
  t.notOk(text.includes(ids.merchantB), "B's id is not on A's feed");
  t.notOk(text.includes(b.merchant.stallCode), "B's stall code is not on A's feed");
  client.socket.close();
  await client.closed;
});

t.test('a ticket is short-lived', async (t) => {
  const { ticket } = await ticketOf(a.apiKey);
  const expiresAt = Number(ticket.split('.')[1]);
  t.ok(expiresAt - Date.now() <= TICKET_TTL_MS + 1000, `a ticket lives at most ${TICKET_TTL_MS} ms`);
});
