import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';
import { sandboxEnabled } from '../config/index.js';
import { assetFiles } from './asset-files.js';
import { merchantWorker } from './merchant-worker.js';
import { storedEncodings } from './encoded-assets.js';
import { compressPage, prepareAsset, sendAsset, withInlineStyles, withModulePreloads } from './delivery.js';
import { registerBoardPages } from './board-pages.js';
import { withTestMoneyBanner } from './test-money.js';

// Pages are plain HTML + JS served as they are: no build step to run the service.
const pages: Record<string, string> = {
  '/pay': 'pay.html',
  '/m': 'merchant.html',
  '/admin': 'admin.html',
  '/admin/activations': 'activations.html',
  '/reports': 'reports.html',
};

// The stall app's service worker: scope /m (the page itself, whose path has no slash after it), so the header allows
// a scope above the worker's own folder; revalidated on every load so an update reaches phones at once. Its own
// content-security policy: it may only fetch from this origin (to fill its cache).
const WORKER_HEADERS = {
  'cache-control': 'no-cache',
  'service-worker-allowed': '/m',
  'content-security-policy': "default-src 'none'; connect-src 'self'; frame-ancestors 'none'",
};

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
  const stored = storedEncodings();
  for (const [path, asset] of Object.entries(assets)) {
    const body = await readFile(asset.file).catch(() => null);
    if (!body) continue;
    const prepared = prepareAsset(body, asset.type, stored);
    app.get(path, { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) =>
      sendAsset(request, reply, prepared, 'public, max-age=3600'),
    );
  }
  app.get('/', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.redirect('/board'),
  );
};
