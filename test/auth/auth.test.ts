import t from 'tap';
import { generateToken } from '../../src/auth/tokens.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

const { call, adminToken, database } = await startTestApp(t);
const newStaff = (role: string, name = 'Nguyễn Thị Lan') => ({
  method: 'POST' as const,
  url: '/api/v1/staff',
  payload: { name, role },
});

t.test('no token → 401 with the standard shape', async (t) => {
  const res = await call(newStaff('staff'));
  t.equal(res.status, 401);
  t.same(res.body, { error: { code: 'unauthorized', message: 'A valid bearer token is required' } });
});

t.test('malformed header and unknown token → 401', async (t) => {
  const malformed = await call({ ...newStaff('staff'), headers: { authorization: 'Token abc' } });
  t.equal(malformed.status, 401);
  t.equal(malformed.body.error.code, 'malformed_authorization');
  const unknown = await call({ ...newStaff('staff'), token: generateToken('staff') });
  t.equal(unknown.status, 401);
  t.equal(unknown.body.error.code, 'invalid_token');
});

t.test('admin creates staff; the token is shown once and works; a staff token cannot create staff (403)', async (t) => {
  const created = await call({ ...newStaff('staff'), token: adminToken });
  t.equal(created.status, 201);
  t.match(created.body.token, /^css_[A-Za-z0-9_-]{43}$/, '256-bit token');
  t.equal(created.body.staff.role, 'staff');
  const stored = await database.db
    .selectFrom('credentials')
    .select(['id', 'secret_hash'])
    .where('staff_id', '=', created.body.staff.id)
    .execute();
  t.equal(stored.length, 1);
  t.notOk(stored[0].secret_hash.toString('utf8').includes(created.body.token), 'only a hash is stored');

  const denied = await call({ ...newStaff('admin'), token: created.body.token });
  t.equal(denied.status, 403);
  t.equal(denied.body.error.code, 'forbidden');
});

t.test('an admin may create another admin, whose token is an admin token', async (t) => {
  const created = await call({ ...newStaff('admin', 'Trần Văn Minh'), token: adminToken });
  t.equal(created.status, 201);
  const again = await call({ ...newStaff('staff'), token: created.body.token });
  t.equal(again.status, 201);
});

t.test('a merchant key cannot use staff routes', async (t) => {
  const { apiKey } = await onboardStall({ call, adminToken });
  const res = await call({ ...newStaff('staff'), token: apiKey });
  t.equal(res.status, 403);
});

t.test('a revoked credential stops working', async (t) => {
  const created = await call({ ...newStaff('admin'), token: adminToken });
  await database.db
    .updateTable('credentials')
    .set({ revoked_at: new Date() })
    .where('staff_id', '=', created.body.staff.id)
    .execute();
  const res = await call({ ...newStaff('staff'), token: created.body.token });
  t.equal(res.status, 401);
});
