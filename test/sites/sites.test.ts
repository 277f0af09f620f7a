import t from 'tap';
import { decodeVietQr } from '../../src/qr/vietqr.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// Sites through the API: the public list, an admin creating one (slug, kind, province, ward matched in any
// spelling), onboarding into a site (siteId required once there are two), and field 60 of a stall's QR codes from
// its site's province.

const ctx = await startTestApp(t);
const { call, adminToken } = ctx;

const staffToken = (
  await call({ method: 'POST', url: '/api/v1/staff', token: adminToken, payload: { name: 'Chị Lan', role: 'staff' } })
).body.token as string;

const newSite = (payload: Record<string, unknown>, token = adminToken) =>
  call({ method: 'POST', url: '/api/v1/sites', token, payload });

t.test('a fresh deployment lists the Kim Đồng walking street alone, publicly', async (t) => {
  const res = await call({ method: 'GET', url: '/api/v1/sites' });
  t.equal(res.status, 200);
  t.same(res.body.sites, [
    {
      id: res.body.sites[0].id,
      slug: 'kim-dong',
      name: 'Phố đi bộ Kim Đồng',
      kind: 'street',
      provinceCode: '04',
      provinceName: 'Tỉnh Cao Bằng',
      wardCode: '01273',
      wardName: 'Phường Thục Phán',
      address: res.body.sites[0].address,
    },
  ]);
});

t.test('while there is one site, onboarding may leave it out; the stall carries its site', async (t) => {
  const { merchant } = await onboardStall(ctx);
  const [kimDong] = (await call({ method: 'GET', url: '/api/v1/sites' })).body.sites;
  t.equal(merchant.siteId, kimDong.id);
  t.equal(merchant.siteSlug, 'kim-dong');
  const qr = await call({ method: 'GET', url: `/api/v1/merchants/${merchant.id}/qr.txt`, token: adminToken });
  t.match(qr.raw, /6008CAO BANG/, 'field 60: the province of Kim Đồng');
  t.equal(decodeVietQr(qr.raw).city, 'CAO BANG', 'and the CRC holds');
});

t.test('only admins create sites', async (t) => {
  const body = { slug: 'cho-thu', name: 'Chợ thử', kind: 'market', provinceCode: '96', ward: 'An Xuyên' };
  t.equal((await newSite(body, staffToken)).status, 403);
  t.equal((await call({ method: 'POST', url: '/api/v1/sites', payload: body })).status, 401);
});

t.test('an admin creates a market in Cà Mau; the ward matches in any spelling', async (t) => {
  const res = await newSite({
    slug: 'cho-ca-mau',
    name: 'Chợ Cà Mau',
    kind: 'market',
    provinceCode: '96',
    ward: 'phuong an xuyen',
    address: 'Đường Phan Ngọc Hiển, phường An Xuyên, Cà Mau',
  });
  t.equal(res.status, 201, res.raw);
  t.match(res.body, {
    slug: 'cho-ca-mau',
    kind: 'market',
    provinceCode: '96',
    provinceName: 'Tỉnh Cà Mau',
    wardCode: '32002',
    wardName: 'Phường An Xuyên',
  });
  const byCode = await newSite({
    slug: 'cho-dem-ca-mau',
    name: 'Chợ đêm',
    kind: 'night-market',
    provinceCode: '96',
    ward: '32002',
  });
  t.equal(byCode.status, 201, 'a ward code works too');
  const list = (await call({ method: 'GET', url: '/api/v1/sites' })).body.sites as Array<{ slug: string }>;
  t.same(list.map((s) => s.slug).sort(), ['cho-ca-mau', 'cho-dem-ca-mau', 'kim-dong']);
});

t.test('a bad site is refused with a clear code and nothing is stored', async (t) => {
  const base = { slug: 'cho-moi', name: 'Chợ mới', kind: 'market', provinceCode: '96', ward: 'An Xuyên' };
  const cases: Array<[Record<string, unknown>, number, string]> = [
    [{ slug: 'kim-dong' }, 409, 'site_slug_taken'],
    [{ slug: 'national' }, 400, 'reserved_slug'], // /board/national is the national board
    [{ slug: 'province' }, 400, 'reserved_slug'], // /board/province/<code>
    [{ slug: 'Cho Moi' }, 400, 'validation_failed'],
    [{ slug: 'cho_moi' }, 400, 'validation_failed'],
    [{ slug: '-cho' }, 400, 'validation_failed'],
    [{ kind: 'mall' }, 400, 'validation_failed'],
    [{ provinceCode: '99' }, 400, 'unknown_province'],
    [{ ward: 'Thục Phán' }, 400, 'unknown_ward'], // a ward of Cao Bằng, not of Cà Mau
    [{ ward: '01273' }, 400, 'unknown_ward'], // its code, likewise
    [{ ward: '0912345678' }, 400, 'unknown_ward'],
  ];
  for (const [change, status, code] of cases) {
    const res = await newSite({ ...base, ...change });
    t.equal(res.status, status, `${JSON.stringify(change)}: ${res.raw}`);
    if (code !== 'validation_failed') t.equal(res.body.error.code, code);
  }
  const list = (await call({ method: 'GET', url: '/api/v1/sites' })).body.sites as Array<{ slug: string }>;
  t.notOk(
    list.some((s) => s.slug === 'cho-moi'),
    'nothing stored',
  );
});

t.test('with more than one site, onboarding names the site', async (t) => {
  const sites = (await call({ method: 'GET', url: '/api/v1/sites' })).body.sites as Array<{ id: string; slug: string }>;
  const caMau = sites.find((s) => s.slug === 'cho-ca-mau')!;
  await t.rejects(onboardStall(ctx), /400 .*site_required/);
  await t.rejects(onboardStall(ctx, { siteId: '00000000-0000-4000-8000-000000000000' }), /400 .*unknown_site/);
  const { merchant, apiKey } = await onboardStall(ctx, {
    siteId: caMau.id,
    ward: 'Phường An Xuyên',
    name: 'Cá khô Năm Căn',
    address: 'Sạp 12, chợ Cà Mau',
  });
  t.equal(merchant.siteId, caMau.id);
  t.equal(merchant.siteSlug, 'cho-ca-mau');

  // Field 60 from the site's province: the static and the dynamic QR of a Cà Mau stall say CA MAU.
  const qr = await call({ method: 'GET', url: `/api/v1/merchants/${merchant.id}/qr.txt`, token: apiKey });
  t.match(qr.raw, /6006CA MAU/);
  t.notMatch(qr.raw, /CAO BANG/);
  t.equal(decodeVietQr(qr.raw).city, 'CA MAU', 'the CRC holds');
  const request = await call({
    method: 'POST',
    url: '/api/v1/payment-requests',
    token: apiKey,
    payload: { amount: 85000, description: 'Cá khô' },
  });
  t.equal(request.status, 201, request.raw);
  t.match(request.body.qr.payload, /6006CA MAU/);
  const decoded = decodeVietQr(request.body.qr.payload);
  t.equal(decoded.city, 'CA MAU');
  t.equal(decoded.amount, 85000);

  // A Cao Bằng stall's dynamic QR still says CAO BANG.
  const kimDong = sites.find((s) => s.slug === 'kim-dong')!;
  const cb = await onboardStall(ctx, { siteId: kimDong.id });
  const cbRequest = await call({
    method: 'POST',
    url: '/api/v1/payment-requests',
    token: cb.apiKey,
    payload: { amount: 30000 },
  });
  t.match(cbRequest.body.qr.payload, /6008CAO BANG/);
  t.equal(decodeVietQr(cbRequest.body.qr.payload).city, 'CAO BANG');
  const read = await call({ method: 'GET', url: `/api/v1/payment-requests/${request.body.id}`, token: apiKey });
  t.match(read.body.qr.payload, /6006CA MAU/, 'read again, the same city');
});
