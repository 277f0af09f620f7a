import { readFile } from 'node:fs/promises';
import t from 'tap';
import { startTestApp } from '../helpers/app.js';

const { call } = await startTestApp(t);

t.test('pages, their assets and the icon browsers ask for are served without a token', async (t) => {
  for (const url of ['/board', '/m', '/pay', '/admin']) {
    const res = await call({ method: 'GET', url });
    t.equal(res.status, 200, url);
    t.match(res.headers['content-type'], /^text\/html/);
  }
  const script = await call({ method: 'GET', url: '/assets/board.js' });
  t.match(script.headers['content-type'], /^text\/javascript/);
  const icon = await call({ method: 'GET', url: '/favicon.ico' });
  t.equal(icon.status, 200, 'no 404 in every page’s console');
  t.equal(icon.headers['content-type'], 'image/svg+xml');
  t.match(icon.raw, /^<svg /);
  const root = await call({ method: 'GET', url: '/' });
  t.equal(root.status, 302);
  t.equal(root.headers.location, '/board');
});

t.test('no page carries inline logic: each loads its module from /assets', async (t) => {
  for (const url of ['/board', '/m', '/pay', '/admin', '/admin/activations']) {
    const { raw } = await call({ method: 'GET', url });
    const scripts = [...raw.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    t.ok(scripts.length > 0, `${url} has a script`);
    for (const [, attributes, body] of scripts) {
      t.match(attributes, /\bsrc="\/assets\/[\w.-]+\.js"/, `${url}: ${attributes.trim()}`);
      t.equal(body.trim(), '', `${url}: nothing inline`);
    }
  }
});

t.test('the modules the server shares are served to pages from the very files the server imports', async (t) => {
  for (const [url, file] of [
    ['/assets/shared/amount-in-words.js', '../../src/invoices/amount-in-words.js'],
    ['/assets/shared/vietnam-time.js', '../../src/time/vietnam.js'],
  ]) {
    const res = await call({ method: 'GET', url });
    t.equal(res.status, 200, url);
    t.match(res.headers['content-type'], /^text\/javascript/);
    t.equal(res.raw, await readFile(new URL(file, import.meta.url), 'utf8'), url);
  }
  for (const name of ['language', 'fetch', 'errors']) {
    t.equal((await call({ method: 'GET', url: `/assets/shared/${name}.js` })).status, 200, name);
  }
});
