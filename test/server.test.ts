import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import path from 'node:path';
import { startServer } from './helpers/server-process.js';

// The real entry point, as `npm start` runs it: first start prints a token; a second start keeps the data.
const dataDir = mkdtempSync(path.join(tmpdir(), 'cs-server-'));
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

t.test('embedded database: first start prints the admin token once, a restart keeps the data', async (t) => {
  const first = await startServer({ DATA_DIR: dataDir });
  const token = /First admin token[^\n]*\n\s*(css_\S+)/.exec(first.output())?.[1];
  t.ok(token, 'first start prints the admin token');
  const created = await fetch(`${first.url}/api/v1/staff`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Hà Thị Thu', role: 'staff' }),
  });
  t.equal(created.status, 201);
  t.equal(await first.stop('SIGTERM'), 0, 'graceful shutdown exits 0');

  const second = await startServer({ DATA_DIR: dataDir });
  t.notMatch(second.output(), /First admin token/, 'no new admin on restart');
  const ready = await (await fetch(`${second.url}/readyz`)).json();
  t.same(ready, { status: 'ready', database: 'pglite' });
  const again = await fetch(`${second.url}/api/v1/staff`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Hà Thị Thu 2', role: 'staff' }),
  });
  t.equal(again.status, 201, 'the first admin token still works after restart');
  t.equal(await second.stop('SIGINT'), 0);
});

t.test('graceful shutdown lets an in-flight request finish', async (t) => {
  const server = await startServer({ DATA_DIR: 'memory://', ADMIN_TOKEN: 'css_graceful-test-token-0123456789' });
  // The request is in flight for sure: its headers are sent and half its body, and the rest follows only after the
  // SIGTERM. (A request that has not reached the server before the stop is rightly answered 503.)
  const body = JSON.stringify({ name: 'Đang xử lý', role: 'staff' });
  const req = request(`${server.url}/api/v1/staff`, {
    method: 'POST',
    headers: {
      authorization: 'Bearer css_graceful-test-token-0123456789',
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  });
  const answered = new Promise<{ status: number }>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, 10));
  await new Promise((r) => setTimeout(r, 1000));
  const exit = server.stop('SIGTERM');
  await new Promise((r) => setTimeout(r, 100));
  req.end(body.slice(10));
  const res = await answered;
  t.equal(res.status, 201);
  t.equal(await exit, 0);
});
