import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// The menu as CSV: exported with a BOM and a bilingual header, imported back all-or-nothing, upserting by name.
const ctx = await startTestApp(t);
const { call } = ctx;
const stall = await onboardStall(ctx, { name: 'Bánh cuốn Bà Hoa' });
const copy = await onboardStall(ctx);

const HEADER =
  'Tên hàng / Name,Đơn vị / Unit,Giá (đồng) / Price (VND),Thuế GTGT / VAT rate,Nhóm / Category,Đang bán / Active,Thứ tự / Sort order';
const importCsv = (body: string, token = stall.apiKey) =>
  call({
    method: 'POST',
    url: '/api/v1/catalog/import',
    token,
    payload: body,
    headers: { 'content-type': 'text/csv' },
  });
const exportCsv = (token = stall.apiKey) => call({ method: 'GET', url: '/api/v1/catalog.csv', token });
const names = async (token = stall.apiKey) =>
  (await call({ method: 'GET', url: '/api/v1/catalog', token })).body.items.map((i: any) => i.name);

t.test('a menu exports, imports into another stall and exports the same', async (t) => {
  for (const item of [
    { name: 'Bánh cuốn nhân thịt', unit: 'đĩa', price: 35000, vatRate: 'KCT', category: 'Bánh cuốn', sortOrder: 1 },
    { name: 'Chả quế, thêm', unit: 'miếng', price: 10000, category: 'Thêm' },
    { name: '=HYPERLINK("x")', price: 0, active: false },
  ]) {
    t.equal((await call({ method: 'POST', url: '/api/v1/catalog', token: stall.apiKey, payload: item })).status, 201);
  }
  const out = await exportCsv();
  t.equal(out.status, 200);
  t.match(String(out.headers['content-type']), /^text\/csv; charset=utf-8/);
  t.ok(out.raw.startsWith('\uFEFF'), 'a byte order mark, so Excel reads UTF-8');
  const lines = out.raw.slice(1).trimEnd().split('\r\n');
  t.equal(lines[0], HEADER, 'Vietnamese and English header');
  t.equal(lines[1], `"'=HYPERLINK(""x"")",,0,,,false,0`, 'a formula is defused');
  t.equal(lines[2], '"Chả quế, thêm",miếng,10000,,Thêm,true,0');
  t.equal(lines[3], 'Bánh cuốn nhân thịt,đĩa,35000,KCT,Bánh cuốn,true,1');

  const imported = await importCsv(out.raw, copy.apiKey);
  t.equal(imported.status, 200, imported.raw);
  t.match(imported.body, { created: 3, updated: 0 });
  t.equal((await exportCsv(copy.apiKey)).raw, out.raw, 'the round trip changes nothing');
  t.ok((await names(copy.apiKey)).includes('=HYPERLINK("x")'), 'the defusing quote is read back off');
});

t.test('an import updates items by name and adds the others', async (t) => {
  const body = [
    'name;unit;price;vat rate;active',
    'bánh cuốn nhân thịt;đĩa;40.000;KCT;có',
    'Bánh cuốn chay;đĩa;30000;;',
  ].join('\n');
  const res = await importCsv(body);
  t.equal(res.status, 200, res.raw);
  t.match(res.body, { created: 1, updated: 1 });
  const item = res.body.items.find((i: any) => i.name === 'bánh cuốn nhân thịt');
  t.match(
    item,
    { price: 40000, unit: 'đĩa', vatRate: 'KCT', active: true },
    'semicolons, thousands dots, yes in Vietnamese',
  );
  t.equal(res.body.items.length, 4, 'items the file does not name stay');
});

t.test('a bad line refuses the whole file, line by line', async (t) => {
  const before = await exportCsv();
  const body = [
    HEADER,
    'Bánh cuốn trứng,đĩa,45000,KCT,,true,0',
    ',đĩa,1000,,,true,0',
    'Nước mía,cốc,mười nghìn,7%,,maybe,0',
    'Bánh cuốn trứng,đĩa,45000,,,true,0',
  ].join('\r\n');
  const res = await importCsv(body);
  t.equal(res.status, 400);
  t.equal(res.body.error.code, 'invalid_csv');
  t.same(
    res.body.error.details.map((d: any) => [d.line, d.field]),
    [
      [3, 'name'],
      [4, 'price'],
      [4, 'active'],
      [4, 'vatRate'],
      [5, 'name'],
    ],
  );
  t.equal((await exportCsv()).raw, before.raw, 'nothing was imported');

  const header = await importCsv('Name,Colour\nA,red\n');
  t.equal(header.body.error.code, 'invalid_csv');
  t.same(
    header.body.error.details.map((d: any) => d.message),
    ['unknown column "Colour"', 'the price column is missing'],
  );
  const quote = await importCsv('name,price\n"Phở,1000\n');
  t.equal(quote.body.error.code, 'invalid_csv', 'an unclosed quote');
  t.equal((await importCsv('')).status, 400, 'an empty body');
  const json = await call({ method: 'POST', url: '/api/v1/catalog/import', token: stall.apiKey, payload: { a: 1 } });
  t.equal(json.status, 400, 'not CSV');
  const huge = await importCsv(`name,price\n${'Phở,1000\n'.repeat(30_000)}`);
  t.equal(huge.status, 413, 'over 256 KB');
  t.equal(huge.body.error.code, 'payload_too_large');
  const xml = await call({
    method: 'POST',
    url: '/api/v1/catalog/import',
    token: stall.apiKey,
    payload: '<menu/>',
    headers: { 'content-type': 'application/xml' },
  });
  t.equal(xml.status, 415, 'another media type');
  t.equal(xml.body.error.code, 'unsupported_media_type');
});

t.test('an import that would pass 500 items is refused whole', async (t) => {
  const lines = Array.from({ length: 497 }, (_, i) => `Món ${i},,1000`);
  const res = await importCsv(['name,unit,price', ...lines].join('\n'));
  t.equal(res.status, 409);
  t.equal(res.body.error.code, 'catalog_full');
  t.equal((await names()).length, 4);
});
