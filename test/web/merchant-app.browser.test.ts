// The stall app /m as an installed app in the field: the manifest and service worker, opening with no network, a
// cash sale made offline that is kept on the phone and sent exactly once, and the cash sale's confirmation step.
import t from 'tap';
import type { BrowserContext, Page } from 'playwright-core';
import { vietnamDay } from '../../src/time/vietnam.js';
import { startTestApp } from '../helpers/app.js';
import { ARTIFACTS, launchBrowser, watchCsp } from '../helpers/browser.js';
import { onboardStall } from '../helpers/fixtures.js';

const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const csp: string[][] = []; // one list per page, filled as the pages run

  /** A phone: its own browser profile (service worker, caches, localStorage), 360 px wide. */
  async function phoneContext(): Promise<BrowserContext> {
    const context = await browser!.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    t.teardown(() => context.close());
    return context;
  }

  async function open(context: BrowserContext, apiKey: string | null, name?: string): Promise<Page> {
    const page = await context.newPage();
    csp.push(watchCsp(page));
    await page.goto(`${base}/m${apiKey ? `#key=${apiKey}` : ''}`);
    if (name) await page.waitForFunction((n) => document.getElementById('stall-name')!.textContent === n, name);
    return page;
  }

  /** Waits until the service worker is active and controls the page (so its caches are filled). */
  const controlled = (page: Page) =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      return registration.scope;
    });

  async function type(page: Page, keys: string[]) {
    for (const key of keys) await page.tap(`#keypad button[data-key="${key}"]`);
  }

  /** The stall's sales of today as the API lists them. */
  async function salesOf(apiKey: string, amount: number) {
    const res = await ctx.call({ method: 'GET', url: `/api/v1/sales?from=${vietnamDay(new Date())}`, token: apiKey });
    if (res.status !== 200) throw new Error(`GET /api/v1/sales: ${res.status}`);
    return (res.body.items as Array<{ id: string; amount: number; method: string }>).filter((s) => s.amount === amount);
  }

  /** Width and height from a PNG's IHDR chunk. */
  const pngSize = (png: Buffer) => `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;

  t.test('installable: a valid manifest with fetchable icons, and a worker that controls /m', async (t) => {
    const page = await (await phoneContext()).newPage();
    csp.push(watchCsp(page));
    await page.goto(`${base}/m`);
    const href = await page.getAttribute('link[rel="manifest"]', 'href');
    const res = await fetch(new URL(href!, base));
    t.equal(res.status, 200);
    t.match(res.headers.get('content-type'), /^application\/manifest\+json/);
    const manifest = await res.json();
    t.match(manifest, {
      name: /Quầy hàng/,
      short_name: String,
      start_url: '/m',
      scope: '/m',
      display: 'standalone',
      theme_color: '#c8102e',
    });
    const sizes: string[] = [];
    for (const icon of manifest.icons) {
      const file = await fetch(new URL(icon.src, base));
      t.equal(file.status, 200, icon.src);
      t.equal(file.headers.get('content-type'), 'image/png', icon.src);
      t.equal(icon.type, 'image/png');
      const png = Buffer.from(await file.arrayBuffer());
      t.equal(pngSize(png), icon.sizes, `${icon.src} is ${icon.sizes}`);
      t.ok(png.length < 16_000, `${icon.src} is small (${png.length} bytes)`);
      sizes.push(`${icon.sizes} ${icon.purpose}`);
    }
    t.same(sizes.sort(), ['192x192 any', '512x512 any', '512x512 maskable']);

    const worker = await fetch(`${base}/m/sw.js`);
    t.equal(worker.headers.get('cache-control'), 'no-cache');
    t.equal(worker.headers.get('service-worker-allowed'), '/m');
    t.match(worker.headers.get('content-type'), /^text\/javascript/);
    const source = await worker.text();
    const shell = JSON.parse(/const SHELL = (\[.*\]);/.exec(source)![1]) as string[];
    for (const url of ['/m', '/assets/merchant.js', '/assets/merchant-cash.js', '/assets/shared/cash-queue.js'])
      t.ok(shell.includes(url), `${url} is precached`);
    for (const url of ['/assets/merchant.webmanifest', '/assets/icon-512.png'])
      t.ok(shell.includes(url), `${url} is precached`);
    // The page's stylesheets travel inside it (src/web/delivery.ts); any still linked must be precached too.
    const page0 = await (await fetch(`${base}/m`)).text();
    const linked = [...page0.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    for (const url of linked) t.ok(shell.includes(url), `${url} is precached`);
    t.notOk(page0.includes('href="/assets/common.css"'), 'common.css is written into the page, not fetched');
    t.notOk(
      shell.some((u) => u.startsWith('/api/') || u.includes('board') || u.includes('admin')),
      'no API, no other page',
    );

    t.equal(await controlled(page), `${base}/m`, 'scope /m');
    t.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the worker controls /m');
    // Chromium's own verdict on installability (manifest, icons, worker, start URL in scope).
    const cdp = await page.context().newCDPSession(page);
    const { errors } = (await cdp.send('Page.getAppManifest')) as { errors: unknown[] };
    t.same(errors, [], 'Chromium reads the manifest without errors');
    // Test browsers are incognito profiles, which Chromium never installs to: that one reason is the browser's, not ours.
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    t.same(
      installabilityErrors.filter((e) => e.errorId !== 'in-incognito'),
      [],
      'Chromium finds nothing in the app that stops installing',
    );
    await page.close();
  });

  t.test('/m opens offline after one visit, says so in both languages, and refuses a QR code', async (t) => {
    const stall = await onboardStall(ctx, { name: 'Phở Gánh' });
    const context = await phoneContext();
    const page = await open(context, stall.apiKey, 'Phở Gánh');
    await controlled(page);
    t.notOk(await page.isVisible('#offline-note'), 'online: no notice');

    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => document.getElementById('stall-name')!.textContent === 'Phở Gánh');
    t.ok(await page.isVisible('#keypad'), 'the app, from the phone, signed in');
    t.match(await page.textContent('#offline-note'), /^Mất mạng – đang ngoại tuyến/);
    t.ok(await page.isVisible('#offline-note'));
    t.equal(await page.textContent('#today-total'), '–', 'no total is made up offline');
    const answered = await page.evaluate(() =>
      fetch('/api/v1/sales').then(
        () => 'answered',
        () => 'failed',
      ),
    );
    t.equal(answered, 'failed', 'the API is never answered from the cache');
    await page.screenshot({ path: `${ARTIFACTS}merchant-offline.png` });

    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await type(page, ['4', '5', '000']);
    await page.tap('#create-qr');
    t.match(await page.textContent('#sell-msg'), /Cần có mạng để tạo mã QR/);
    t.notOk(await page.isVisible('#qr-screen'));
    t.same(
      requests.filter((u) => u.includes('/api/v1/payment-requests')),
      [],
      'no request for a code',
    );

    await page.tap('#lang');
    t.match(await page.textContent('#offline-note'), /^Offline/);
    await page.tap('#create-qr');
    t.equal(await page.textContent('#sell-msg'), 'A QR code needs the connection.');
    await page.tap('#lang');

    await context.setOffline(false);
    await page.waitForFunction(() => document.getElementById('offline-note')!.classList.contains('hidden'));
    t.equal(
      (
        await ctx.database.db
          .selectFrom('payment_requests')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('merchant_id', '=', stall.merchant.id)
          .executeTakeFirstOrThrow()
      ).n.toString(),
      '0',
      'no code was made',
    );
  });

  t.test('a cash sale made offline waits on the phone, survives a reload, and is sent once', async (t) => {
    const stall = await onboardStall(ctx, { name: 'Bánh mì Cô Ba' });
    const context = await phoneContext();
    const page = await open(context, stall.apiKey, 'Bánh mì Cô Ba');
    await controlled(page);
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => document.getElementById('stall-name')!.textContent === 'Bánh mì Cô Ba');

    for (const keys of [
      ['3', '7', '000'],
      ['1', '2', '000'],
    ]) {
      await type(page, keys);
      await page.tap('#cash-sale');
      t.ok(await page.isVisible('#cash-offline'), 'the confirmation says the sale will wait');
      await page.tap('#cash-confirm');
      await page.waitForFunction(() => document.getElementById('toast')!.textContent!.includes('chờ gửi'));
      t.equal(await page.textContent('#amount'), '0\u00a0₫', 'the keypad is cleared');
    }
    await page.reload(); // still offline: the queue is on the phone
    await page.waitForFunction(() => document.getElementById('stall-name')!.textContent === 'Bánh mì Cô Ba');
    await page.tap('#tab-today');
    t.equal(await page.textContent('#sum-total'), '–', 'no total before the server has given one');
    // Today's list is a module loaded after the keypad (import()): wait for its rows rather than race it.
    await page.waitForFunction(() => document.querySelectorAll('#feed li[data-status="waiting"]').length === 2);
    const waiting = await page.$$eval('#feed li[data-status="waiting"]', (lis) => lis.map((li) => li.textContent));
    t.equal(waiting.length, 2);
    for (const row of waiting) t.match(row, /chờ gửi/);
    t.match(waiting.join(' '), /37\.000/);
    t.match(waiting.join(' '), /12\.000/);
    await page.screenshot({ path: `${ARTIFACTS}merchant-queued.png` });
    t.same(await salesOf(stall.apiKey, 37000), [], 'nothing reached the server yet');

    // The 37.000 sale's first attempt reached the server but its answer was lost (the page reloaded mid-send): the
    // request goes out once with the key stored in the queue.
    const queue = await page.evaluate(() => JSON.parse(localStorage.getItem('cashSaleQueue')!));
    const first = queue.find((e: { amount: number }) => e.amount === 37000);
    const early = await ctx.call({
      method: 'POST',
      url: '/api/v1/sales',
      token: stall.apiKey,
      headers: { 'idempotency-key': first.key },
      payload: first.body,
    });
    t.equal(early.status, 201);

    // A second tab of the same phone is open too: both try to send when the network comes back.
    const other = await context.newPage();
    await other.goto(`${base}/m`);
    await other.waitForFunction(() => document.getElementById('stall-name')!.textContent === 'Bánh mì Cô Ba');
    await other.tap('#tab-today');
    await context.setOffline(false);
    for (const p of [page, other]) {
      await p.waitForFunction(() => document.querySelectorAll('#feed li[data-status]').length === 0, undefined, {
        timeout: 15_000,
      });
    }
    const sent37 = await salesOf(stall.apiKey, 37000);
    const sent12 = await salesOf(stall.apiKey, 12000);
    t.equal(sent37.length, 1, 'exactly one 37.000 sale');
    t.equal(sent12.length, 1, 'exactly one 12.000 sale');
    t.equal(sent37[0].id, early.body.sale.id, 'the very sale the first attempt made');
    t.equal(sent37[0].method, 'cash');
    for (const p of [page, other]) {
      for (const s of [...sent37, ...sent12])
        await p.waitForSelector(`#feed li[data-sale-id="${s.id}"][data-method="cash"]`);
      t.equal(await p.evaluate(() => localStorage.getItem('cashSaleQueue')), '[]', 'the queue is empty');
    }
    await page.waitForFunction(() => document.getElementById('sum-cash')!.textContent === '49.000\u00a0₫');
  });

  t.test('a cash sale takes one more tap: one tap records nothing, cancel records nothing', async (t) => {
    const stall = await onboardStall(ctx, { name: 'Chè Bà Tư' });
    const page = await open(await phoneContext(), stall.apiKey, 'Chè Bà Tư');
    await type(page, ['4', '3', '000']);
    await page.tap('#cash-sale');
    await page.waitForSelector('#cash-dialog', { state: 'visible' });
    t.equal(await page.textContent('#cash-amount'), '43.000\u00a0₫', 'the amount, large');
    t.equal(await page.textContent('#cash-confirm'), 'Xác nhận thu tiền mặt');
    await page.screenshot({ path: `${ARTIFACTS}merchant-cash-confirm.png` });
    await page.waitForTimeout(500);
    t.same(await salesOf(stall.apiKey, 43000), [], 'one tap: no sale');

    await page.tap('#cash-cancel');
    await page.waitForSelector('#cash-dialog', { state: 'hidden' });
    await page.waitForTimeout(300);
    t.same(await salesOf(stall.apiKey, 43000), [], 'cancelled: no sale');
    t.equal(await page.textContent('#amount'), '43.000\u00a0₫', 'the amount stays for another try');

    await page.tap('#cash-sale');
    await page.tap('#cash-confirm');
    await page.waitForFunction(() => document.getElementById('toast')!.textContent!.includes('43.000'));
    t.equal((await salesOf(stall.apiKey, 43000)).length, 1, 'confirmed: one sale');
    t.equal(await page.evaluate(() => localStorage.getItem('cashSaleQueue')), '[]');
  });

  t.test('no page broke the content-security policy', async (t) => {
    t.same(csp.flat(), []);
  });
}
