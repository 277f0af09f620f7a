import t from 'tap';
import WebSocket from 'ws';
import { listWards } from '../../src/admin-units/index.js';
import { allTimeTotals } from '../../src/stats/stats.repository.js';
import { recomputeTotals } from '../../src/stats/recompute.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { openSocket } from '../helpers/ws.js';

// Boards per site and per province (issue #22): two sites in Cao Bằng (04), one in Cà Mau (96). Each viewer gets its
// own scope's deltas only; each scope's snapshot sums its own stalls, and the scopes add up.
const ctx = await startTestApp(t);
const { call, adminToken, database } = ctx;
const base = (await ctx.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');

async function newSite(slug: string, name: string, provinceCode: string, ward: string, kind = 'market') {
  const res = await call({
    method: 'POST',
    url: '/api/v1/sites',
    token: adminToken,
    payload: { slug, name, kind, provinceCode, ward },
  });
  if (res.status !== 201) throw new Error(`site: ${res.status} ${res.raw}`);
  return res.body;
}
const sites = (await call({ method: 'GET', url: '/api/v1/sites' })).body.sites;
const kimDong = sites.find((s: any) => s.slug === 'kim-dong');
const night = await newSite('cho-dem-cao-bang', 'Chợ đêm Cao Bằng', '04', '01273', 'night-market');
const caMau = await newSite('cho-ca-mau', 'Chợ Cà Mau', '96', listWards('96')[0]!.code);
const a = await onboardStall(ctx, { siteId: kimDong.id, name: 'Nước mía Sông Bằng' });
const b = await onboardStall(ctx, { siteId: night.id, name: 'Thổ cẩm Tày Nùng' });
// A stall's ward must lie in its site's province (Cà Mau's, not the fixture's Cao Bằng ward).
const c = await onboardStall(ctx, { siteId: caMau.id, name: 'Cua Năm Căn', ward: listWards('96')[0]!.code });

async function qrPayment(stall: typeof a, amount: number, payerBank = 'VCB') {
  const pr = (await call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount } }))
    .body;
  const paid = await call({
    method: 'POST',
    url: '/sandbox/transfers',
    payload: { payload: pr.qr.payload, payerBank },
  });
  if (paid.body.payment?.outcome !== 'matched') throw new Error(`payment: ${paid.status} ${paid.raw}`);
}
const stats = async (query = '') => {
  const res = await call({ method: 'GET', url: `/api/v1/stats${query}` });
  if (res.status !== 200) throw new Error(`stats${query}: ${res.status} ${res.raw}`);
  return res.body;
};
const amounts = (viewer: Awaited<ReturnType<typeof openSocket>>) =>
  viewer.messages.flatMap((m) => (m.type === 'delta' ? m.ticker.map((i: any) => i.amount) : [])).sort();

t.test("each board's websocket receives its own scope's sales and nothing else", async (t) => {
  const viewers = {
    siteA: await openSocket(`${base}/ws/board?site=kim-dong`),
    siteB: await openSocket(`${base}/ws/board?site=cho-dem-cao-bang`),
    caoBang: await openSocket(`${base}/ws/board?province=04`),
    caMau: await openSocket(`${base}/ws/board?province=96`),
    national: await openSocket(`${base}/ws/board`),
  };
  for (const v of Object.values(viewers)) await v.next((m) => m.type === 'snapshot');
  t.equal((await viewers.siteA.next((m) => m.type === 'snapshot')).stats.scope.slug, 'kim-dong');
  t.equal((await viewers.caoBang.next((m) => m.type === 'snapshot')).stats.scope.code, '04');

  await qrPayment(a, 45000);
  await qrPayment(b, 120000, 'MOMO');
  await qrPayment(c, 77000, 'TCB');
  const saw = (v: Awaited<ReturnType<typeof openSocket>>, amount: number) =>
    v.next((m) => m.type === 'delta' && m.ticker.some((i: any) => i.amount === amount), 5000);
  await Promise.all([
    saw(viewers.siteA, 45000),
    saw(viewers.siteB, 120000),
    saw(viewers.caoBang, 45000),
    saw(viewers.caoBang, 120000),
    saw(viewers.caMau, 77000),
    saw(viewers.national, 45000),
    saw(viewers.national, 120000),
    saw(viewers.national, 77000),
  ]);
  // The KPI deltas follow; then a moment for anything misrouted to arrive.
  await viewers.caoBang.next((m) => m.type === 'delta' && m.changed.today?.salesValue === 165000, 5000);
  await new Promise((r) => setTimeout(r, 400));
  t.same(amounts(viewers.siteA), [45000], 'the viewer of site A never receives site B’s or Cà Mau’s sale');
  t.same(amounts(viewers.siteB), [120000]);
  t.same(amounts(viewers.caoBang), [120000, 45000].sort(), 'the province viewer receives both of its sites');
  t.same(amounts(viewers.caMau), [77000]);
  t.same(amounts(viewers.national), [120000, 45000, 77000].sort(), 'the national viewer receives every sale');
  const siteKpis = () => viewers.siteA.messages.filter((m) => m.type === 'delta' && m.changed.today);
  await viewers.siteA.next((m) => m.type === 'delta' && m.changed.today?.salesValue === 45000, 5000);
  t.same(
    siteKpis().filter((m) => ![0, 45000].includes(m.changed.today.salesValue)),
    [],
    'site A’s KPI deltas count site A only (its first delta may resend the zeros it joined with)',
  );
  for (const v of Object.values(viewers)) v.close();
});

t.test('snapshots per scope: a site sums its stalls, a province its sites, the country its provinces', async (t) => {
  const [all, siteA, siteB, caoBang, caMau] = await Promise.all([
    stats(),
    stats('?site=kim-dong'),
    stats('?site=cho-dem-cao-bang'),
    stats('?province=04'),
    stats('?province=96'),
  ]);
  t.same(all.scope, { kind: 'all' });
  t.match(siteA.scope, {
    kind: 'site',
    slug: 'kim-dong',
    name: kimDong.name,
    siteKind: 'street',
    provinceCode: '04',
    provinceName: 'Tỉnh Cao Bằng',
    wardName: 'Phường Thục Phán',
  });
  t.same(caoBang.scope, { kind: 'province', code: '04', name: 'Tỉnh Cao Bằng' });
  t.match(siteA.today, { salesCount: 1, salesValue: 45000, cashlessValue: 45000 });
  t.match(siteB.today, { salesCount: 1, salesValue: 120000 });
  t.match(caoBang.today, { salesCount: 2, salesValue: 165000 });
  t.match(caMau.today, { salesCount: 1, salesValue: 77000 });
  t.equal(caoBang.today.salesValue, siteA.today.salesValue + siteB.today.salesValue, 'sites add up to the province');
  t.equal(all.today.salesValue, caoBang.today.salesValue + caMau.today.salesValue, 'provinces add up to the country');
  t.equal(caoBang.allTime.salesValue, siteA.allTime.salesValue + siteB.allTime.salesValue);
  t.equal(siteA.stalls.onboarded + siteB.stalls.onboarded, caoBang.stalls.onboarded);
  t.equal(siteA.stalls.activeToday + siteB.stalls.activeToday, caoBang.stalls.activeToday);
  // A site's hours are read stall by stall (the stall-first index), a province's from the day's rows: the same hours.
  const hourly = (s: any) => s.salesPerHour.filter((h: any) => h.count > 0);
  t.same(hourly(siteA), [{ hour: hourly(siteA)[0].hour, count: 1, value: 45000, cashlessCount: 1 }]);
  t.same(
    caoBang.salesPerHour.map((h: any) => h.value),
    siteA.salesPerHour.map((h: any, i: number) => h.value + siteB.salesPerHour[i].value),
    "the sites' hours add up to the province's",
  );
  t.same(
    siteA.payers.allTime.map((p: any) => p.payer),
    ['VCB'],
  );
  t.same(
    siteB.payers.today.map((p: any) => p.payer),
    ['MOMO'],
  );
  t.same(
    siteA.ticker.map((i: any) => i.amount),
    [45000],
    'a site’s ticker shows its own sales',
  );
  t.same(
    caoBang.sites.map((s: any) => [s.slug, s.rank, s.todayValue, s.todayCount, s.stalls, s.activeStalls]),
    [
      ['cho-dem-cao-bang', 1, 120000, 1, 1, 1],
      ['kim-dong', 2, 45000, 1, siteA.stalls.onboarded, 1],
    ],
    "the province's sites, ranked by today's cashless value",
  );
  t.match(caoBang.sites[0], { name: 'Chợ đêm Cao Bằng', kind: 'night-market', wardName: 'Phường Thục Phán' });
  t.equal(caoBang.sites[0].cashlessShare, 1);
  t.equal(caoBang.sites[1].allTimeValue, siteA.allTime.salesValue);
  const provinces = Object.fromEntries(all.provinces.map((p: any) => [p.code, p]));
  t.match(provinces['04'], { name: 'Tỉnh Cao Bằng', sites: 2, todayValue: 165000, todayCount: 2 });
  t.match(provinces['96'], { name: 'Tỉnh Cà Mau', sites: 1, stalls: 1, todayValue: 77000, allTimeValue: 77000 });
  t.same(await allTimeTotals(database.db), await recomputeTotals(database.db), 'running totals = recomputation');
});

t.test('an unknown site or province is a clear 404, on the API and on the websocket upgrade', async (t) => {
  const site = await call({ method: 'GET', url: '/api/v1/stats?site=no-such-street' });
  t.equal(site.status, 404);
  t.equal(site.body.error.code, 'unknown_site');
  const province = await call({ method: 'GET', url: '/api/v1/stats?province=99' });
  t.equal(province.status, 404);
  t.equal(province.body.error.code, 'unknown_province');
  t.equal((await call({ method: 'GET', url: '/api/v1/stats?site=kim-dong&province=04' })).status, 400);
  for (const [query, code] of [
    ['site=no-such-street', 'unknown_site'],
    ['province=99', 'unknown_province'],
  ]) {
    const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const socket = new WebSocket(`${base}/ws/board?${query}`);
      socket.on('open', () => reject(new Error('upgraded')));
      socket.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
    });
    t.equal(refused.status, 404, query);
    t.equal(JSON.parse(refused.body).error.code, code);
  }
});
