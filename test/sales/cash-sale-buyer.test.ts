import t from 'tap';
import { readFileSync } from 'node:fs';
import { parseInvoiceXml } from '../../src/invoices/invoice-xml.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// A buyer logged with a cash sale follows the receipt form's rules: a valid MST (check digit, 10 digits or
// 10 + "-NNN"), and a name beside any tax code. A refused sale leaves nothing behind.

const ctx = await startTestApp(t);
const { call } = ctx;
const stall = await onboardStall(ctx, { stallCode: 'KD-061' });

const cashSale = (payload: Record<string, unknown>) =>
  call({ method: 'POST', url: '/api/v1/sales', token: stall.apiKey, payload: { method: 'cash', ...payload } });

/** Rows this stall has, so a refused request can be shown to have stored nothing. */
async function stored() {
  const db = ctx.database.db;
  const count = async (table: 'sales' | 'invoices' | 'events' | 'merchant_daily') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('merchant_id', '=', stall.merchant.id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counter = await db
    .selectFrom('invoice_counters')
    .select('last_number')
    .where('merchant_id', '=', stall.merchant.id)
    .executeTakeFirst();
  return {
    sales: await count('sales'),
    invoices: await count('invoices'),
    events: await count('events'),
    daily: await count('merchant_daily'),
    lastNumber: counter?.last_number ?? 0,
  };
}

t.test('a bad check digit is refused with invalid_tax_code and nothing is stored', async (t) => {
  const before = await stored();
  const res = await cashSale({ amount: 30000, buyer: { name: 'Cty A', taxCode: '0100233480' } });
  t.equal(res.status, 400);
  t.equal(res.body.error.code, 'invalid_tax_code');
  t.match(res.body.error.details, [{ field: 'body.buyer.taxCode' }]);
  t.same(await stored(), before, 'no sale, invoice, event, rollup or invoice number');
});

t.test(
  'every invalid MST of test/vectors/mst.json (and two more mistypes) is refused; its valid ones are accepted as typed',
  async (t) => {
    const vectors = JSON.parse(readFileSync(new URL('../vectors/mst.json', import.meta.url), 'utf8')) as {
      valid: string[];
      invalid: string[];
    };
    t.ok(vectors.invalid.length > 0 && vectors.valid.length > 0);
    for (const taxCode of [...vectors.invalid, '0100233488-01', '0100233488 001']) {
      const res = await cashSale({ amount: 30000, buyer: { name: 'Cty A', taxCode } });
      t.equal(res.status, 400, taxCode);
      // The schema bounds the length (10..14 characters) before the MST rule is applied.
      t.equal(
        res.body.error.code,
        taxCode.length < 10 || taxCode.length > 14 ? 'validation_failed' : 'invalid_tax_code',
        taxCode,
      );
    }
    for (const taxCode of [...vectors.valid, ' 0100233488 ']) {
      const res = await cashSale({ amount: 30000, buyer: { name: 'Công ty TNHH Bản Giốc', taxCode } });
      t.equal(res.status, 201, taxCode);
      t.equal(res.body.invoice.buyer.taxCode, taxCode.trim(), 'canonical form on the invoice');
    }
  },
);

t.test('a tax code without a name is refused (as on the receipt form), letters or not', async (t) => {
  const before = await stored();
  const letters = await cashSale({ amount: 30000, buyer: { taxCode: '01OO233488' } });
  t.equal(letters.status, 400);
  t.equal(letters.body.error.code, 'validation_failed');
  t.match(letters.body.error.details, [{ field: 'body.buyer.name' }]);
  const valid = await cashSale({ amount: 30000, buyer: { taxCode: '0100233488' } });
  t.equal(valid.status, 400, 'even a valid tax code needs a name');
  t.match(valid.body.error.details, [{ field: 'body.buyer.name' }]);
  t.same(await stored(), before);
  t.equal(
    (await cashSale({ amount: 30000, buyer: { name: 'Chị Lan', email: 'lan@example.com' } })).status,
    201,
    'a name without a tax code is fine',
  );
});

t.test('after a refusal, the corrected sale carries the valid MST into the XML', async (t) => {
  const bad = await cashSale({ amount: 30000, buyer: { name: 'Cty A', taxCode: '0100233480' } });
  t.equal(bad.status, 400);
  const good = await cashSale({ amount: 30000, buyer: { name: 'Cty A', taxCode: '0100233488' } });
  t.equal(good.status, 201);
  const xml = parseInvoiceXml(
    (await call({ method: 'GET', url: `/i/${good.body.invoice.lookupCode}.xml` })).raw,
  ) as any;
  t.equal(String(xml.HDon.DLHDon.NDHDon.NMua.MST), '0100233488', 'only a valid MST reaches the XML');
  t.equal(xml.HDon.DLHDon.NDHDon.NMua.Ten, 'Cty A');
});

t.test(
  'a buyer MST typed as 13 digits without a hyphen is the branch form: the sale, its invoice and the XML carry it with the hyphen',
  async (t) => {
    const res = await cashSale({ amount: 30000, buyer: { name: 'Chi nhánh Cty A', taxCode: '0100109106001' } });
    t.equal(res.status, 201, res.raw);
    t.equal(res.body.invoice.buyer.taxCode, '0100109106-001');
    const sale = await ctx.database.db
      .selectFrom('sales')
      .select('buyer')
      .where('id', '=', res.body.sale.id)
      .executeTakeFirstOrThrow();
    t.equal(sale.buyer?.taxCode, '0100109106-001', 'stored normalised');
    const xml = await call({ method: 'GET', url: `/i/${res.body.invoice.lookupCode}.xml` });
    t.equal(parseInvoiceXml(xml.raw).HDon.DLHDon.NDHDon.NMua.MST, '0100109106-001');
  },
);
