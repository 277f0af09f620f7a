import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AssetMap } from './merchant-worker.js';

const require = createRequire(import.meta.url);

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

export async function assetFiles(): Promise<AssetMap> {
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
