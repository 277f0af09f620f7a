import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { sandboxEnabled } from '../config/index.js';
import { withTestMoneyBanner } from './test-money.js';

const require = createRequire(import.meta.url);

// Pages are plain HTML + JS served as they are: no build step to run the service.
const pages: Record<string, string> = {
  '/pay': 'pay.html',
  '/m': 'merchant.html',
  '/board': 'board.html',
  '/admin': 'admin.html',
  '/admin/activations': 'activations.html',
  '/reports': 'reports.html',
};

// Every file in src/web/assets (and assets/shared) is served under /assets, plus the chart library straight from its
// npm package and the plain-JS modules the server shares with the pages, from where the server imports them: one
// copy, and the modules stay below web in the layering (web serves them, they never import web).
const assetsDir = new URL('./assets', import.meta.url).pathname;
const sharedDir = path.join(assetsDir, 'shared');
const serverShared = {
  '/assets/shared/amount-in-words.js': new URL('../invoices/amount-in-words.js', import.meta.url).pathname,
  '/assets/shared/vietnam-time.js': new URL('../time/vietnam.js', import.meta.url).pathname,
};
const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

async function assetFiles(): Promise<Record<string, { file: string; type: string }>> {
  const served = async (dir: string, prefix: string) =>
    (await readdir(dir))
      .filter((f) => types[path.extname(f)])
      .map((f) => [`${prefix}${f}`, { file: path.join(dir, f), type: types[path.extname(f)] }] as const);
  return {
    ...Object.fromEntries(await served(assetsDir, '/assets/')),
    ...Object.fromEntries(await served(sharedDir, '/assets/shared/')),
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
  for (const [path, file] of Object.entries(pages)) {
    const url = new URL(`./${file}`, import.meta.url);
    let html: string;
    try {
      html = await readFile(url, 'utf8');
    } catch {
      continue; // a page not written yet is simply not served
    }
    if (path === '/pay' && !sandboxEnabled(app.config)) continue;
    if (sandboxEnabled(app.config)) html = withTestMoneyBanner(html);
    app.get(path, { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html),
    );
  }
  for (const [path, asset] of Object.entries(await assetFiles())) {
    const body = await readFile(asset.file).catch(() => null);
    if (!body) continue;
    app.get(path, { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(body),
    );
  }
  app.get('/', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.redirect('/board'),
  );
};
