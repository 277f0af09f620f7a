import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// Carts by catalog item: the server takes each item's name, unit, price and VAT rate from the stall's catalog.
const ctx = await startTestApp(t);
const { call } = ctx;
const stall = await onboardStall(ctx, { name: 'Bún chả Cô Hạnh' });
const other = await onboardStall(ctx);

const addItem = async (payload: Record<string, unknown>, token = stall.apiKey) => {
  const res = await call({ method: 'POST', url: '/api/v1/catalog', token, payload });
  if (res.status !== 201) throw new Error(res.raw);
  return res.body.item;
};
const bunCha = await addItem({ name: 'Bún chả', unit: 'suất', price: 45000, vatRate: 'KCT' });
const traDa = await addItem({ name: 'Trà đá', unit: 'cốc', price: 5000 });
const retired = await addItem({ name: 'Nem cua bể', unit: 'cái', price: 15000, active: false });
const othersItem = await addItem({ name: 'Bún chả', price: 1000 }, other.apiKey);

const usage = async (id: string) =>
  (await call({ method: 'GET', url: '/api/v1/catalog', token: stall.apiKey })).body.items.find((i: any) => i.id === id)
    .usageCount;
const cashSale = (payload: Record<string, unknown>) =>
  call({ method: 'POST', url: '/api/v1/sales', token: stall.apiKey, payload: { method: 'cash', ...payload } });
const qr = (payload: Record<string, unknown>) =>
  call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload });

t.test('a cash sale of catalog items: the server prices the cart and the invoice lists each item', async (t) => {
  const res = await cashSale({
    items: [
      { itemId: bunCha.id, quantity: 2 },
      { itemId: traDa.id, quantity: 3 },
      { name: 'Quẩy', quantity: 1, unitPrice: 3000 },
    ],
  });
  t.equal(res.status, 201, res.raw);
  t.equal(res.body.sale.amount, 2 * 45000 + 3 * 5000 + 3000, 'amount left out: the total of the cart');
  t.same(res.body.sale.items, [
    { name: 'Bún chả', quantity: 2, unitPrice: 45000, unit: 'suất', vatRate: 'KCT' },
    { name: 'Trà đá', quantity: 3, unitPrice: 5000, unit: 'cốc' },
    { name: 'Quẩy', quantity: 1, unitPrice: 3000 },
  ]);
  const invoice = await call({ method: 'GET', url: `/api/v1/invoices/${res.body.invoice.id}`, token: stall.apiKey });
  t.equal(invoice.status, 200);
  t.same(
    invoice.body.lines.map((l: any) => [l.name, l.unit, l.quantity, l.unitPrice]),
    [
      ['Bún chả', 'suất', 2, 45000],
      ['Trà đá', 'cốc', 3, 5000],
      ['Quẩy', 'cái', 1, 3000], // a free line without a unit gets the invoice's default
    ],
    'one invoice line per item, with its quantity and unit price',
  );
  t.equal(await usage(bunCha.id), 2, 'usage counts the units sold');
  t.equal(await usage(traDa.id), 3);

  const withAmount = await cashSale({
    amount: 50000,
    items: [
      { itemId: bunCha.id, quantity: 1 },
      { itemId: traDa.id, quantity: 1 },
    ],
  });
  t.equal(withAmount.status, 201, 'an amount equal to the total is taken');
  t.equal(await usage(bunCha.id), 3);
});

t.test('a payment request of catalog items carries full lines and counts usage when made', async (t) => {
  const res = await qr({ items: [{ itemId: traDa.id, quantity: 4 }], description: 'Bàn 3' });
  t.equal(res.status, 201, res.raw);
  t.equal(res.body.amount, 20000);
  t.same(res.body.items, [{ name: 'Trà đá', quantity: 4, unitPrice: 5000, unit: 'cốc' }]);
  t.match(res.body.qr.payload, /540520000/, 'the QR asks for the computed amount');
  t.equal(await usage(traDa.id), 3 + 1 + 4);
});

t.test('a client never sets the price of a catalog item', async (t) => {
  const before = await usage(bunCha.id);
  for (const send of [cashSale, qr]) {
    const wrong = await send({ amount: 40000, items: [{ itemId: bunCha.id, quantity: 1 }] });
    t.equal(wrong.status, 400);
    t.equal(wrong.body.error.code, 'items_total_mismatch', 'an amount under the catalog price');
    const priced = await send({ items: [{ itemId: bunCha.id, quantity: 1, unitPrice: 1000 }] });
    t.equal(priced.status, 400);
    t.equal(priced.body.error.code, 'validation_failed', 'a catalog entry with its own price');
    const named = await send({ items: [{ itemId: bunCha.id, name: 'Bún chả', quantity: 1, unitPrice: 1000 }] });
    t.equal(named.status, 400, 'nor by dressing it as a free line');
    t.equal(named.body.error.code, 'validation_failed');
  }
  t.equal(await usage(bunCha.id), before, 'refused carts count no usage');
});

t.test("an unknown, inactive or other stall's item is refused", async (t) => {
  for (const send of [cashSale, qr]) {
    for (const [what, itemId] of [
      ['unknown', '00000000-0000-4000-8000-000000000000'],
      ['inactive', retired.id],
      ["another stall's", othersItem.id],
    ]) {
      const res = await send({
        items: [
          { name: 'Quẩy', quantity: 1, unitPrice: 3000 },
          { itemId, quantity: 1 },
        ],
      });
      t.equal(res.status, 400, what);
      t.equal(res.body.error.code, 'unknown_catalog_item', what);
      t.same(res.body.error.details, [
        { field: 'body.items.1.itemId', message: 'no active item of this stall has this id' },
      ]);
    }
  }
  const noAmount = await cashSale({});
  t.equal(noAmount.body.error.code, 'amount_required', 'no amount and no items');
});

t.test('deleting or repricing an item leaves past sales as sold', async (t) => {
  const item = await addItem({ name: 'Chả giò', unit: 'cái', price: 8000 });
  const sale = await cashSale({ items: [{ itemId: item.id, quantity: 5 }] });
  t.equal(sale.status, 201);
  await call({ method: 'PATCH', url: `/api/v1/catalog/${item.id}`, token: stall.apiKey, payload: { price: 9000 } });
  t.equal((await call({ method: 'DELETE', url: `/api/v1/catalog/${item.id}`, token: stall.apiKey })).status, 204);
  const invoice = await call({ method: 'GET', url: `/api/v1/invoices/${sale.body.invoice.id}`, token: stall.apiKey });
  t.match(invoice.body.lines, [{ name: 'Chả giò', quantity: 5, unitPrice: 8000 }]);
  const sales = await call({ method: 'GET', url: '/api/v1/sales?limit=50', token: stall.apiKey });
  t.match(sales.body.items.find((s: any) => s.id === sale.body.sale.id).items, [{ name: 'Chả giò', unitPrice: 8000 }]);
});

t.test('the OpenAPI document still builds with cart entries', async (t) => {
  const docs = await call({ method: 'GET', url: '/docs/json' });
  t.equal(docs.status, 200);
  t.ok(docs.body.paths['/api/v1/catalog'], 'the catalog is documented');
});
