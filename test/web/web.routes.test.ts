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
