import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { sandboxEnabled } from '../config/index.js';
import { merchantWorker, type AssetMap } from './merchant-worker.js';
import { compressPage, prepareAsset, sendAsset, withInlineStyles, withModulePreloads } from './delivery.js';
import { registerBoardPages } from './board-pages.js';
import { withTestMoneyBanner } from './test-money.js';

const require = createRequire(import.meta.url);

// Pages are plain HTML + JS served as they are: no build step to run the service.
const pages: Record<string, string> = {
  '/pay': 'pay.html',
  '/m': 'merchant.html',
  '/admin': 'admin.html',
  '/admin/activations': 'activations.html',
  '/reports': 'reports.html',
};

// Every file in src/web/assets (and assets/shared) is served under /assets, plus the chart library straight from its
// npm package and the plain-JS modules the server shares with the pages, from where the server imports them: one
// copy, and the modules stay below web in the layering (web serves them, they never import web).
const assetsDir = new URL('./assets', import.meta.url).pathname;
const sharedDir = path.join(assetsDir, 'shared');
const voiceDir = path.join(assetsDir, 'voice'); // the stall app's recorded words (scripts/voice-clips.ts)
const serverShared = {
  '/assets/shared/amount-in-words.js': new URL('../invoices/amount-in-words.js', import.meta.url).pathname,
  '/assets/shared/vietnam-time.js': new URL('../time/vietnam.js', import.meta.url).pathname,
};
const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.opus': 'audio/ogg',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

// The stall app's service worker: scope /m (the page itself, whose path has no slash after it), so the header allows
// a scope above the worker's own folder; revalidated on every load so an update reaches phones at once. Its own
// content-security policy: it may only fetch from this origin (to fill its cache).
const WORKER_HEADERS = {
  'cache-control': 'no-cache',
  'service-worker-allowed': '/m',
  'content-security-policy': "default-src 'none'; connect-src 'self'; frame-ancestors 'none'",
};

async function assetFiles(): Promise<AssetMap> {
  const served = async (dir: string, prefix: string) =>
    (await readdir(dir))
      .filter((f) => types[path.extname(f)])
      .map((f) => [`${prefix}${f}`, { file: path.join(dir, f), type: types[path.extname(f)] }] as const);
  return {
    ...Object.fromEntries(await served(assetsDir, '/assets/')),
    ...Object.fromEntries(await served(sharedDir, '/assets/shared/')),
    ...Object.fromEntries(await served(voiceDir, '/assets/voice/')),
    ...Object.fromEntries(Object.entries(serverShared).map(([url, file]) => [url, { file, type: types['.js'] }])),
    '/assets/chart.umd.js': {
      file: path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js'),
      type: types['.js'],
    },
    // Browsers ask for /favicon.ico on every page; the stall-QR icon answers it (an SVG served under that name).
    '/favicon.ico': { file: path.join(assetsDir, 'icon.svg'), type: types['.svg'] },
  };
}

export const webRoutes: FastifyPluginAsync = async (app) => {
  const assets = await assetFiles();
  const fileOf = (url: string) => assets[url]?.file;
  app.addHook('onSend', compressPage); // after the security hook has given the page its nonce
  const read = async (file: string) => {
    let html = await readFile(new URL(`./${file}`, import.meta.url), 'utf8');
    if (sandboxEnabled(app.config)) html = withTestMoneyBanner(html);
    return withModulePreloads(await withInlineStyles(html, fileOf), fileOf);
  };
  for (const [path, file] of Object.entries(pages)) {
    if (path === '/pay' && !sandboxEnabled(app.config)) continue;
    const html = await read(file).catch(() => null);
    if (html === null) continue; // a page not written yet is simply not served
    app.get(path, { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html),
    );
    if (path === '/m') {
      const worker = await merchantWorker(html, assets);
      app.get('/m/sw.js', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
        reply.type('text/javascript; charset=utf-8').headers(WORKER_HEADERS).send(worker),
      );
    }
  }
  registerBoardPages(app, {
    site: await read('board.html'),
    area: await read('board-area.html'),
    chooser: await read('board-chooser.html'),
    missing: await read('board-missing.html'),
  });
  // Kept an hour, then revalidated by ETag (a 304 when unchanged).
  for (const [path, asset] of Object.entries(assets)) {
    const body = await readFile(asset.file).catch(() => null);
    if (!body) continue;
    const prepared = prepareAsset(body, asset.type);
    app.get(path, { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) =>
      sendAsset(request, reply, prepared, 'public, max-age=3600'),
    );
  }
  app.get('/', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.redirect('/board'),
  );
};
