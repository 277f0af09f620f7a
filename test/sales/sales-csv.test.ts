import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

const ctx = await startTestApp(t);
const { call } = ctx;
const stall = await onboardStall(ctx, { name: 'Quầy thử CSV' });

/** A small RFC 4180 reader: enough to see each cell exactly as a spreadsheet would receive it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const cashSale = (amount: number, names: string[]) =>
  call({
    method: 'POST',
    url: '/api/v1/sales',
    token: stall.apiKey,
    payload: {
      method: 'cash',
      amount,
      items: names.map((name) => ({ name, quantity: 1, unitPrice: amount / names.length })),
    },
  });

t.test('sales.csv: item names that look like formulas are defused, amounts stay numbers', async (t) => {
  const names = ['=1+1', '+1', "-2+3+cmd|' /C calc'!A0", '@SUM(A1:A9)', '=HYPERLINK("http://evil.example","Nhấn")'];
  const ids: Record<string, string> = {};
  for (const name of names) {
    const res = await cashSale(10000, [name]);
    t.equal(res.status, 201, name);
    ids[name] = res.body.sale.id;
  }
  const two = await cashSale(30000, ['Xôi, chè', 'Bánh "giò"']);
  const refunded = await cashSale(50000, ['Phở']);
  t.equal(
    (
      await call({
        method: 'POST',
        url: `/api/v1/sales/${refunded.body.sale.id}/refunds`,
        token: stall.apiKey,
        payload: { amount: 20000 },
      })
    ).status,
    201,
  );

  const csv = await call({ method: 'GET', url: '/api/v1/sales.csv', token: stall.apiKey });
  t.equal(csv.status, 200);
  t.match(csv.headers['content-type'], /text\/csv/);
  t.ok(
    csv.raw.startsWith('\uFEFFsale_id,merchant_id,occurred_at,method,amount,refunded_amount,items,test\r\n'),
    'BOM, then the header',
  );
  const rows = parseCsv(csv.raw.slice(1));
  t.equal(rows.length, 1 + names.length + 2);
  t.ok(
    rows.every((r) => r.length === 8),
    'every row has the 8 columns (quoting intact)',
  );
  const byId = new Map(rows.slice(1).map((r) => [r[0], r]));

  for (const name of names) {
    const row = byId.get(ids[name])!;
    t.equal(row[6], `'${name} x1`, `defused: ${name}`);
    t.equal(row[4], '10000', 'amount is a plain number');
  }
  t.equal(
    byId.get(two.body.sale.id)![6],
    'Xôi, chè x1; Bánh "giò" x1',
    'commas, quotes and semicolons survive the quoting',
  );
  t.same(
    byId.get(refunded.body.sale.id)!.slice(3, 7),
    ['cash', '50000', '20000', 'Phở x1'],
    'refunded amount is a plain number',
  );

  // On the wire: no cell, quoted or not, starts with a formula character.
  for (const line of csv.raw.slice(1).split('\r\n').slice(1)) {
    t.notMatch(line, /(^|,)"?[=+@\t-]/, `no formula cell in ${JSON.stringify(line)}`);
  }
});
