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

// Opened once per worker start, not once per request: a page's dozen module requests arrive together.
let opened = null;
const cacheOpen = () => (opened ??= caches.open(CACHE));

/**
 * The page at once from the cache (stale-while-revalidate): on slow 3G asking the network first costs a round trip
 * (400 ms and more) on every opening. Meanwhile the page is fetched again and, when the server answers it, kept for
 * the next opening. The cached copy keeps its own Content-Security-Policy header with the nonce written into its own
 * tags, so the two always agree; a nonce that is reused is acceptable here because the stall app never writes data
 * into the page as HTML, only as text (docs/merchant-app.md, "The service worker"). A new version of the app comes
 * as a new worker (VERSION changes), whose install caches the new page: the phone uses it at its next opening.
 * With nothing cached yet (the first visit), the network answers as if there were no worker.
 */
async function page(event) {
  const cache = await cacheOpen();
  const network = fetch(event.request).then(async (res) => {
    if (res.ok && !res.redirected && res.type === 'basic') await cache.put(PAGE, res.clone());
    return res;
  });
  const cached = await cache.match(PAGE);
  if (!cached) return network;
  event.waitUntil(network.catch(() => {})); // offline or failing: the cached page stays as it is
  return cached;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname === PAGE) {
    event.respondWith(page(event));
  } else if (LISTED.has(url.pathname) && !url.search) {
    event.respondWith(
      cacheOpen()
        .then((c) => c.match(url.pathname))
        .then((hit) => hit ?? fetch(request)),
    );
  }
  // Anything else (the API above all) is not answered here: it goes to the network as if there were no worker.
});
