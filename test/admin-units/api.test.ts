import t from 'tap';
import { startTestApp } from '../helpers/app.js';

// The public lists the forms' pickers read, and wards given as codes or names on teams and onboarding.
const { call, adminToken } = await startTestApp(t);

t.test('GET /api/v1/admin-units/provinces: the 34 provinces, public and cacheable', async (t) => {
  const res = await call({ method: 'GET', url: '/api/v1/admin-units/provinces' });
  t.equal(res.status, 200);
  t.equal(res.body.provinces.length, 34);
  t.same(res.body.provinces[1], { code: '04', name: 'Tỉnh Cao Bằng' });
  t.same(res.body.provinces.at(-1), { code: '96', name: 'Tỉnh Cà Mau' });
  t.match(res.headers['cache-control'], /public, max-age=\d+/);
});

t.test('GET /api/v1/admin-units/wards?province=04: that province only', async (t) => {
  const res = await call({ method: 'GET', url: '/api/v1/admin-units/wards?province=04' });
  t.equal(res.status, 200);
  t.ok(res.body.wards.some((w: { code: string; name: string }) => w.code === '01273' && w.name === 'Phường Thục Phán'));
  t.ok(res.body.wards.length > 40);
  t.match(res.headers['cache-control'], /public, max-age=\d+/);
  const camau = await call({ method: 'GET', url: '/api/v1/admin-units/wards?province=96' });
  t.equal(camau.status, 200);
  t.notOk(camau.body.wards.some((w: { code: string }) => w.code === '01273'));
  for (const bad of ['99', '4', 'Cao Bang Province', '0912345678']) {
    const res = await call({ method: 'GET', url: `/api/v1/admin-units/wards?province=${encodeURIComponent(bad)}` });
    t.equal(res.status, 400, bad);
    t.equal(res.body.error.code, 'unknown_province', bad);
  }
  const missing = await call({ method: 'GET', url: '/api/v1/admin-units/wards' });
  t.equal(missing.status, 400);
});

t.test('teams and onboarding take the ward as a code or a name, store the code, refuse anything else', async (t) => {
  const team = await call({
    method: 'POST',
    url: '/api/v1/teams',
    token: adminToken,
    payload: { name: 'Tổ CNS Hòa An', ward: 'hoa an', province: 'Cao Bằng' },
  });
  t.equal(team.status, 201);
  t.match(team.body, { ward: 'Xã Hòa An', wardCode: '01654', wardName: 'Xã Hòa An', provinceCode: '04' });
  for (const [payload, code] of [
    [{ name: 'Tổ 1', ward: 'hoa an' }, 'unknown_ward'], // more than one Hòa An in the country
    [{ name: 'Tổ 2', ward: '0912345678' }, 'unknown_ward'],
    [{ name: 'Tổ 3', ward: 'Thuc Phan Ward 2' }, 'unknown_ward'],
    [{ name: 'Tổ 4', ward: 'Phường Thục Phán', province: '96' }, 'unknown_ward'],
    [{ name: 'Tổ 5', ward: 'Phường Thục Phán', province: '00' }, 'unknown_province'],
  ] as const) {
    const res = await call({ method: 'POST', url: '/api/v1/teams', token: adminToken, payload });
    t.equal(res.status, 400, JSON.stringify(payload));
    t.equal(res.body.error.code, code, JSON.stringify(payload));
  }
  const listed = await call({ method: 'GET', url: '/api/v1/teams?ward=01654', token: adminToken });
  t.same(
    listed.body.items.map((i: { name: string }) => i.name),
    ['Tổ CNS Hòa An'],
  );

  const stall = (ward: string, n: number) => ({
    stallCode: `WD-${n}`,
    name: 'Phở Gánh',
    category: 'food',
    ward,
    payout: { bin: '970436', accountNumber: `0451000990${n}` },
    taxMethod: 'household',
    taxCode: '0100109106',
    address: '1 Kim Đồng',
  });
  const made = await call({ method: 'POST', url: '/api/v1/merchants', token: adminToken, payload: stall('01273', 1) });
  t.equal(made.status, 201);
  t.match(made.body.merchant ?? made.body, {
    ward: 'Phường Thục Phán',
    wardCode: '01273',
    wardName: 'Phường Thục Phán',
  });
  const refused = await call({
    method: 'POST',
    url: '/api/v1/merchants',
    token: adminToken,
    payload: stall('0912345678', 2),
  });
  t.equal(refused.status, 400);
  t.equal(refused.body.error.code, 'unknown_ward');
});
