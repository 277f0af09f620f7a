/**
 * The pages on a cheap phone over slow 3G: `/m` (signed in as a stall), `/pay` and `/board` in Chromium with the
 * network throttled to 400 kbit/s each way and a 400 ms round trip (CDP `Network.emulateNetworkConditions`) and the
 * CPU slowed 4× (`Emulation.setCPUThrottlingRate`). For each page: the bytes transferred (the sum of
 * `Network.loadingFinished` encoded lengths) and the time until the page is usable, on a first load (empty cache)
 * and a repeat load (the same browser profile, opened again); then, on `/m`, the time from a sandbox payment's webhook
 * answered 200 to the chime playing on the phone. Prints a table of figure, measured, target, met.
 * Not a test: it prints figures.
 *
 *   node --import tsx bench/mobile.ts [--runs 3]        (npm run bench:mobile; MOBILE_DEBUG=1 prints each load's timeline;
 *                                                       MOBILE_PAGES=/m measures only the pages listed)
 *
 * The service runs as `npm start` would, on the embedded database in a fresh temporary folder, on a free port.
 * "Usable": `/m` has its keypad shown and a tap on 1 shows the digit; `/pay` has its bank list and its read button;
 * `/board` shows today's sales figure. Each figure is the median of `--runs` runs. Environment: RUNS; CHROMIUM_PATH.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { signSandbox } from '../src/payments/providers/index.js';
import { numberOption } from './lib/args.js';
import { onCleanup, runBench } from './lib/cleanup.js';
import { keepAliveAgent } from './lib/http.js';
import { startServer } from './lib/server.js';
import { newAdminToken, onboardStalls, type Stall } from './lib/stalls.js';
import { fmt, fmtInt, percentile } from './lib/stats.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
/** Slow 3G as asked for: 400 kbit/s down and up, 400 ms round trip. Throughputs are in bytes per second. */
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
const CPU_SLOWDOWN = 4;

const TARGETS = { firstBytesKb: 150, firstUsableMs: 3000, repeatUsableMs: 1000, chimeMs: 1000 };

interface Load {
  bytes: number;
  usableMs: number;
}

/** A page under the phone's conditions, counting the bytes that arrive over the network. */
async function slowPage(context: BrowserContext): Promise<{ page: Page; bytes: () => number }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
  return { page, bytes: () => bytes };
}

declare function usableWhen(ok: boolean): boolean;
/**
 * Installed in every page: notes (once) the page's time at the first poll that finds it usable, and when the first
 * tap reached it (so the harness's own delay in delivering the tap can be taken out).
 */
const USABLE_PROBE = () => {
  const w = window as unknown as { __usableAt?: number; __tapAt?: number; usableWhen: (ok: boolean) => boolean };
  w.usableWhen = (ok) => {
    if (ok) w.__usableAt ??= performance.now();
    return ok;
  };
  addEventListener('pointerdown', (e) => (w.__tapAt ??= e.timeStamp), { capture: true });
};

/** Until each page is usable (see the header), after `goto` was called at `start`. */
const usable: Record<string, (page: Page) => Promise<void>> = {
  '/m': async (page) => {
    // Usable: the keypad is shown (its handlers are attached before it is), plus the time the page then takes from a
    // tap on 1 to showing the digit. The tap is a real one at the key's place; the time Playwright takes to deliver
    // it (slow under the CPU slowdown) is not the page's, so it is left out.
    await page.waitForFunction(
      () => {
        const shown = !!document.querySelector('#keypad button[data-key="1"]')?.getClientRects().length;
        if (shown) (window as unknown as { __shownAt: number }).__shownAt ??= performance.now();
        return shown;
      },
      null,
      { timeout: 60_000, polling: 20 },
    );
    const box = (await page.locator('#keypad button[data-key="1"]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(
      () => usableWhen(document.getElementById('amount')!.textContent!.startsWith('1\u00a0')),
      null,
      { timeout: 60_000, polling: 20 },
    );
    await page.evaluate(() => {
      const w = window as unknown as { __usableAt: number; __tapAt: number; __shownAt: number };
      w.__usableAt = w.__shownAt + (w.__usableAt - w.__tapAt);
    });
  },
  '/pay': async (page) => {
    await page.waitForFunction(
      () => usableWhen(document.querySelectorAll('#bank option').length > 0 && !!document.getElementById('read')),
      null,
      { timeout: 60_000, polling: 20 },
    );
  },
  '/board': async (page) => {
    await page.waitForFunction(
      () => usableWhen(/\d/.test(document.getElementById('sales-value')!.textContent!)),
      null,
      {
        timeout: 60_000,
        polling: 20,
      },
    );
  },
};

async function load(context: BrowserContext, base: string, url: string, pathname: string): Promise<Load> {
  const { page, bytes } = await slowPage(context);
  await page.addInitScript(USABLE_PROBE);
  await page.goto(base + url, { waitUntil: 'commit', timeout: 60_000 });
  await usable[pathname](page);
  // The page's own clock: from the start of the navigation to the poll that found it usable (Playwright's own round
  // trips to the browser are not the page's time).
  const usableMs = await page.evaluate(() => (window as unknown as { __usableAt: number }).__usableAt);
  if (process.env.MOBILE_DEBUG) console.log(pathname, Math.round(usableMs), await timeline(page));
  await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
  // /m's repeat load is meant to come through its service worker: wait until the worker has installed (its cache
  // filled) and controls the page, or the repeat load would measure the network instead.
  if (pathname === '/m')
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    });
  const result = { bytes: bytes(), usableMs };
  await page.close();
  return result;
}

/** MOBILE_DEBUG=1: each request's start and end (page clock, ms) and bytes, and the long tasks, to see where time goes. */
async function timeline(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const requests = performance
      .getEntriesByType('resource')
      .concat(performance.getEntriesByType('navigation'))
      .map((e) => {
        const r = e as PerformanceResourceTiming;
        return `${r.name.replace(location.origin, '').split('#')[0]} ${Math.round(r.startTime)}-${Math.round(r.responseEnd)} ${r.transferSize} B`;
      });
    // A page with no long task at all never calls the observer back: then none, after a short wait.
    const long = await new Promise<string[]>((resolve) => {
      new PerformanceObserver((list) =>
        resolve(list.getEntries().map((e) => `${Math.round(e.startTime)}+${Math.round(e.duration)}`)),
      ).observe({ type: 'longtask', buffered: true });
      setTimeout(() => resolve([]), 500);
    });
    return `\n  ${requests.join('\n  ')}\n  long tasks: ${long.join(', ')}`;
  });
}

/** First load in a fresh profile, then the repeat load in the same profile (its cache, its stored sign-in). */
async function firstAndRepeat(browser: Browser, base: string, url: string, pathname: string) {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: false });
  const first = await load(context, base, url, pathname);
  const repeat = await load(context, base, pathname, pathname); // /m signs in from what it stored
  await context.close();
  return { first, repeat };
}

/** A QR made on /m (keypad, "Show QR code"), paid through the sandbox webhook: ms from its 200 to the chime. */
async function chimeAfterWebhook(browser: Browser, base: string, stall: Stall, secret: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
  await context.addInitScript(() => {
    // The chime is WebAudio oscillators (merchant-voice.js): the first one started after a payment is the chime.
    const w = window as unknown as { __chimeAt: number | null };
    w.__chimeAt = null;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args: [number?]) {
      w.__chimeAt ??= Date.now();
      return start.apply(this, args);
    };
  });
  const { page } = await slowPage(context);
  await page.goto(`${base}/m#key=${stall.apiKey}`, { timeout: 60_000 });
  await page.waitForFunction(() => document.getElementById('live')!.classList.contains('on'), null, {
    timeout: 60_000,
  });
  for (const key of ['4', '5', '000']) await page.click(`#keypad button[data-key="${key}"]`);
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/payment-requests') && r.status() === 201);
  await page.click('#create-qr');
  const pr = (await (await created).json()) as { amount: number; reference: string };
  await page.waitForSelector('#qr-screen', { state: 'visible' });
  await page.evaluate(() => ((window as unknown as { __chimeAt: number | null }).__chimeAt = null));
  const body = JSON.stringify({
    id: `MOBILE${randomBytes(4).toString('hex')}`,
    bin: stall.bin,
    accountNumber: stall.accountNumber,
    amount: pr.amount,
    description: `MBVCB.9000001.${pr.reference}.CT tu 0451000999 NGUYEN VAN A`,
    payerBank: 'VCB',
    payerName: 'NGUYEN VAN A',
    occurredAt: new Date().toISOString(),
  });
  const res = await fetch(`${base}/webhooks/sandbox`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': signSandbox(secret, body, Date.now()) },
    body,
  });
  const ackAt = Date.now();
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  await page.waitForFunction(() => (window as unknown as { __chimeAt: number | null }).__chimeAt !== null, null, {
    timeout: 30_000,
    polling: 10,
  });
  const chimeAt = await page.evaluate(() => (window as unknown as { __chimeAt: number }).__chimeAt);
  await context.close();
  return chimeAt - ackAt;
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

runBench(async () => {
  const runs = numberOption('runs', 'RUNS', 3);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cs-bench-mobile-'));
  onCleanup('remove the data folder', () => rmSync(dataDir, { recursive: true, force: true }));
  const adminToken = newAdminToken();
  const secret = randomBytes(24).toString('hex');
  const server = await startServer({ DATA_DIR: dataDir, ADMIN_TOKEN: adminToken, SANDBOX_WEBHOOK_SECRET: secret });
  const base = server.url.replace('localhost', '127.0.0.1');
  const agent = keepAliveAgent(2);
  onCleanup('close the HTTP agent', () => agent.close());
  const [stall] = await onboardStalls(agent, { host: server.host, port: server.port }, adminToken, 1);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  onCleanup('close Chromium', () => browser.close());

  const only = process.env.MOBILE_PAGES?.split(',');
  const pages = [
    { name: '/m', url: `/m#key=${stall.apiKey}` },
    { name: '/pay', url: '/pay' },
    { name: '/board', url: '/board' },
  ].filter((p) => !only || only.includes(p.name));
  const rows: [string, string, string, string][] = [];
  const row = (figure: string, measured: string, target?: string, met?: boolean) =>
    rows.push([figure, measured, target ?? '', met === undefined ? '' : met ? 'yes' : 'NO']);
  console.log(
    `slow 3G (400 kbit/s down and up, ${SLOW_3G.latency} ms round trip), CPU ${CPU_SLOWDOWN}× slower; median of ${runs}`,
  );
  for (const p of pages) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await firstAndRepeat(browser, base, p.url, p.name));
    const firstKb = median(results.map((r) => r.first.bytes)) / 1024;
    const firstMs = median(results.map((r) => r.first.usableMs));
    const repeatKb = median(results.map((r) => r.repeat.bytes)) / 1024;
    const repeatMs = median(results.map((r) => r.repeat.usableMs));
    const isM = p.name === '/m';
    row(
      `${p.name} first load, transferred`,
      `${fmt(firstKb)} KB`,
      isM ? `≤ ${TARGETS.firstBytesKb} KB` : undefined,
      isM ? firstKb <= TARGETS.firstBytesKb : undefined,
    );
    row(
      `${p.name} first load, usable`,
      `${fmtInt(firstMs)} ms`,
      isM ? `≤ ${TARGETS.firstUsableMs} ms` : undefined,
      isM ? firstMs <= TARGETS.firstUsableMs : undefined,
    );
    row(`${p.name} repeat load, transferred`, `${fmt(repeatKb)} KB`);
    row(
      `${p.name} repeat load, usable`,
      `${fmtInt(repeatMs)} ms`,
      isM ? `≤ ${TARGETS.repeatUsableMs} ms` : undefined,
      isM ? repeatMs <= TARGETS.repeatUsableMs : undefined,
    );
  }
  const chimes = [];
  for (let i = 0; i < runs; i++) chimes.push(await chimeAfterWebhook(browser, base, stall, secret));
  const chimeMs = median(chimes);
  row('/m webhook 200 → chime', `${fmtInt(chimeMs)} ms`, `≤ ${TARGETS.chimeMs} ms`, chimeMs <= TARGETS.chimeMs);

  const header: [string, string, string, string] = ['figure', 'measured', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
});
