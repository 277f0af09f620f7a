import { readFile } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import t from 'tap';
import { pickEncoding } from '../../src/web/delivery.js';
import { startTestApp } from '../helpers/app.js';

// How pages and assets travel to a phone on a slow network: compressed, revalidated by ETag, the module graph
// announced up front and the page's stylesheets written into it (docs/pages.md, "/m in the field").
const { app } = await startTestApp(t);
const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const sellSource = await readFile(new URL('../../src/web/assets/merchant-sell.js', import.meta.url), 'utf8');

t.test('the encoding follows Accept-Encoding: brotli first, gzip, or none', async (t) => {
  t.equal(pickEncoding('gzip, deflate, br'), 'br');
  t.equal(pickEncoding('gzip, deflate'), 'gzip', 'what Chromium sends over plain HTTP');
  t.equal(pickEncoding('br;q=0, gzip'), 'gzip', 'q=0 refuses one');
  t.equal(pickEncoding('*'), 'br');
  t.equal(pickEncoding('identity'), null);
  t.equal(pickEncoding(undefined), null);
});

t.test('assets arrive compressed, the same bytes once decoded, and an unchanged one is a 304', async (t) => {
  await new Promise((r) => setTimeout(r, 500)); // the compressed copies are made in the background at start
  const gz = await get('/assets/merchant-sell.js', { 'accept-encoding': 'gzip, deflate' });
  t.equal(gz.statusCode, 200);
  t.equal(gz.headers['content-encoding'], 'gzip');
  t.equal(gunzipSync(gz.rawPayload).toString('utf8'), sellSource);
  t.ok(gz.rawPayload.length < sellSource.length / 2, `${gz.rawPayload.length} bytes for ${sellSource.length}`);
  t.match(gz.headers.vary, /accept-encoding/i);
  t.match(gz.headers['cache-control'], /max-age=3600/);
  const br = await get('/assets/merchant-sell.js', { 'accept-encoding': 'br' });
  t.equal(br.headers['content-encoding'], 'br');
  t.equal(brotliDecompressSync(br.rawPayload).toString('utf8'), sellSource);
  const plain = await get('/assets/merchant-sell.js');
  t.equal(plain.headers['content-encoding'], undefined, 'no Accept-Encoding: as it is');
  t.equal(plain.body, sellSource);

  const etag = String(gz.headers.etag);
  t.match(etag, /^W\/"[\w-]+"$/);
  t.equal(br.headers.etag, etag, 'one ETag per content, whatever the encoding');
  const again = await get('/assets/merchant-sell.js', { 'if-none-match': etag, 'accept-encoding': 'gzip' });
  t.equal(again.statusCode, 304);
  t.equal(again.rawPayload.length, 0);
  const other = await get('/assets/merchant-sell.js', { 'if-none-match': 'W/"something-else"' });
  t.equal(other.statusCode, 200, 'another ETag: the asset again');
});

t.test('/m announces its whole module graph, carries its stylesheets, and still gets its nonce', async (t) => {
  const page = await get('/m', { 'accept-encoding': 'gzip' });
  t.equal(page.headers['content-encoding'], 'gzip');
  t.equal(page.headers['cache-control'], 'no-cache');
  const html = gunzipSync(page.rawPayload).toString('utf8');
  const preloads = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  for (const url of [
    '/assets/merchant.js',
    '/assets/merchant-boot.js',
    '/assets/merchant-sell.js',
    '/assets/shared/fetch.js',
    '/assets/shared/amount-in-words.js',
  ])
    t.ok(preloads.includes(url), `preloads ${url}`);
  t.notOk(preloads.includes('/assets/merchant-twice.js'), 'a module imported only on demand is not preloaded');
  for (const url of ['/assets/merchant-live.js', '/assets/merchant-today.js', '/assets/merchant-cash.js'])
    t.notOk(preloads.includes(url), `${url} comes after the keypad works, not before`);
  for (const url of preloads) t.equal((await get(url)).statusCode, 200, `${url} is served`);
  t.notMatch(html, /<link rel="stylesheet"/, 'no stylesheet to fetch');
  t.match(html, /<style nonce="[^"]+">\/\* \/assets\/merchant-phone\.css \*\//, 'written in, with the nonce');
  const nonce = /'nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))![1];
  t.ok(html.includes(`<style nonce="${nonce}">/* /assets/merchant-cart.css */`), "the response's own nonce");
});
