import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { ensureFirstAdmin } from '../../src/auth/staff.service.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { startSecondInstance, startTestApp } from '../helpers/app.js';
import { startServer } from '../helpers/server-process.js';

t.setTimeout(240_000); // one real server start, slow on a busy box

// Two app instances on one database (on Postgres, two pools, as two processes behind a load balancer would have),
// each with its own credential cache.
const first = await startTestApp(t);
const { adminToken } = first;
const second = await startSecondInstance(t, first);

const onSecond = (url: string, token: string, method: 'GET' | 'POST' = 'GET') =>
  second.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
const newStaff = async (name: string, role: 'admin' | 'staff' = 'staff') => {
  const res = await first.call({ method: 'POST', url: '/api/v1/staff', token: adminToken, payload: { name, role } });
  return res.body as { staff: { id: string }; token: string };
};

/** Polls until `url` answers 401 on the second instance; returns how long that took (ms), or null after 3 s. */
async function msUntilRefusedOnSecond(token: string, since: number, url = '/api/v1/staff/me'): Promise<number | null> {
  while (Date.now() - since < 3_000) {
    if ((await onSecond(url, token)).statusCode === 401) return Date.now() - since;
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}

t.test('a revoked staff token answers 401 on both instances, on the other one within a second', async (t) => {
  const { staff, token } = await newStaff('Chị Lan');
  // Both instances have the token in their credential caches.
  t.equal((await first.call({ method: 'GET', url: '/api/v1/staff/me', token })).status, 200);
  t.equal((await onSecond('/api/v1/staff/me', token)).statusCode, 200);

  const revoked = await first.call({ method: 'POST', url: `/api/v1/staff/${staff.id}/revoke`, token: adminToken });
  const at = Date.now();
  t.equal(revoked.status, 200);
  t.match(revoked.body, { id: staff.id, name: 'Chị Lan', role: 'staff', active: false });

  for (const url of ['/api/v1/staff/me', '/api/v1/merchants', '/api/v1/payments', '/api/v1/teams']) {
    const res = await first.call({ method: 'GET', url, token });
    t.equal(res.status, 401, `this instance, at once: ${url}`);
    t.equal(res.body.error.code, 'invalid_token');
  }
  const took = await msUntilRefusedOnSecond(token, at);
  t.not(took, null, 'the other instance refuses it');
  t.ok(took !== null && took < 1_000, `the other instance refused it ${took} ms after the revocation`);
  for (const url of ['/api/v1/merchants', '/api/v1/payments'])
    t.equal((await onSecond(url, token)).statusCode, 401, `other instance: ${url}`);
});

t.test('revoking is admin only, idempotent, 404 for an unknown id, and shows in the staff list', async (t) => {
  const { staff, token } = await newStaff('Anh Tuấn');
  const other = await newStaff('Chị Mai');
  t.equal(
    (await first.call({ method: 'POST', url: `/api/v1/staff/${staff.id}/revoke`, token: other.token })).status,
    403,
    'staff cannot revoke',
  );
  t.equal((await first.call({ method: 'POST', url: `/api/v1/staff/${staff.id}/revoke` })).status, 401);
  t.equal(
    (await first.call({ method: 'GET', url: '/api/v1/staff/me', token })).status,
    200,
    'still works after refused attempts',
  );

  const once = await first.call({ method: 'POST', url: `/api/v1/staff/${staff.id}/revoke`, token: adminToken });
  const twice = await first.call({ method: 'POST', url: `/api/v1/staff/${staff.id}/revoke`, token: adminToken });
  t.equal(once.status, 200);
  t.equal(twice.status, 200);
  t.same(twice.body, once.body, 'the same answer the second time');

  const unknown = await first.call({
    method: 'POST',
    url: '/api/v1/staff/0190a5a8-0000-7000-8000-000000000000/revoke',
    token: adminToken,
  });
  t.equal(unknown.status, 404);
  t.equal(unknown.body.error.code, 'not_found');
  t.equal(
    (await first.call({ method: 'POST', url: '/api/v1/staff/not-a-uuid/revoke', token: adminToken })).status,
    400,
  );

  const list = await first.call({ method: 'GET', url: '/api/v1/staff', token: adminToken });
  t.equal(list.status, 200);
  const byId = new Map(list.body.items.map((s: { id: string }) => [s.id, s]));
  t.match(byId.get(staff.id), { name: 'Anh Tuấn', active: false });
  t.match(byId.get(other.staff.id), { name: 'Chị Mai', active: true });
  t.equal(
    (await first.call({ method: 'GET', url: '/api/v1/staff', token: other.token })).status,
    403,
    'the list is admin only',
  );
  t.notOk(JSON.stringify(list.body).includes('css_'), 'the list carries no token');
});

t.test('a changed ADMIN_TOKEN revokes the previous one at the next start, on every instance', async (t) => {
  const spare = await newStaff('Quản trị dự phòng', 'admin');
  const listBefore = (await first.call({ method: 'GET', url: '/api/v1/staff', token: adminToken })).body.items;
  t.equal((await onSecond('/api/v1/staff', adminToken)).statusCode, 200);

  // What src/server.ts does at start, with the new environment; the running second instance keeps going.
  const newToken = 'css_rotated-admin-token-0123456789abcdef';
  t.same(await ensureFirstAdmin(first.database.db, newToken), { token: newToken, generated: false });
  const at = Date.now();
  const restarted = await buildApp({ config: first.app.config, database: first.database });
  t.teardown(() => restarted.close());
  const onRestarted = (url: string, token: string) =>
    restarted.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  t.equal((await onRestarted('/api/v1/staff', adminToken)).statusCode, 401, 'the old environment token is revoked');
  t.equal((await onRestarted('/api/v1/staff', newToken)).statusCode, 200, 'the new one works');
  const took = await msUntilRefusedOnSecond(adminToken, at, '/api/v1/staff');
  t.ok(took !== null && took < 1_000, `an instance still running refused the old token ${took} ms later`);

  const listAfter = (await onRestarted('/api/v1/staff', newToken)).json().items;
  t.equal(listAfter.length, listBefore.length, 'the new token went on the same staff row');
  t.equal(
    listAfter.filter((s: { name: string; active: boolean }) => s.name === 'Administrator (ADMIN_TOKEN)' && s.active)
      .length,
    1,
  );

  t.equal(await ensureFirstAdmin(first.database.db, newToken), null, 'the same token at the next start: nothing to do');
  t.equal((await onRestarted('/api/v1/staff', newToken)).statusCode, 200);

  // An admin revokes the environment admin: a restart with the same ADMIN_TOKEN does not bring it back.
  const envAdmin = listAfter.find((s: { name: string }) => s.name === 'Administrator (ADMIN_TOKEN)');
  t.equal(
    (
      await restarted.inject({
        method: 'POST',
        url: `/api/v1/staff/${envAdmin.id}/revoke`,
        headers: { authorization: `Bearer ${spare.token}` },
      })
    ).statusCode,
    200,
  );
  t.same(await ensureFirstAdmin(first.database.db, newToken), { revokedAdminToken: true });
  t.equal((await onRestarted('/api/v1/staff', newToken)).statusCode, 401, 'stays revoked');
});

t.test('the server itself: started with a changed ADMIN_TOKEN, the previous one answers 401', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cs-revocation-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const oldToken = 'css_first-environment-token-0123456789';
  const newToken = 'css_second-environment-token-0123456789';
  // The previous run, in process (one server start is slow enough on a busy box): its ADMIN_TOKEN installed.
  const previous = await openDatabase({ dataDir });
  await migrateToLatest(previous.db);
  await ensureFirstAdmin(previous.db, oldToken);
  await previous.close();

  const server = await startServer({ DATA_DIR: dataDir, ADMIN_TOKEN: newToken });
  t.teardown(() => server.stop());
  const ask = (token: string) =>
    fetch(`${server.url}/api/v1/staff/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
  t.equal(await ask(oldToken), 401, 'the previous environment token');
  t.equal(await ask(newToken), 200, 'the new one');
});
