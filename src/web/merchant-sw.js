// The stall app's service worker, served at /m/sw.js with scope /m (src/web/merchant-worker.ts). The server puts
// three constants in front of this file at startup: VERSION (a hash of every listed file), SHELL (the page and the
// files it loads: all must be cached for the worker to install) and OPTIONAL (recorded voice clips: cached when
// served). A changed file changes VERSION, so the browser installs the new worker, which fills a new cache and
// deletes the old one.
//
// Only the app shell is ever answered from the cache. API calls and the websocket are never intercepted: offline
// they fail, and the page says so; no sale, total or payment is ever made up here.
/* global VERSION, SHELL, OPTIONAL */
const PREFIX = 'stall-app-';
const CACHE = `${PREFIX}${VERSION}`;
const LISTED = new Set([...SHELL, ...OPTIONAL]);
const PAGE = '/m';
const PAGE_TIMEOUT_MS = 4000; // a network that hangs (one bar of signal) falls back to the cached page

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // cache: 'reload' skips the browser's HTTP cache (assets are served with max-age): the files of this version.
      await cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' })));
      await Promise.all(
        OPTIONAL.map(async (url) => {
          const res = await fetch(url, { cache: 'reload' }).catch(() => null);
          if (res?.ok) await cache.put(url, res);
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** The page from the network (fresh nonce, fresh banner), or the cached one when the network fails, hangs or 5xxs. */
async function page(request) {
  const cached = () => caches.open(CACHE).then((c) => c.match(PAGE));
  const network = fetch(request);
  network.catch(() => {}); // awaited below, or dropped when the cached page answered first
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(resolve, PAGE_TIMEOUT_MS);
  });
  try {
    const first = await Promise.race([network, slow]);
    if (first && first.status < 500) return first;
    // No answer yet, or the server (or a proxy before it) failing: the cached page, if there is one.
    return (await cached()) ?? first ?? (await network);
  } catch {
    return (await cached()) ?? Response.error();
  } finally {
    clearTimeout(timer);
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname === PAGE) {
    event.respondWith(page(request));
  } else if (LISTED.has(url.pathname) && !url.search) {
    event.respondWith(
      caches
        .open(CACHE)
        .then((c) => c.match(url.pathname))
        .then((hit) => hit ?? fetch(request)),
    );
  }
  // Anything else (the API above all) is not answered here: it goes to the network as if there were no worker.
});
