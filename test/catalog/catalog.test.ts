import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// The stall catalog: its items managed by the stall's key or by staff, one stall's items invisible to another.
const ctx = await startTestApp(t);
const { call, adminToken } = ctx;
const stall = await onboardStall(ctx, { name: 'Phở Gánh Bà Lan' });
const other = await onboardStall(ctx);
const staff = await call({
  method: 'POST',
  url: '/api/v1/staff',
  token: adminToken,
  payload: { name: 'Chị Mai', role: 'staff' },
});
const staffToken: string = staff.body.token;

const add = (payload: Record<string, unknown>, token = stall.apiKey, query = '') =>
  call({ method: 'POST', url: `/api/v1/catalog${query}`, token, payload });
const list = async (token = stall.apiKey, query = '') =>
  (await call({ method: 'GET', url: `/api/v1/catalog${query}`, token })).body.items as any[];

t.test('an item is added, listed, changed and removed', async (t) => {
  const res = await add({ name: '  Phở bò tái ', unit: 'bát', price: 45000, vatRate: 'KCT', category: 'Phở' });
  t.equal(res.status, 201);
  t.match(res.body.item, {
    name: 'Phở bò tái',
    unit: 'bát',
    price: 45000,
    vatRate: 'KCT',
    category: 'Phở',
    active: true,
    sortOrder: 0,
    usageCount: 0,
    merchantId: stall.merchant.id,
  });
  const id = res.body.item.id;
  t.same(
    (await list()).map((i) => i.id),
    [id],
  );

  const patched = await call({
    method: 'PATCH',
    url: `/api/v1/catalog/${id}`,
    token: stall.apiKey,
    payload: { price: 50000, unit: null, active: false },
  });
  t.equal(patched.status, 200);
  t.match(patched.body.item, { price: 50000, unit: null, active: false, vatRate: 'KCT' });
  t.equal((await list())[0].active, false, 'inactive items are listed too');

  const removed = await call({ method: 'DELETE', url: `/api/v1/catalog/${id}`, token: stall.apiKey });
  t.equal(removed.status, 204);
  t.same(await list(), []);
  t.equal((await call({ method: 'DELETE', url: `/api/v1/catalog/${id}`, token: stall.apiKey })).status, 404);
});

t.test('items are ordered by sort order, then the most used, then by name', async (t) => {
  const ids: Record<string, string> = {};
  for (const [name, sortOrder] of [
    ['Trà đá', 1],
    ['Bánh mì', 1],
    ['Cà phê', 0],
  ] as const) {
    ids[name] = (await add({ name, price: 10000, sortOrder })).body.item.id;
  }
  await ctx.database.db.updateTable('catalog_items').set({ usage_count: 7 }).where('id', '=', ids['Trà đá']).execute();
  t.same(
    (await list()).map((i) => i.name),
    ['Cà phê', 'Trà đá', 'Bánh mì'],
  );
  for (const id of Object.values(ids))
    await call({ method: 'DELETE', url: `/api/v1/catalog/${id}`, token: stall.apiKey });
});

t.test('each invalid item is refused with its code', async (t) => {
  const code = async (payload: Record<string, unknown>) => (await add(payload)).body.error.code;
  t.equal(await code({ name: '   ', price: 1000 }), 'validation_failed', 'a blank name');
  t.equal(await code({ name: 'x'.repeat(201), price: 1000 }), 'validation_failed', 'a name over 200 characters');
  t.equal(await code({ name: 'Trà\u0007 đá', price: 1000 }), 'validation_failed', 'a control character');
  t.equal(await code({ name: 'Trà đá', price: -1 }), 'validation_failed', 'a negative price');
  t.equal(await code({ name: 'Trà đá', price: 500_000_001 }), 'validation_failed', 'a price over 500,000,000');
  t.equal(await code({ name: 'Trà đá', price: 1000.5 }), 'validation_failed', 'a fraction of a đồng');
  t.equal(await code({ name: 'Trà đá', price: 1000, vatRate: '7%' }), 'validation_failed', 'an unknown VAT rate');
  t.equal((await add({ name: 'Trà đá', price: 500_000_000 })).status, 201, 'the largest price is taken');

  const dup = await add({ name: 'TRÀ ĐÁ', price: 3000 });
  t.equal(dup.status, 409);
  t.equal(dup.body.error.code, 'catalog_item_exists', 'one active item per name, whatever the case');
  const inactive = await add({ name: 'Trà đá', price: 3000, active: false });
  t.equal(inactive.status, 201, 'an inactive item may share an active name');
  const clash = await call({
    method: 'PATCH',
    url: `/api/v1/catalog/${inactive.body.item.id}`,
    token: stall.apiKey,
    payload: { active: true },
  });
  t.equal(clash.status, 409);
  t.equal(clash.body.error.code, 'catalog_item_exists', 'reactivating a second "Trà đá" is refused');
  t.equal((await add({ name: 'Trà đá', price: 3000 }, other.apiKey)).status, 201, 'another stall may use the name');
});

t.test("another stall's items are invisible", async (t) => {
  const mine = (await add({ name: 'Bún chả', price: 40000 })).body.item;
  t.notOk(
    (await list(other.apiKey)).some((i) => i.id === mine.id),
    'not in its list',
  );
  const asOther = (method: 'PATCH' | 'DELETE') =>
    call({
      method,
      url: `/api/v1/catalog/${mine.id}`,
      token: other.apiKey,
      ...(method === 'PATCH' && { payload: { price: 1 } }),
    });
  t.equal((await asOther('PATCH')).status, 404);
  t.equal((await asOther('DELETE')).status, 404);
  const peek = await call({
    method: 'GET',
    url: `/api/v1/catalog?merchantId=${stall.merchant.id}`,
    token: other.apiKey,
  });
  t.equal(peek.status, 404, "naming another stall's id is a 404");
  t.equal((await list()).find((i) => i.id === mine.id).price, 40000, 'unchanged');
});

t.test('staff manage a stall with ?merchantId=', async (t) => {
  const q = `?merchantId=${other.merchant.id}`;
  const res = await add({ name: 'Nem rán', price: 5000, unit: 'cái' }, staffToken, q);
  t.equal(res.status, 201);
  t.equal(res.body.item.merchantId, other.merchant.id);
  t.ok((await list(staffToken, q)).some((i) => i.id === res.body.item.id));
  t.ok(
    (await list(other.apiKey)).some((i) => i.id === res.body.item.id),
    'the stall sees it',
  );
  const patched = await call({
    method: 'PATCH',
    url: `/api/v1/catalog/${res.body.item.id}`,
    token: staffToken,
    payload: { price: 6000 },
  });
  t.equal(patched.body.item.price, 6000);
  const missing = await call({ method: 'GET', url: '/api/v1/catalog', token: staffToken });
  t.equal(missing.status, 400);
  t.equal(missing.body.error.code, 'merchant_id_required');
  const unknown = await call({
    method: 'POST',
    url: '/api/v1/catalog?merchantId=00000000-0000-4000-8000-000000000000',
    token: staffToken,
    payload: { name: 'X', price: 1 },
  });
  t.equal(unknown.status, 404, 'no such stall');
});

t.test('a stall holds at most 500 items', async (t) => {
  const full = await onboardStall(ctx);
  await ctx.database.db
    .insertInto('catalog_items')
    .values(Array.from({ length: 500 }, (_, i) => ({ merchant_id: full.merchant.id, name: `Món ${i}`, price: 1000 })))
    .execute();
  const res = await add({ name: 'Món thứ 501', price: 1000 }, full.apiKey);
  t.equal(res.status, 409);
  t.equal(res.body.error.code, 'catalog_full');
  t.equal((await list(full.apiKey)).length, 500);
});
