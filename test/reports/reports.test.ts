import t from 'tap';
import { vietnamDay } from '../../src/time/vietnam.js';
import { startTestApp } from '../helpers/app.js';
import { cashSale, parseCsv, qrSale, reportSites, stallAt } from './sites.js';

const ctx = await startTestApp(t, { SANDBOX: '1' });
const { call } = ctx;
const sites = await reportSites(ctx);
const today = vietnamDay(new Date());
const month = today.slice(0, 7);
const yesterday = vietnamDay(new Date(Date.now() - 86_400_000));
const hour = new Date(Date.now() + 7 * 3600_000).getUTCHours();

// Kim Đồng: two stalls and a third that sells nothing; Tân Giang (also Cao Bằng) one stall; Cà Mau one stall.
const a1 = await stallAt(ctx, sites.kimDong, { stallCode: 'KD-101', name: 'Bánh cuốn Bà Hoa' });
const a2 = await stallAt(ctx, sites.kimDong, { stallCode: 'KD-102', name: 'Trà đá Cô Ba' });
await stallAt(ctx, sites.kimDong, { stallCode: 'KD-103', name: 'Quầy im lặng' });
const b1 = await stallAt(ctx, sites.tanGiang, { stallCode: 'TG-201', name: 'Lạp sườn' });
const c1 = await stallAt(ctx, sites.caMau, { stallCode: 'CM-301', name: 'Cua Năm Căn' });

await qrSale(ctx, a1, 45000, 'VCB');
const cash = await cashSale(ctx, a1, { amount: 20000 });
await call({ method: 'POST', url: `/api/v1/sales/${cash.sale.id}/refunds`, token: a1.apiKey, payload: { amount: 5000 } });
await qrSale(ctx, a2, 30000, 'MOMO');
await cashSale(ctx, b1, { amount: 10000 });
await qrSale(ctx, c1, 70000, 'VCB');
const activation = await call({
  method: 'POST',
  url: '/api/v1/activations',
  token: ctx.adminToken,
  payload: { provider: 'viettel_money', phone: '0912345678', ward: 'Phường Thục Phán' },
});

const get = async (url: string, token = ctx.adminToken) => {
  const res = await call({ method: 'GET', url, token });
  t.equal(res.status, 200, url);
  return res.body;
};

t.test("a site's day: every figure is what the sales made", async (t) => {
  t.equal(activation.status, 201, 'an activation in Kim Đồng’s ward');
  const r = await get(`/api/v1/reports/daily?site=kim-dong&date=${today}`);
  t.match(r.scope, { kind: 'site', slug: 'kim-dong', name: 'Phố đi bộ Kim Đồng', provinceCode: '04' });
  t.same(r.period, { kind: 'day', firstDay: today, lastDay: today });
  t.same(r.totals, {
    salesCount: 3,
    salesValue: 95000,
    cashlessCount: 2,
    cashlessValue: 75000,
    cashlessShareValue: Math.round((75000 / 95000) * 10000) / 10000,
    cashlessShareCount: Math.round((2 / 3) * 10000) / 10000,
    refundCount: 1,
    refundValue: 5000,
    netValue: 90000,
  });
  t.same(r.byMethod, [
    { method: 'cash', count: 1, value: 20000 },
    { method: 'bank_qr', count: 1, value: 45000 },
    { method: 'mobile_money', count: 1, value: 30000 },
  ]);
  t.same(
    r.byPayer.map((p: any) => [p.code, p.name, p.count, p.value]),
    [
      ['VCB', 'Vietcombank', 1, 45000],
      ['MOMO', 'MoMo', 1, 30000],
    ],
  );
  t.match(r.stalls, { total: 3, active: 2 });
  t.same(
    r.stalls.top.map((s: any) => [s.stallCode, s.value, s.cashlessValue]),
    [
      ['KD-101', 65000, 45000],
      ['KD-102', 30000, 30000],
      ['KD-103', 0, 0],
    ],
  );
  t.equal(r.stalls.bottom[0].stallCode, 'KD-103', 'the weakest first');
  t.equal(r.stalls.new.length, 3, 'all three joined today');
  t.equal(r.perHour.length, 24);
  t.same(r.perHour[hour], { hour, count: 3, value: 95000, cashlessValue: 75000 });
  t.equal(r.perDay, null);
  t.match(r.invoices, { issued: 3, coverage: 1 });
  // Transmission counts every invoice issued that day, the refund's adjustment too; sandbox money's invoices are
  // never sent. Where each stands (queued, sent, accepted) depends on the sender's pace.
  const sent = r.invoices.transmission;
  t.same(Object.keys(sent).sort(), ['accepted', 'queued', 'rejected', 'sent']);
  t.equal(sent.queued + sent.sent + sent.accepted + sent.rejected, 2, "the cash sale's invoice and its adjustment");
  t.match(r.activations, { total: 1, byProvider: [{ provider: 'viettel_money', name: 'Viettel Money', count: 1 }], byWard: [{ ward: '01273', count: 1 }] });
  t.notOk('sites' in r && r.sites, 'a site report has no site columns');
});

t.test("a province's day lists each site side by side, with totals; other provinces stay out", async (t) => {
  const r = await get(`/api/v1/reports/daily?province=04&date=${today}`);
  t.match(r.scope, { kind: 'province', code: '04' });
  t.match(r.totals, { salesCount: 4, salesValue: 105000, cashlessValue: 75000, refundValue: 5000 });
  t.same(
    r.sites.map((s: any) => [s.slug, s.stalls, s.activeStalls, s.salesCount, s.salesValue, s.cashlessValue]),
    [
      ['cho-tan-giang', 1, 0, 1, 10000, 0],
      ['kim-dong', 3, 2, 3, 95000, 75000],
    ],
  );
  t.equal(r.stalls.total, 4);
  t.ok(!JSON.stringify(r).includes('CM-301'), 'nothing of Cà Mau');
  const cm = await get(`/api/v1/reports/daily?province=96&date=${today}`);
  t.match(cm.totals, { salesCount: 1, salesValue: 70000, cashlessValue: 70000, cashlessShareValue: 1 });
  t.same(cm.sites.map((s: any) => s.slug), ['cho-ca-mau']);
  const quiet = await get(`/api/v1/reports/daily?province=04&date=${yesterday}`);
  t.match(quiet.totals, { salesCount: 0, salesValue: 0, cashlessShareValue: 0 });
});

t.test('a month: the same figures, per day', async (t) => {
  const r = await get(`/api/v1/reports/monthly?site=kim-dong&month=${month}`);
  t.equal(r.period.firstDay, `${month}-01`);
  t.equal(r.perDay.length, Number(r.period.lastDay.slice(8)), 'every day of the month');
  t.same(r.perDay.find((d: any) => d.day === today), { day: today, count: 3, value: 95000, cashlessValue: 75000 });
  t.equal(r.perDay.reduce((n: number, d: any) => n + d.value, 0), 95000);
  t.match(r.totals, { salesCount: 3, salesValue: 95000, cashlessValue: 75000 });
  t.equal(r.perHour, null);
  const p = await get(`/api/v1/reports/monthly?province=04&month=${month}`);
  t.match(p.totals, { salesCount: 4, salesValue: 105000 });
  t.equal(p.sites.length, 2);
});

t.test('as CSV: .csv or format=csv, Vietnamese or English', async (t) => {
  const vi = await call({ method: 'GET', url: `/api/v1/reports/daily.csv?site=kim-dong&date=${today}`, token: ctx.adminToken });
  t.equal(vi.status, 200);
  t.match(vi.headers['content-type'], /text\/csv/);
  t.equal(vi.headers['content-disposition'], `attachment; filename="report_kim-dong_${today}.csv"`);
  const rows = parseCsv(vi.raw.slice(1));
  t.same(rows[0], ['Mục', 'Chỉ tiêu', 'Số lượng', 'Giá trị (đồng)', 'Tỷ lệ']);
  t.ok(rows.some((r) => r[0] === 'Tổng' && r[1] === 'Giao dịch' && r[2] === '3' && r[3] === '95000'));
  t.ok(rows.some((r) => r[0] === 'Ngân hàng người trả' && r[1] === 'Vietcombank' && r[3] === '45000'));
  t.ok(rows.some((r) => r[0] === 'Theo giờ' && r[1] === `${String(hour).padStart(2, '0')}:00` && r[3] === '95000'));
  const en = await call({
    method: 'GET',
    url: `/api/v1/reports/monthly?province=04&month=${month}&format=csv&lang=en`,
    token: ctx.adminToken,
  });
  const enRows = parseCsv(en.raw.slice(1));
  t.same(enRows[0], ['Section', 'Item', 'Count', 'Value (VND)', 'Share']);
  t.ok(enRows.some((r) => r[0] === 'Site' && r[1] === 'Phố đi bộ Kim Đồng' && r[3] === '95000'));
  t.ok(enRows.some((r) => r[0] === 'Totals' && r[1] === 'Sales' && r[3] === '105000'));
  t.equal(en.headers['content-disposition'], `attachment; filename="report_province-04_${month}.csv"`);
});

t.test('staff only; unknown scopes are 404, bad queries 400', async (t) => {
  const url = `/api/v1/reports/daily?site=kim-dong&date=${today}`;
  t.equal((await call({ method: 'GET', url })).status, 401);
  t.equal((await call({ method: 'GET', url, token: a1.apiKey })).status, 403, 'not for stalls');
  const stranger = await stallAt(ctx, sites.caMau);
  t.equal((await call({ method: 'GET', url: `/api/v1/reports/monthly.csv?site=kim-dong&month=${month}`, token: stranger.apiKey })).status, 403);
  const code = async (u: string) => (await call({ method: 'GET', url: u, token: ctx.adminToken })).body.error.code;
  t.equal(await code(`/api/v1/reports/daily?site=nowhere&date=${today}`), 'unknown_site');
  t.equal(await code(`/api/v1/reports/daily?province=01&date=${today}`), 'unknown_province');
  const bad = [
    `/api/v1/reports/daily?date=${today}`,
    `/api/v1/reports/daily?site=kim-dong&province=04&date=${today}`,
    '/api/v1/reports/daily?site=kim-dong&date=2026-13-01',
    '/api/v1/reports/monthly?site=kim-dong&month=2026-13',
    '/api/v1/reports/monthly?site=kim-dong',
    `/api/v1/reports/daily?site=Kim%20Dong&date=${today}`,
  ];
  for (const u of bad) t.equal((await call({ method: 'GET', url: u, token: ctx.adminToken })).status, 400, u);
});

t.test("a scoped staff member's reports and exports stay within their scope; outside it is 404", async (t) => {
  const staffWith = async (name: string, scope: unknown) => {
    const res = await call({
      method: 'POST',
      url: '/api/v1/staff',
      token: ctx.adminToken,
      payload: { name, role: 'staff', scope },
    });
    t.equal(res.status, 201, name);
    return res.body.token as string;
  };
  const caMauOnly = await staffWith('Chị Út (Chợ Cà Mau)', { kind: 'sites', siteIds: [sites.caMau.id] });
  const caoBang = await staffWith('Anh Nông (Cao Bằng)', { kind: 'province', provinceCode: '04' });
  const as = (token: string, url: string) => call({ method: 'GET', url, token });

  const kd = `/api/v1/reports/daily?site=kim-dong&date=${today}`;
  t.equal((await as(caMauOnly, kd)).body.error.code, 'unknown_site', 'another site: as if it did not exist');
  t.equal((await as(caMauOnly, `/api/v1/reports/monthly.csv?province=04&month=${month}`)).status, 404);
  const own = (await as(caMauOnly, `/api/v1/reports/daily?province=96&date=${today}`)).body;
  t.match(own.totals, { salesCount: 1, salesValue: 70000 });
  t.equal((await as(caoBang, kd)).status, 200);
  t.equal((await as(caoBang, `/api/v1/reports/daily?site=cho-ca-mau&date=${today}`)).status, 404);
  t.same(
    (await as(caoBang, `/api/v1/reports/daily?province=04&date=${today}`)).body.sites.map((s: any) => s.slug),
    ['cho-tan-giang', 'kim-dong'],
  );

  const csv = parseCsv((await as(caMauOnly, '/api/v1/sales.csv')).raw.slice(1)).slice(1);
  t.ok(csv.length === 1 && csv[0][3] === 'CM-301', 'sales.csv holds only the scope’s sales');
  t.equal((await as(caMauOnly, '/api/v1/sales.csv?site=kim-dong')).status, 404);
  t.equal((await as(caMauOnly, `/api/v1/sales.csv?merchantId=${a1.merchant.id}`)).status, 404);
  const cb = parseCsv((await as(caoBang, '/api/v1/sales.csv')).raw.slice(1)).slice(1);
  t.ok(cb.length >= 4 && cb.every((r) => r[2] !== 'Chợ Cà Mau'), 'a province: its sites only');
});
