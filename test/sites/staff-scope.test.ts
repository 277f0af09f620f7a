import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// Admins give a staff member a scope (sites or a province) when creating them or later; it is checked, shown, and
// takes effect on the next request of that staff member's token.

const ctx = await startTestApp(t);
const { call, adminToken } = ctx;

const kimDongStall = await onboardStall(ctx);
const kimDong = (await call({ method: 'GET', url: '/api/v1/sites' })).body.sites[0] as { id: string };
const caMau = (
  await call({
    method: 'POST',
    url: '/api/v1/sites',
    token: adminToken,
    payload: { slug: 'cho-ca-mau', name: 'Chợ Cà Mau', kind: 'market', provinceCode: '96', ward: 'An Xuyên' },
  })
).body as { id: string };
const caMauStall = await onboardStall(ctx, { siteId: caMau.id, ward: 'An Xuyên' });

const createStaff = (payload: Record<string, unknown>) =>
  call({ method: 'POST', url: '/api/v1/staff', token: adminToken, payload });
const stallCodes = async (token: string) =>
  ((await call({ method: 'GET', url: '/api/v1/merchants', token })).body.items as Array<{ stallCode: string }>)
    .map((m) => m.stallCode)
    .sort();

t.test('a staff member created with a scope sees only it; an unscoped one sees everything', async (t) => {
  const scoped = await createStaff({ name: 'Chị Hà', role: 'staff', scope: { kind: 'sites', siteIds: [caMau.id] } });
  t.equal(scoped.status, 201, scoped.raw);
  t.same(scoped.body.staff.scope, { kind: 'sites', siteIds: [caMau.id] });
  t.same(await stallCodes(scoped.body.token), [caMauStall.merchant.stallCode]);
  const plain = await createStaff({ name: 'Anh Minh', role: 'staff' });
  t.same(plain.body.staff.scope, { kind: 'all' }, 'every site by default');
  t.same(await stallCodes(plain.body.token), [caMauStall.merchant.stallCode, kimDongStall.merchant.stallCode].sort());
  const me = await call({ method: 'GET', url: '/api/v1/staff/me', token: scoped.body.token });
  t.same(me.body.scope, { kind: 'sites', siteIds: [caMau.id] });
  const list = await call({ method: 'GET', url: '/api/v1/staff', token: adminToken });
  t.same(
    (list.body.items as Array<{ id: string; scope: unknown }>).find((s) => s.id === scoped.body.staff.id)?.scope,
    { kind: 'sites', siteIds: [caMau.id] },
    'the admin list shows it',
  );
});

t.test('an admin changes a scope; it applies to the next request', async (t) => {
  const staff = await createStaff({ name: 'Cô Thu', role: 'staff', scope: { kind: 'province', provinceCode: '96' } });
  const token = staff.body.token as string;
  t.same(await stallCodes(token), [caMauStall.merchant.stallCode]);
  const changed = await call({
    method: 'PUT',
    url: `/api/v1/staff/${staff.body.staff.id}/scope`,
    token: adminToken,
    payload: { scope: { kind: 'province', provinceCode: '04' } },
  });
  t.equal(changed.status, 200, changed.raw);
  t.same(changed.body.scope, { kind: 'province', provinceCode: '04' });
  t.same(await stallCodes(token), [kimDongStall.merchant.stallCode], 'now Cao Bằng only');
  const read = await call({ method: 'GET', url: `/api/v1/merchants/${caMauStall.merchant.id}`, token });
  t.equal(read.status, 404, "the Cà Mau stall is now 'not found'");
  await call({
    method: 'PUT',
    url: `/api/v1/staff/${staff.body.staff.id}/scope`,
    token: adminToken,
    payload: { scope: { kind: 'all' } },
  });
  t.equal(await stallCodes(token).then((c) => c.length), 2, 'every site again');
});

t.test('a bad scope is refused and changes nothing', async (t) => {
  const staff = await createStaff({ name: 'Chú Ba', role: 'staff', scope: { kind: 'sites', siteIds: [kimDong.id] } });
  const id = staff.body.staff.id as string;
  const put = (scope: unknown) =>
    call({ method: 'PUT', url: `/api/v1/staff/${id}/scope`, token: adminToken, payload: { scope } });
  const cases: Array<[unknown, number, string | null]> = [
    [{ kind: 'province', provinceCode: '99' }, 400, 'unknown_province'],
    [{ kind: 'sites', siteIds: ['00000000-0000-4000-8000-000000000000'] }, 400, 'unknown_site'],
    [{ kind: 'sites', siteIds: [] }, 400, null],
    [{ kind: 'town' }, 400, null],
  ];
  for (const [scope, status, code] of cases) {
    const res = await put(scope);
    t.equal(res.status, status, `${JSON.stringify(scope)}: ${res.raw}`);
    if (code) t.equal(res.body.error.code, code);
  }
  const unknownStaff = await call({
    method: 'PUT',
    url: '/api/v1/staff/00000000-0000-4000-8000-000000000000/scope',
    token: adminToken,
    payload: { scope: { kind: 'all' } },
  });
  t.equal(unknownStaff.status, 404);
  const me = await call({ method: 'GET', url: '/api/v1/staff/me', token: staff.body.token });
  t.same(me.body.scope, { kind: 'sites', siteIds: [kimDong.id] }, 'unchanged');

  const admin = await createStaff({ name: 'Quản trị', role: 'admin', scope: { kind: 'province', provinceCode: '04' } });
  t.equal(admin.status, 400);
  t.equal(admin.body.error.code, 'admin_scope', 'admins see everything: a narrower scope is refused');
  t.equal(await put({ kind: 'all' }).then((r) => r.status), 200);
});

t.test('a scoped staff member cannot onboard into another site', async (t) => {
  const staff = await createStaff({ name: 'Chị Lụa', role: 'staff', scope: { kind: 'sites', siteIds: [caMau.id] } });
  const token = staff.body.token as string;
  await t.rejects(
    onboardStall({ call, adminToken: token }, { siteId: kimDong.id }),
    /400 .*unknown_site/,
    'Kim Đồng is out of scope',
  );
  const ok = await onboardStall({ call, adminToken: token }, { siteId: caMau.id, ward: 'An Xuyên' });
  t.equal(ok.merchant.siteSlug, 'cho-ca-mau');
});
