import t from 'tap';
import { checkInvariants } from '../../src/check/invariants.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// Two ways a public receipt could be abused by someone who holds nothing but its lookup code (printed on paper,
// photographed, forwarded in chats): reading the buyer's phone off it, and getting a fresh invoice for a sale whose
// money was all given back (a receipt of a purchase that no longer stands, e.g. to claim an expense).

const ctx = await startTestApp(t);
const { call } = ctx;
const stall = await onboardStall(ctx, { stallCode: 'KD-419' });
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const cashSale = async (amount: number, buyer?: Record<string, string>) => {
  const res = await call({
    method: 'POST',
    url: '/api/v1/sales',
    token: stall.apiKey,
    payload: { amount, method: 'cash', ...(buyer ? { buyer } : {}) },
  });
  if (res.status !== 201) throw new Error(`sale: ${res.status} ${res.raw}`);
  return res.body as { sale: { id: string }; invoice: { id: string; lookupCode: string } };
};
const refund = (saleId: string, amount: number) =>
  call({ method: 'POST', url: `/api/v1/sales/${saleId}/refunds`, token: stall.apiKey, payload: { amount } });
const askReplacement = (lookupCode: string, buyer: Record<string, string>) =>
  call({ method: 'POST', url: `/i/${lookupCode}/buyer`, payload: buyer });

/** Every form of the phone's digits that would give it away (the last 3 alone are the mask's). */
const phoneForms = (digits: string) => [digits, digits.slice(1), `+84${digits.slice(1)}`, digits.slice(-6)];
const squash = (text: string) => text.replace(/(?<=\d)[\s.\-()]+(?=\d)/g, '');

t.test('the buyer phone never shows on the public receipt, its .json or .xml: only its last 3 digits', async (t) => {
  const logged = await cashSale(35000, { name: 'Chị Lan', phone: '0912 345 678' });
  const typed = await cashSale(20000);
  const replaced = await askReplacement(typed.invoice.lookupCode, { name: 'Anh Minh', phone: '+84 987.654.321' });
  t.equal(replaced.status, 201);
  t.equal(replaced.body.buyer.phone, '*******321', "the form's own answer is public too: masked");
  for (const [code, digits, masked] of [
    [logged.invoice.lookupCode, '0912345678', '*******678'],
    [replaced.body.lookupCode, '0987654321', '*******321'],
  ] as const) {
    for (const suffix of ['', '.json', '.xml']) {
      const res = await call({ method: 'GET', url: `/i/${code}${suffix}` });
      t.equal(res.status, 200);
      for (const form of phoneForms(digits))
        t.notOk(squash(res.raw).includes(form), `/i/…${suffix} does not carry ${form}`);
      if (suffix) t.ok(res.raw.includes(masked), `/i/…${suffix} shows ${masked}`);
    }
  }
  const json = await call({ method: 'GET', url: `/i/${logged.invoice.lookupCode}.json` });
  t.equal(json.body.buyer.phone, '*******678');
  t.equal(json.body.buyer.name, 'Chị Lan', 'the rest of the buyer stays as issued');
  // The stall's own (authenticated) view keeps the invoice as stored.
  const own = await call({ method: 'GET', url: `/api/v1/invoices/${logged.invoice.id}`, token: stall.apiKey });
  t.equal(own.body.buyer.phone, '0912 345 678');
});

t.test('a sale refunded in full gets no replacement invoice: 409 sale_fully_refunded, nothing written', async (t) => {
  const { sale, invoice } = await cashSale(50000);
  t.equal((await refund(sale.id, 20000)).status, 201);
  t.equal((await refund(sale.id, 30000)).status, 201);
  const db = ctx.database.db;
  const before = await db
    .selectFrom('invoices')
    .select(['id', 'status', 'number'])
    .where('merchant_id', '=', stall.merchant.id)
    .orderBy('id')
    .execute();
  const counters = await db
    .selectFrom('invoice_counters')
    .selectAll()
    .where('merchant_id', '=', stall.merchant.id)
    .execute();

  const res = await askReplacement(invoice.lookupCode, { name: 'Công ty TNHH Bản Giốc', taxCode: '0100047516' });
  t.equal(res.status, 409);
  t.equal(res.body.error.code, 'sale_fully_refunded');
  t.same(
    await db
      .selectFrom('invoices')
      .select(['id', 'status', 'number'])
      .where('merchant_id', '=', stall.merchant.id)
      .orderBy('id')
      .execute(),
    before,
    'no invoice added or marked',
  );
  t.same(
    await db.selectFrom('invoice_counters').selectAll().where('merchant_id', '=', stall.merchant.id).execute(),
    counters,
    'no number taken',
  );

  // The browser form gets the receipt back saying why, and the receipt no longer offers the form.
  const form = await call({
    method: 'POST',
    url: `/i/${invoice.lookupCode}/buyer`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: BROWSER },
    payload: new URLSearchParams({ name: 'Công ty TNHH Bản Giốc' }).toString(),
  });
  t.equal(form.status, 409);
  t.match(form.raw, /đã được hoàn tiền toàn bộ/);
  t.match(form.raw, /refunded in full/);
  t.notMatch(form.raw, /id="buyer-form"/);
  const page = await call({ method: 'GET', url: `/i/${invoice.lookupCode}`, headers: { accept: BROWSER } });
  t.equal(page.status, 200);
  t.match(page.raw, /id="fully-refunded"[^>]*>[^<]*hoàn tiền toàn bộ/);
  t.notMatch(page.raw, /id="buyer-form"/, 'no form offering what would be refused');
});

t.test(
  'a partly refunded sale can still be reissued with the buyer, and its receipt still offers the form',
  async (t) => {
    const { sale, invoice } = await cashSale(50000);
    t.equal((await refund(sale.id, 49000)).status, 201);
    const page = await call({ method: 'GET', url: `/i/${invoice.lookupCode}`, headers: { accept: BROWSER } });
    t.match(page.raw, /id="buyer-form"/);
    t.notMatch(page.raw, /id="fully-refunded"/);
    t.equal((await askReplacement(invoice.lookupCode, { name: 'Anh Minh' })).status, 201);
  },
);

t.test(
  'a replacement racing the refund that empties the sale: one of them sees the other, the books stay consistent',
  async (t) => {
    const outcomes = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const { sale, invoice } = await cashSale(40000);
      const [refunded, replaced] = await Promise.all([
        refund(sale.id, 40000),
        askReplacement(invoice.lookupCode, { name: `Khách ${i}` }),
      ]);
      t.equal(refunded.status, 201, 'the refund always goes through');
      t.ok(
        replaced.status === 201 || (replaced.status === 409 && replaced.body.error.code === 'sale_fully_refunded'),
        `replacement: ${replaced.status}`,
      );
      outcomes.add(String(replaced.status));
    }
    t.comment(`replacement outcomes: ${[...outcomes].join(', ')}`);
    t.same(
      await checkInvariants(ctx.database.db),
      [],
      'no invoice stands unadjusted on a refunded sale; every chain ends once',
    );
  },
);
