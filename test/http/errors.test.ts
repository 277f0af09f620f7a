import t from 'tap';
import { startTestApp } from '../helpers/app.js';

const { app, call, adminToken } = await startTestApp(t);
// A route that fails the way a bug would, to show the handler hides internals.
app.get('/test/boom', { config: { auth: 'public' } }, async () => {
  throw new Error('connection string postgres://secret@db leaked');
});

t.test('unknown route → 404 in the standard shape', async (t) => {
  const res = await call({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
  t.equal(res.status, 404);
  t.same(res.body, { error: { code: 'route_not_found', message: 'No route GET /api/v1/nothing-here' } });
});

t.test('validation → 400 naming the failing fields', async (t) => {
  const res = await call({ method: 'POST', url: '/api/v1/staff', token: adminToken, payload: { role: 'boss' } });
  t.equal(res.status, 400);
  t.equal(res.body.error.code, 'validation_failed');
  t.same(res.body.error.details.map((d: { field: string }) => d.field).sort(), ['body.name', 'body.role']);
});

t.test('broken JSON → 400 invalid_json; wrong content type → 415', async (t) => {
  const broken = await call({
    method: 'POST',
    url: '/api/v1/staff',
    token: adminToken,
    headers: { 'content-type': 'application/json' },
    payload: '{"name": ',
  });
  t.equal(broken.status, 400);
  t.equal(broken.body.error.code, 'invalid_json');
  const wrongType = await call({
    method: 'POST',
    url: '/api/v1/staff',
    token: adminToken,
    headers: { 'content-type': 'application/x-unknown' },
    payload: 'name=x',
  });
  t.equal(wrongType.status, 415);
  t.equal(wrongType.body.error.code, 'unsupported_media_type');
});

t.test('a body over the limit → 413', async (t) => {
  const res = await call({
    method: 'POST',
    url: '/api/v1/staff',
    token: adminToken,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), role: 'staff' }),
  });
  t.equal(res.status, 413);
  t.equal(res.body.error.code, 'payload_too_large');
});

t.test('a 5xx never shows internals', async (t) => {
  const res = await call({ method: 'GET', url: '/test/boom' });
  t.equal(res.status, 500);
  t.equal(res.body.error.code, 'internal_error');
  t.notMatch(res.raw, /postgres|secret|Error|stack/);
});
