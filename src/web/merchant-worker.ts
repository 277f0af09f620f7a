import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** A served asset: its URL's file on disk. */
export type AssetMap = Record<string, { file: string; type: string }>;

const template = new URL('./merchant-sw.js', import.meta.url);
const manifest = new URL('./assets/merchant.webmanifest', import.meta.url);
const voiceFolder = new URL('./assets/voice', import.meta.url).pathname;

// `import … from '/assets/x.js'`, `export … from '/assets/x.js'`, `import('/assets/x.js')`, and the page's
// href/src attributes: how the stall app names the files it loads.
const MODULE_REFS = /(?:\bfrom|\bimport)\s*\(?\s*['"](\/assets\/[^'"]+)['"]/g;
const PAGE_REFS = /\b(?:href|src)="(\/assets\/[^"]+)"/g;

/**
 * Everything the stall app loads: the page's stylesheets, scripts and manifest, every module those scripts import
 * (followed to the end), and the manifest's icons. Read from the files themselves, so a new module is cached
 * without a list to keep up to date.
 */
async function shellFiles(html: string, assets: AssetMap): Promise<string[]> {
  const found = new Set<string>();
  const queue = [...html.matchAll(PAGE_REFS)].map((m) => m[1]);
  const icons = JSON.parse(await readFile(manifest, 'utf8')) as { icons: Array<{ src: string }> };
  queue.push(...icons.icons.map((i) => i.src));
  while (queue.length) {
    const url = queue.pop()!;
    if (found.has(url) || !assets[url]) continue; // only what is served (a missing file would stop the install)
    found.add(url);
    if (url.endsWith('.js')) {
      const source = await readFile(assets[url].file, 'utf8');
      queue.push(...[...source.matchAll(MODULE_REFS)].map((m) => m[1]));
    }
  }
  return [...found].sort();
}

/** Every file under src/web/assets/voice/ (recorded clips), as /assets/voice/… URLs; none when there is no folder. */
async function voiceFiles(voiceDir: string): Promise<Array<{ url: string; file: string }>> {
  const names = await readdir(voiceDir, { recursive: true, withFileTypes: true }).catch(() => []);
  return names
    .filter((d) => d.isFile())
    .map((d) => {
      const file = path.join(d.parentPath, d.name);
      return { url: `/assets/voice/${path.relative(voiceDir, file).split(path.sep).join('/')}`, file };
    })
    .sort((a, b) => a.url.localeCompare(b.url));
}

/**
 * The service worker's source for the stall page `html`: the template with the files to precache and a version
 * that is a hash of those files' URLs and contents (and of the page), so any change installs a new worker and cache.
 * Voice clips the server serves are required like the rest; any it does not serve are tried and skipped if absent.
 */
export async function merchantWorker(html: string, assets: AssetMap, voiceDir = voiceFolder): Promise<string> {
  const shell = await shellFiles(html, assets);
  const voice = await voiceFiles(voiceDir);
  const hash = createHash('sha256').update(`/m\n${html}\n`);
  for (const url of shell) hash.update(`${url}\n`).update(await readFile(assets[url].file));
  for (const clip of voice) hash.update(`${clip.url}\n`).update(await readFile(clip.file));
  const required = ['/m', ...shell, ...voice.filter((v) => assets[v.url]).map((v) => v.url)];
  const optional = voice.filter((v) => !assets[v.url]).map((v) => v.url);
  const header = [
    '// Written by the server at startup (src/web/merchant-worker.ts).',
    `const VERSION = ${JSON.stringify(hash.digest('hex').slice(0, 16))};`,
    `const SHELL = ${JSON.stringify([...new Set(required)])};`,
    `const OPTIONAL = ${JSON.stringify(optional)};`,
  ].join('\n');
  return `${header}\n${await readFile(template, 'utf8')}`;
}
