import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { helmetHeaders } from '../../src/http/security.plugin.js';

const ctx = await startTestApp(t, { PUBLIC_RATE_LIMIT: '5' });
const { call } = ctx;

t.test('security headers on API responses', async (t) => {
  const res = await call({ method: 'GET', url: '/healthz' });
  t.equal(res.headers['x-content-type-options'], 'nosniff');
  t.equal(res.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
  t.ok(res.headers['strict-transport-security']);
  t.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
});

t.test("helmet's full header set on every kind of response, computed once", async (t) => {
  const expected = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  };
  const requests = [
    { method: 'GET', url: '/healthz' }, // API, 200
    { method: 'GET', url: '/pay' }, // page
    { method: 'GET', url: '/no-such-page' }, // 404
    { method: 'GET', url: '/api/v1/sales' }, // 401
    { method: 'POST', url: '/webhooks/sandbox', payload: '{}' }, // webhook refused
  ] as const;
  for (const request of requests) {
    const res = await call(request);
    for (const [name, value] of Object.entries(expected))
      t.equal(res.headers[name], value, `${request.url} (${res.status}): ${name}`);
    t.notOk(res.headers['x-powered-by']);
  }
  t.throws(() => helmetHeaders({}), /content-security policy/, 'a policy (which may use the request) is never frozen');
});

t.test('pages get a nonce-based policy and every inline script carries the nonce', async (t) => {
  for (const url of ['/pay', '/board']) {
    const res = await call({ method: 'GET', url });
    const csp = String(res.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    t.ok(nonce, `${url} has a nonce`);
    t.match(csp, "script-src 'self' 'nonce-");
    t.notMatch(csp, /script-src[^;]*unsafe-inline/, 'no unsafe-inline scripts');
    const scripts = res.raw.match(/<script[^>]*>/g) ?? [];
    t.ok(scripts.length > 0);
    t.ok(
      scripts.every((s) => s.includes(`nonce="${nonce}"`)),
      `${url}: every script has the nonce`,
    );
    t.notMatch(res.raw, /\son(click|load|error)=/, 'no inline event handlers');
    t.match(csp, `style-src 'self' 'nonce-${nonce}'`, 'inline styles only with the nonce');
    t.notMatch(csp, /style-src[^;]*unsafe-inline/, 'no style="" attributes');
    const styles = res.raw.match(/<style[^>]*>/g) ?? [];
    t.ok(
      styles.length > 0 && styles.every((s) => s.includes(`nonce="${nonce}"`)),
      `${url}: every <style> has the nonce`,
    );
    t.notMatch(res.raw, /\sstyle="/, 'no style attributes in the page');
  }
  const a = (await call({ method: 'GET', url: '/pay' })).headers['content-security-policy'];
  const b = (await call({ method: 'GET', url: '/pay' })).headers['content-security-policy'];
  t.not(a, b, 'a fresh nonce per response');
});

t.test("the stall app's worker and manifest: allowed from this origin only, nothing else loosened", async (t) => {
  const page = String((await call({ method: 'GET', url: '/m' })).headers['content-security-policy']);
  t.match(page, "worker-src 'self';");
  t.match(page, "manifest-src 'self';");
  t.match(page, "default-src 'self';");
  t.match(page, "object-src 'none';");
  const worker = await call({ method: 'GET', url: '/m/sw.js' });
  t.equal(
    worker.headers['content-security-policy'],
    "default-src 'none'; connect-src 'self'; frame-ancestors 'none'",
    'the worker itself may only fetch from this origin (to fill its cache)',
  );
  t.equal(worker.headers['x-content-type-options'], 'nosniff');
});

t.test('public routes are rate limited per IP with the standard error shape', async (t) => {
  const statuses: number[] = [];
  let limited: any = null;
  for (let i = 0; i < 7; i++) {
    const res = await call({ method: 'POST', url: '/api/v1/qr/decode', payload: { payload: 'x' } });
    statuses.push(res.status);
    if (res.status === 429) limited = res;
  }
  t.same(statuses, [422, 422, 422, 422, 422, 429, 429]);
  t.equal(limited.body.error.code, 'rate_limited');
  t.ok(limited.headers['retry-after']);
  t.equal((await call({ method: 'GET', url: '/healthz' })).status, 200, 'other routes are not limited');
});

t.test('merchant routes carry no limit beyond tickets; staff routes none', async (t) => {
  const stall = await onboardStall(ctx);
  for (let i = 0; i < 8; i++)
    t.equal((await call({ method: 'GET', url: '/api/v1/merchants/me', token: stall.apiKey })).status, 200);
});
