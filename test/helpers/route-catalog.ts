import type { FastifyInstance } from 'fastify';

/**
 * Every route the service serves, written out by hand so the security suites (fuzzing, auth matrix) cover each one.
 * `test/security/fuzz.test.ts` checks this list both ways against the running app (its router tree) and against the
 * OpenAPI document at GET /docs/json: a route added to the app but not here fails that test, and so does a route
 * listed here that no longer exists.
 */

export type Access = 'public' | 'admin' | 'staff' | 'merchant' | 'staff-or-merchant';

/** What a path parameter stands for, so generators can put a real id (of merchant A or B) or junk in it. */
export type ParamKind =
  | 'merchantId'
  | 'paymentRequestId'
  | 'saleId'
  | 'invoiceId'
  | 'paymentId'
  | 'catalogItemId'
  | 'staffId'
  /** A staff member the fuzzer may revoke (not the one whose token it uses). */
  | 'spareStaffId'
  | 'lookup'
  | 'merchantQrFormat'
  | 'requestQrFormat'
  | 'provider'
  /** A site's slug on the board pages (an existing one, a missing one). */
  | 'siteSlug'
  /** A province's two-digit code on the board pages. */
  | 'provinceCode';

export type RouteKind = 'api' | 'page' | 'asset' | 'docs' | 'ws' | 'webhook' | 'csv-import' | 'form';

/** Ids of existing rows a template body may refer to. */
export type Ids = Record<string, string>;

export interface CatalogRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify's pattern, e.g. `/api/v1/merchants/:id/qr.:format`. */
  url: string;
  auth: Access;
  kind: RouteKind;
  params?: Record<string, ParamKind>;
  /** Query keys the route knows. */
  query?: string[];
  /** A valid body, the starting point of mutations. */
  body?: (ids: Ids) => unknown;
  /** Listed in the OpenAPI document (routes with `schema.hide` are not). */
  documented: boolean;
}

const uniq = () => Math.random().toString(36).slice(2, 8).toUpperCase();

const api = (
  r: Omit<CatalogRoute, 'kind' | 'documented'> & Partial<Pick<CatalogRoute, 'kind' | 'documented'>>,
): CatalogRoute => ({
  kind: 'api',
  documented: true,
  ...r,
});
const hidden = (method: 'GET', url: string, kind: RouteKind): CatalogRoute => ({
  method,
  url,
  auth: 'public',
  kind,
  documented: false,
});

export const ROUTES: CatalogRoute[] = [
  api({ method: 'GET', url: '/healthz', auth: 'public' }),
  api({ method: 'GET', url: '/readyz', auth: 'public' }),
  api({ method: 'GET', url: '/api/v1/admin-units/provinces', auth: 'public' }),
  api({ method: 'GET', url: '/api/v1/admin-units/wards', auth: 'public', query: ['province'] }),

  api({ method: 'POST', url: '/api/v1/staff', auth: 'admin', body: () => ({ name: 'Chị Lan', role: 'staff' }) }),
  api({ method: 'GET', url: '/api/v1/staff/me', auth: 'staff' }),
  api({ method: 'GET', url: '/api/v1/staff', auth: 'admin' }),
  api({ method: 'POST', url: '/api/v1/staff/:staffId/revoke', auth: 'admin', params: { staffId: 'spareStaffId' } }),
  api({
    method: 'PUT',
    url: '/api/v1/staff/:staffId/scope',
    auth: 'admin',
    params: { staffId: 'spareStaffId' },
    body: (ids) => (ids.siteId ? { scope: { kind: 'sites', siteIds: [ids.siteId] } } : { scope: { kind: 'all' } }),
  }),
  api({ method: 'GET', url: '/api/v1/sites', auth: 'public' }),
  api({
    method: 'POST',
    url: '/api/v1/sites',
    auth: 'admin',
    body: () => ({
      slug: `cho-${uniq().toLowerCase()}`,
      name: 'Chợ thử',
      kind: 'market',
      provinceCode: '96',
      ward: 'An Xuyên',
    }),
  }),
  api({
    method: 'PUT',
    url: '/api/v1/staff/:staffId/team',
    auth: 'admin',
    params: { staffId: 'staffId' },
    body: (ids) => ({ teamId: ids.teamId ?? null }),
  }),
  api({
    method: 'POST',
    url: '/api/v1/teams',
    auth: 'admin',
    body: () => ({ name: `Tổ ${uniq()}`, ward: 'Thục Phán' }),
  }),
  api({ method: 'GET', url: '/api/v1/teams', auth: 'staff', query: ['ward', 'limit'] }),

  api({
    method: 'POST',
    url: '/api/v1/merchants',
    auth: 'staff',
    body: (ids) => ({
      stallCode: `FZ-${Math.floor(Math.random() * 99999)}`,
      name: 'Phở Gánh',
      category: 'food',
      ward: 'Nùng Trí Cao',
      payout: { bin: '970436', accountNumber: String(Math.floor(1e9 + Math.random() * 8e9)) },
      taxMethod: 'household',
      taxCode: '0100109106',
      address: '1 Kim Đồng',
      invoiceLetters: 'KD',
      isDemo: false,
      ...(ids.siteId ? { siteId: ids.siteId } : {}),
    }),
  }),
  api({ method: 'GET', url: '/api/v1/merchants', auth: 'staff', query: ['limit', 'cursor'] }),
  api({ method: 'GET', url: '/api/v1/merchants/me', auth: 'merchant' }),
  api({ method: 'GET', url: '/api/v1/merchants/:id', auth: 'staff-or-merchant', params: { id: 'merchantId' } }),
  api({ method: 'POST', url: '/api/v1/merchants/:id/api-keys', auth: 'staff', params: { id: 'merchantId' } }),
  api({
    method: 'GET',
    url: '/api/v1/merchants/:id/qr.:format',
    auth: 'staff-or-merchant',
    params: { id: 'merchantId', format: 'merchantQrFormat' },
  }),
  api({ method: 'GET', url: '/api/v1/merchants/:id/poster', auth: 'staff-or-merchant', params: { id: 'merchantId' } }),

  api({ method: 'GET', url: '/api/v1/catalog', auth: 'staff-or-merchant', query: ['merchantId'] }),
  api({
    method: 'POST',
    url: '/api/v1/catalog',
    auth: 'staff-or-merchant',
    query: ['merchantId'],
    body: () => ({
      name: `Bún chả ${uniq()}`,
      unit: 'suất',
      price: 45000,
      vatRate: 'KCT',
      category: 'Bún',
      active: true,
      sortOrder: 1,
    }),
  }),
  api({
    method: 'PATCH',
    url: '/api/v1/catalog/:id',
    auth: 'staff-or-merchant',
    params: { id: 'catalogItemId' },
    body: () => ({ price: 50000, unit: null, category: 'Bún', active: true, sortOrder: 2 }),
  }),
  api({ method: 'DELETE', url: '/api/v1/catalog/:id', auth: 'staff-or-merchant', params: { id: 'catalogItemId' } }),
  api({ method: 'GET', url: '/api/v1/catalog.csv', auth: 'staff-or-merchant', query: ['merchantId'] }),
  api({
    method: 'POST',
    url: '/api/v1/catalog/import',
    auth: 'staff-or-merchant',
    kind: 'csv-import',
    query: ['merchantId'],
  }),

  api({
    method: 'POST',
    url: '/api/v1/qr/decode',
    auth: 'public',
    body: (ids) => ({ payload: ids.qrPayload ?? '000201' }),
  }),

  api({
    method: 'POST',
    url: '/api/v1/payment-requests',
    auth: 'merchant',
    body: () => ({
      amount: 45000,
      description: 'Bún chả',
      items: [{ name: 'Bún chả', quantity: 1, unitPrice: 45000, unit: 'bát', vatRate: 'KCT' }],
      expiresInSeconds: 600,
    }),
  }),
  api({
    method: 'GET',
    url: '/api/v1/payment-requests/:id',
    auth: 'staff-or-merchant',
    params: { id: 'paymentRequestId' },
  }),
  api({
    method: 'GET',
    url: '/api/v1/payment-requests/:id/qr.:format',
    auth: 'staff-or-merchant',
    params: { id: 'paymentRequestId', format: 'requestQrFormat' },
  }),
  api({
    method: 'POST',
    url: '/api/v1/payment-requests/:id/cancel',
    auth: 'merchant',
    params: { id: 'paymentRequestId' },
  }),

  api({ method: 'GET', url: '/api/v1/payments', auth: 'staff', query: ['outcome', 'open', 'limit', 'cursor'] }),
  api({ method: 'GET', url: '/api/v1/payments/waiting', auth: 'merchant', query: ['limit'] }),
  api({
    method: 'POST',
    url: '/api/v1/payments/:id/assign',
    auth: 'staff',
    params: { id: 'paymentId' },
    body: (ids) => ({ merchantId: ids.merchantA }),
  }),
  api({
    method: 'POST',
    url: '/api/v1/payments/:id/close',
    auth: 'staff',
    params: { id: 'paymentId' },
    body: () => ({ note: 'Trả lại tiền thừa cho khách' }),
  }),

  api({
    method: 'POST',
    url: '/api/v1/sales',
    auth: 'merchant',
    body: () => ({
      amount: 30000,
      method: 'cash',
      items: [{ name: 'Trà đá', quantity: 6, unitPrice: 5000 }],
      buyer: {
        name: 'Công ty A',
        taxCode: '0100109106',
        email: 'a@example.com',
        phone: '0912000111',
        address: 'Cao Bằng',
      },
    }),
  }),
  api({
    method: 'GET',
    url: '/api/v1/sales',
    auth: 'staff-or-merchant',
    query: ['merchantId', 'from', 'to', 'limit', 'cursor'],
  }),
  api({
    method: 'GET',
    url: '/api/v1/sales.csv',
    auth: 'staff-or-merchant',
    query: ['merchantId', 'site', 'province', 'from', 'to', 'lang'],
  }),
  ...['daily', 'daily.csv'].map((what) =>
    api({
      method: 'GET',
      url: `/api/v1/reports/${what}`,
      auth: 'staff',
      query: ['site', 'province', 'date', 'lang', 'format'],
    }),
  ),
  ...['monthly', 'monthly.csv'].map((what) =>
    api({
      method: 'GET',
      url: `/api/v1/reports/${what}`,
      auth: 'staff',
      query: ['site', 'province', 'month', 'lang', 'format'],
    }),
  ),
  api({
    method: 'POST',
    url: '/api/v1/sales/:id/refunds',
    auth: 'merchant',
    params: { id: 'saleId' },
    body: () => ({ amount: 1000, reason: 'trả lại' }),
  }),

  api({ method: 'GET', url: '/api/v1/invoices', auth: 'staff-or-merchant', query: ['merchantId', 'limit', 'cursor'] }),
  api({ method: 'GET', url: '/api/v1/invoices/:id', auth: 'staff-or-merchant', params: { id: 'invoiceId' } }),
  api({ method: 'GET', url: '/api/v1/invoices/:id/xml', auth: 'staff-or-merchant', params: { id: 'invoiceId' } }),
  api({ method: 'GET', url: '/api/v1/tax-authority/unaccepted', auth: 'staff' }),
  api({ method: 'GET', url: '/i/:lookup', auth: 'public', params: { lookup: 'lookup' } }),
  api({
    method: 'POST',
    url: '/i/:lookup/buyer',
    auth: 'public',
    kind: 'form',
    params: { lookup: 'lookup' },
    body: () => ({
      name: 'Nguyễn Văn B',
      taxCode: '0100109106',
      address: 'Cao Bằng',
      email: 'b@example.com',
      phone: '0912000222',
    }),
  }),

  api({ method: 'GET', url: '/api/v1/stats', auth: 'public' }),
  api({ method: 'GET', url: '/api/v1/stats/daily.csv', auth: 'public' }),
  api({ method: 'POST', url: '/api/v1/ws-tickets', auth: 'merchant' }),

  api({ method: 'GET', url: '/sandbox/institutions', auth: 'public' }),
  api({
    method: 'POST',
    url: '/sandbox/transfers',
    auth: 'public',
    body: (ids) => ({ payload: ids.qrPayload ?? '', amount: 12000, payerBank: 'MBB', payerName: 'Trần Thị C' }),
  }),

  api({
    method: 'POST',
    url: '/api/v1/activations',
    auth: 'staff',
    body: () => ({
      provider: 'viettel_money',
      phone: '0912345678',
      ward: 'Thục Phán',
      activatedAt: new Date(Date.now() - 60_000).toISOString(),
    }),
  }),
  api({ method: 'POST', url: '/api/v1/activations/import', auth: 'staff', kind: 'csv-import' }),
  api({
    method: 'GET',
    url: '/api/v1/activations',
    auth: 'staff',
    query: ['limit', 'cursor', 'provider', 'ward', 'teamId'],
  }),
  api({ method: 'GET', url: '/api/v1/activations.csv', auth: 'staff', query: ['provider', 'ward', 'teamId'] }),
  api({ method: 'GET', url: '/api/v1/activations/summary', auth: 'staff', query: ['days'] }),
  api({ method: 'GET', url: '/api/v1/activations/providers', auth: 'staff' }),

  {
    method: 'POST',
    url: '/webhooks/:provider',
    auth: 'public',
    kind: 'webhook',
    params: { provider: 'provider' },
    documented: true,
  },
  hidden('GET', '/ws/board', 'ws'),
  { ...hidden('GET', '/ws/merchant', 'ws'), query: ['ticket'] },

  hidden('GET', '/', 'page'),
  hidden('GET', '/board', 'page'),
  hidden('GET', '/board/national', 'page'),
  { ...hidden('GET', '/board/:slug', 'page'), params: { slug: 'siteSlug' } },
  { ...hidden('GET', '/board/province/:code', 'page'), params: { code: 'provinceCode' } },
  hidden('GET', '/m', 'page'),
  hidden('GET', '/m/sw.js', 'asset'),
  hidden('GET', '/pay', 'page'),
  hidden('GET', '/admin', 'page'),
  hidden('GET', '/admin/activations', 'page'),
  hidden('GET', '/admin/activations/sample.csv', 'asset'),
  hidden('GET', '/reports', 'page'),
  hidden('GET', '/favicon.ico', 'asset'),

  hidden('GET', '/docs', 'docs'),
  hidden('GET', '/docs/', 'docs'),
  hidden('GET', '/docs/json', 'docs'),
  hidden('GET', '/docs/yaml', 'docs'),
  hidden('GET', '/docs/*', 'docs'),
];

/**
 * Static files: any number of them may come and go (a new stylesheet is not a new route to secure). Every route under
 * these prefixes is a public GET of a file; the fuzz test still sends junk to each one it finds.
 */
export const STATIC_PREFIXES = ['/assets/', '/docs/static/'];

export const routeKey = (method: string, url: string) => `${method} ${url}`;

/**
 * The (method, url) pairs the app's router holds, read from `printRoutes` (Fastify has no route list once built).
 * HEAD routes Fastify adds beside each GET are left out.
 */
export function routerRoutes(app: FastifyInstance): Array<{ method: string; url: string }> {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const found: Array<{ method: string; url: string }> = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const url = stack.join('');
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (method !== 'HEAD') found.push({ method, url });
    }
  }
  return found;
}

/** OpenAPI paths (`/a/{id}/qr.{format}`) in Fastify's spelling (`/a/:id/qr.:format`). */
export const fromOpenApiPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');
