import t from 'tap';
import { vietnamDay } from '../../src/time/vietnam.js';
import { startTestApp } from '../helpers/app.js';
import { cashSale, parseCsv, qrSale, reportSites, stallAt } from './sites.js';

const ctx = await startTestApp(t, { SANDBOX: '1' });
const { call, database } = ctx;
const sites = await reportSites(ctx);
const stall = await stallAt(ctx, sites.kimDong, { name: 'Quầy thử CSV', stallCode: 'KD-901' });
const other = await stallAt(ctx, sites.caMau, { name: 'Cua Năm Căn', stallCode: 'CM-001' });
const today = vietnamDay(new Date());

const VI = [
  'Mã giao dịch',
  'Thời gian',
  'Điểm bán',
  'Mã quầy',
  'Tên quầy',
  'Hình thức',
  'Ngân hàng người trả',
  'Ký hiệu HĐ',
  'Số HĐ',
  'Hàng hóa',
  'Số tiền',
  'Đã hoàn tiền',
  'Thực thu',
  'Giao dịch thử',
];
const EN = [
  'Sale ID',
  'Time',
  'Site',
  'Stall code',
  'Stall name',
  'Method',
  'Payer bank',
  'Invoice series',
  'Invoice number',
  'Items',
  'Amount',
  'Refunded',
  'Net amount',
  'Test',
];

const csvOf = async (query = '', token = ctx.adminToken) => {
  const res = await call({ method: 'GET', url: `/api/v1/sales.csv${query}`, token });
  t.equal(res.status, 200, `sales.csv${query}`);
  t.ok(res.raw.startsWith('\uFEFF'), 'starts with a BOM (Excel reads UTF-8)');
  const rows = parseCsv(res.raw.slice(1));
  return { res, header: rows[0], rows: rows.slice(1), byId: new Map(rows.slice(1).map((r) => [r[0], r])) };
};

t.test('every column, in Vietnamese by default and in English with lang=en', async (t) => {
  const cart = await qrSale(ctx, stall, 0, 'VCB', [
    { name: 'Bánh cuốn', quantity: 2, unitPrice: 25000 },
    { name: 'Trà đá', quantity: 1, unitPrice: 5000 },
  ]);
  const cash = await cashSale(ctx, stall, { amount: 40000, items: [{ name: 'Phở', quantity: 1, unitPrice: 40000 }] });
  const refund = await call({
    method: 'POST',
    url: `/api/v1/sales/${cash.sale.id}/refunds`,
    token: stall.apiKey,
    payload: { amount: 15000 },
  });
  t.equal(refund.status, 201);
  // A sale from before e-invoices began (migration 0006): it has no invoice, and the export says so with empty cells.
  const old = await database.db
    .insertInto('sales')
    .values({
      merchant_id: stall.merchant.id,
      method: 'cash',
      amount: 12000,
      items: null,
      buyer: null,
      payment_request_id: null,
      occurred_at: new Date(Date.now() - 60_000),
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const vi = await csvOf();
  t.same(vi.header, VI, 'Vietnamese headers');
  t.ok(vi.rows.every((r) => r.length === VI.length), 'every row has every column');
  const qr = vi.byId.get(cart.sale.id)!;
  t.equal(qr[1].slice(0, 10), today, 'time in Vietnam time');
  t.match(qr[1], /\+07:00$/);
  t.same(qr.slice(2, 7), ['Phố đi bộ Kim Đồng', 'KD-901', 'Quầy thử CSV', 'QR ngân hàng', 'Vietcombank']);
  const invoice = await database.db
    .selectFrom('invoices')
    .select(['template', 'series', 'number'])
    .where('sale_id', '=', cart.sale.id)
    .executeTakeFirstOrThrow();
  t.same(qr.slice(7, 9), [`${invoice.template}${invoice.series}`, String(invoice.number)], "the sale's invoice");
  t.match(qr[7], /^[12]C\d\dM[A-Z]{2}$/, 'template and series, e.g. 2C26MKD');
  t.equal(qr[9], '2 × Bánh cuốn; 1 × Trà đá', "a cart sale's lines summary");
  t.same(qr.slice(10), ['55000', '0', '55000', 'Có'], 'amounts as plain numbers; sandbox money is a test');

  const c = vi.byId.get(cash.sale.id)!;
  t.same(c.slice(5, 7), ['Tiền mặt', ''], 'cash: no payer bank');
  t.ok(c[7] && c[8], 'a cash sale has its invoice too');
  t.same(c.slice(9), ['1 × Phở', '40000', '15000', '25000', 'Không'], 'a refund: refunded and net amounts');

  const o = vi.byId.get(old.id)!;
  t.same([o[7], o[8], o[9]], ['', '', ''], 'no invoice: empty series and number');

  const en = await csvOf('?lang=en');
  t.same(en.header, EN, 'English headers');
  t.same(en.byId.get(cart.sale.id)!.slice(5, 7), ['Bank QR', 'Vietcombank']);
  t.equal(en.byId.get(cart.sale.id)![13], 'yes');
  t.equal(en.byId.get(cash.sale.id)![5], 'Cash');
});

t.test('the file name carries the date range', async (t) => {
  const ranged = await call({ method: 'GET', url: '/api/v1/sales.csv?from=2026-12-01&to=2026-12-08', token: ctx.adminToken });
  t.equal(ranged.headers['content-disposition'], 'attachment; filename="sales_2026-12-01_2026-12-07.csv"', 'to is exclusive');
  const data = await call({ method: 'GET', url: '/api/v1/sales.csv', token: ctx.adminToken });
  t.equal(data.headers['content-disposition'], `attachment; filename="sales_${today}_${today}.csv"`, "the data's range");
  const from = await call({ method: 'GET', url: '/api/v1/sales.csv?from=2026-01-05', token: ctx.adminToken });
  t.equal(from.headers['content-disposition'], `attachment; filename="sales_2026-01-05_${today}.csv"`);
});

t.test('site and province narrow the export; a stall sees only its own sales', async (t) => {
  await qrSale(ctx, other, 70000, 'MOMO');
  const all = await csvOf();
  t.ok(all.rows.some((r) => r[2] === 'Chợ Cà Mau'), 'every site by default');
  const kd = await csvOf('?site=kim-dong');
  t.ok(kd.rows.length > 0 && kd.rows.every((r) => r[2] === 'Phố đi bộ Kim Đồng'), 'one site');
  const cm = await csvOf('?province=96');
  t.ok(cm.rows.length === 1 && cm.rows[0][6] === 'MoMo', 'one province, with its payer wallet');
  const own = await csvOf('?site=cho-ca-mau', other.apiKey);
  t.ok(own.rows.every((r) => r[3] === 'CM-001'), "a stall's own sales only");
  const mine = await csvOf('', stall.apiKey);
  t.ok(mine.rows.length >= 3 && mine.rows.every((r) => r[3] === 'KD-901'));
  t.equal((await call({ method: 'GET', url: '/api/v1/sales.csv?site=nowhere', token: ctx.adminToken })).body.error.code, 'unknown_site');
  t.equal((await call({ method: 'GET', url: '/api/v1/sales.csv?province=01', token: ctx.adminToken })).body.error.code, 'unknown_province');
});

t.test('item names that look like formulas are defused, amounts stay numbers', async (t) => {
  const names = ['=1+1', '+1', "-2+3+cmd|' /C calc'!A0", '@SUM(A1:A9)', '=HYPERLINK("http://evil.example","Nhấn")'];
  const ids: Record<string, string> = {};
  for (const name of names) ids[name] = (await cashSale(ctx, stall, { amount: 10000, items: [{ name, quantity: 1, unitPrice: 10000 }] })).sale.id;
  const two = await cashSale(ctx, stall, {
    amount: 30000,
    items: [
      { name: 'Xôi, chè', quantity: 1, unitPrice: 15000 },
      { name: 'Bánh "giò"', quantity: 1, unitPrice: 15000 },
    ],
  });
  // A stall name that reached the database as a formula (the export must not trust what it reads).
  const evil = await stallAt(ctx, sites.kimDong, { stallCode: 'KD-902' });
  await database.db.updateTable('merchants').set({ name: '=HYPERLINK("http://evil.example")' }).where('id', '=', evil.merchant.id).execute();
  const evilSale = await cashSale(ctx, evil, { amount: 1000 });
  t.equal((await csvOf()).byId.get(evilSale.sale.id)![4], `'=HYPERLINK("http://evil.example")`, 'a formula stall name is defused');
  const csv = await csvOf('', stall.apiKey);
  for (const name of names) {
    const row = csv.byId.get(ids[name])!;
    t.equal(row[9], `1 × ${name}`, `kept as text: ${name}`);
    t.equal(row[10], '10000', 'amount is a plain number');
  }
  t.equal(csv.byId.get(two.sale.id)![9], '1 × Xôi, chè; 1 × Bánh "giò"', 'commas, quotes and semicolons survive');
  // On the wire: no cell, quoted or not, starts with a formula character.
  for (const line of csv.res.raw.slice(1).split('\r\n').slice(1)) {
    t.notMatch(line, /(^|,)"?[=+@\t-]/, `no formula cell in ${JSON.stringify(line)}`);
  }
});
