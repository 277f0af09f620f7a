import t from 'tap';
import { XMLValidator } from 'fast-xml-parser';
import { parseInvoiceXml } from '../../src/invoices/invoice-xml.js';
import { issueSaleInvoice } from '../../src/invoices/invoices.service.js';
import { findMerchant } from '../../src/merchants/merchants.repository.js';
import { findSale } from '../../src/sales/sales.repository.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

const ctx = await startTestApp(t, { PUBLIC_URL: 'https://pay.caobang.example' });
const { call, database } = ctx;
const household = await onboardStall(ctx, {
  stallCode: 'KD-021',
  name: 'Bánh cuốn Bà Hoa',
  address: '21 Kim Đồng, Thục Phán, Cao Bằng',
  taxCode: '4701304564',
});
const vatSeller = await onboardStall(ctx, {
  stallCode: 'KD-050',
  name: 'Cửa hàng Đặc sản Non Nước',
  taxMethod: 'vat',
  taxCode: '0100233488',
});

const cashSale = (token: string, payload: Record<string, unknown>) =>
  call({ method: 'POST', url: '/api/v1/sales', token, payload: { method: 'cash', ...payload } });

t.test('a cash sale gets its invoice at once: template 2, series C<yy>MKD, number 1, total in words', async (t) => {
  const res = await cashSale(household.apiKey, {
    amount: 45000,
    items: [
      { name: 'Bánh cuốn', quantity: 1, unitPrice: 35000, unit: 'đĩa' },
      { name: 'Trà đá', quantity: 2, unitPrice: 5000, unit: 'cốc' },
    ],
  });
  t.equal(res.status, 201);
  const inv = res.body.invoice;
  t.match(inv, { kind: 'original', status: 'issued', template: '2', number: 1, paymentMethod: 'TM', buyer: null });
  t.match(inv.series, /^C\d{2}MKD$/);
  t.same(inv.seller, { name: 'Bánh cuốn Bà Hoa', taxCode: '4701304564', address: '21 Kim Đồng, Thục Phán, Cao Bằng' });
  t.equal(inv.totals.total, 45000);
  t.equal(inv.totals.totalInWords, 'Bốn mươi lăm nghìn đồng');
  t.same(
    inv.lines.map((l: any) => [l.name, l.unit, l.quantity, l.unitPrice, l.amount, l.vatRate]),
    [
      ['Bánh cuốn', 'đĩa', 1, 35000, 35000, null],
      ['Trà đá', 'cốc', 2, 5000, 10000, null],
    ],
  );
  t.match(inv.lookupCode, /^[A-Za-z0-9_-]{20}$/, '120 random bits');
  t.equal(inv.lookupUrl, `https://pay.caobang.example/i/${inv.lookupCode}`);
});

t.test(
  'a sale without items is one line "Hàng hóa, dịch vụ"; a VAT seller shows pre-VAT amounts and VAT per rate',
  async (t) => {
    const plain = (await cashSale(household.apiKey, { amount: 21000 })).body.invoice;
    t.equal(plain.lines.length, 1);
    t.equal(plain.lines[0].name, 'Hàng hóa, dịch vụ');
    t.equal(plain.totals.totalInWords, 'Hai mươi mốt nghìn đồng');
    const vat = (
      await cashSale(vatSeller.apiKey, {
        amount: 1005000,
        items: [
          { name: 'Hạt dẻ Trùng Khánh', quantity: 3, unitPrice: 220000, unit: 'kg', vatRate: '8%' },
          { name: 'Miến dong', quantity: 3, unitPrice: 115000, unit: 'gói', vatRate: '10%' },
        ],
      })
    ).body.invoice;
    t.equal(vat.template, '1');
    t.equal(vat.totals.total, 1005000);
    t.equal(vat.totals.totalInWords, 'Một triệu không trăm linh năm nghìn đồng');
    t.same(
      vat.totals.byRate.map((r: any) => r.rate),
      ['10%', '8%'],
    );
    t.equal(vat.totals.beforeVat + vat.totals.vat, 1005000);
    const byRate = Object.fromEntries(vat.totals.byRate.map((r: any) => [r.rate, r]));
    t.equal(byRate['8%'].beforeVat, 611111);
    t.equal(byRate['10%'].beforeVat, 313636);
    t.equal(
      vat.lines.reduce((s: number, l: any) => s + l.amount, 0),
      vat.totals.beforeVat,
      'lines add up to the pre-VAT total',
    );
  },
);

t.test('200 concurrent sales on one stall → invoice numbers exactly 1..200 continuing the series', async (t) => {
  const stall = await onboardStall(ctx, { stallCode: 'KD-099' });
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => cashSale(stall.apiKey, { amount: 1000 + i })),
  );
  t.ok(
    results.every((r) => r.status === 201),
    'all 201',
  );
  const numbers = results.map((r) => r.body.invoice.number).sort((a, b) => a - b);
  t.same(
    numbers,
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
});

t.test('a new Vietnam year starts the series again at 1', async (t) => {
  const stall = await onboardStall(ctx, { stallCode: 'KD-088' });
  // A bare sale row, so that only the invoices issued below exist for this stall.
  const inserted = await database.db
    .insertInto('sales')
    .values({
      merchant_id: stall.merchant.id,
      method: 'cash',
      amount: 5000,
      items: null,
      buyer: null,
      payment_request_id: null,
      occurred_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const merchant = (await findMerchant(database.db, stall.merchant.id))!;
  const row = (await findSale(database.db, inserted.id))!;
  const issueAt = (iso: string) =>
    database.db.transaction().execute((trx) => issueSaleInvoice(trx, merchant, row, new Date(iso)));
  const lastOf2026 = await issueAt('2026-12-31T16:59:59Z'); // 23:59:59 in Hà Nội
  const firstOf2027 = await issueAt('2026-12-31T17:00:00Z'); // 00:00:00 on 1 January 2027
  const secondOf2027 = await issueAt('2027-01-01T03:00:00Z');
  t.equal(lastOf2026.invoice.series, 'C26MKD');
  t.equal(lastOf2026.invoice.number, 1);
  t.equal(firstOf2027.invoice.series, 'C27MKD');
  t.equal(firstOf2027.invoice.number, 1);
  t.equal(secondOf2027.invoice.number, 2);
});

t.test('the XML is well-formed, in the tax authority structure, and its values equal the JSON', async (t) => {
  const inv = (
    await cashSale(vatSeller.apiKey, {
      amount: 110000,
      items: [{ name: 'Rượu men lá <đặc biệt> & "ngon"', quantity: 2, unitPrice: 55000, unit: 'chai' }],
    })
  ).body.invoice;
  const xml = await call({ method: 'GET', url: `/api/v1/invoices/${inv.id}/xml`, token: vatSeller.apiKey });
  t.equal(xml.status, 200);
  t.ok(xml.raw.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
  t.equal(XMLValidator.validate(xml.raw), true);
  const parsed: any = parseInvoiceXml(xml.raw);
  const ttc = parsed.HDon.DLHDon.TTChung;
  t.equal(String(ttc.KHMSHDon), inv.template);
  t.equal(ttc.KHHDon, inv.series);
  t.equal(Number(ttc.SHDon), inv.number);
  t.equal(ttc.NLap, inv.issuedAt.slice(0, 10));
  const nd = parsed.HDon.DLHDon.NDHDon;
  t.equal(Number(nd.TToan.TgTTTBSo), inv.totals.total);
  t.equal(nd.TToan.TgTTTBChu, inv.totals.totalInWords);
  t.equal(nd.NBan.Ten, 'Cửa hàng Đặc sản Non Nước');
  t.equal(String(nd.NBan.MST), '0100233488');
  const item = [nd.DSHHDVu.HHDVu].flat()[0];
  t.equal(item.THHDVu, 'Rượu men lá <đặc biệt> & "ngon"', 'escaped and read back intact');
  const publicXml = await call({ method: 'GET', url: `/i/${inv.lookupCode}.xml` });
  t.equal(publicXml.raw, xml.raw, 'the public lookup serves the same XML');
});

t.test('the receipt renders for anyone with the code, with a QR back to itself; .json beside it', async (t) => {
  const inv = (await cashSale(household.apiKey, { amount: 1005000 })).body.invoice;
  const page = await call({ method: 'GET', url: `/i/${inv.lookupCode}` });
  t.equal(page.status, 200);
  t.match(page.headers['content-type'], /text\/html/);
  t.match(page.raw, 'HÓA ĐƠN BÁN HÀNG');
  t.match(page.raw, 'Một triệu không trăm linh năm nghìn đồng');
  t.match(page.raw, /<svg/);
  t.match(page.raw, `https://pay.caobang.example/i/${inv.lookupCode}`);
  t.match(page.raw, 'max-width: 80mm', 'fits thermal paper');
  const json = await call({ method: 'GET', url: `/i/${inv.lookupCode}.json` });
  // The invoice as the sale answered it; only its transmission may have moved on since (the sender runs meanwhile).
  const { transmission, ...rest } = json.body;
  const { transmission: atSale, ...issued } = inv;
  t.same(rest, issued);
  t.equal(atSale.status, 'queued');
  t.match(transmission.status, /^(queued|sent|accepted)$/);
  t.equal((await call({ method: 'GET', url: '/i/AAAAAAAAAAAAAAAAAAAA' })).status, 404);
  t.equal((await call({ method: 'GET', url: '/i/short' })).status, 400);
});

t.test(
  'the buyer asks for details later: a replacement invoice carries them, the original is marked replaced',
  async (t) => {
    const original = (await cashSale(household.apiKey, { amount: 60000 })).body.invoice;
    const bad = await call({
      method: 'POST',
      url: `/i/${original.lookupCode}/buyer`,
      payload: { name: 'Công ty TNHH Du lịch Bản Giốc', taxCode: '0100233480' },
    });
    t.equal(bad.status, 400);
    t.equal(bad.body.error.code, 'invalid_tax_code');
    const res = await call({
      method: 'POST',
      url: `/i/${original.lookupCode}/buyer`,
      payload: { name: 'Công ty TNHH Du lịch Bản Giốc', taxCode: '0100047516', address: 'Trùng Khánh, Cao Bằng' },
    });
    t.equal(res.status, 201);
    t.match(res.body, {
      kind: 'replacement',
      status: 'issued',
      relatedInvoiceId: original.id,
      buyer: { name: 'Công ty TNHH Du lịch Bản Giốc', taxCode: '0100047516' },
    });
    t.match(res.body.replaces, { series: original.series, number: original.number });
    t.ok(res.body.number > original.number, 'a new number in the same series');
    const before = await call({ method: 'GET', url: `/api/v1/invoices/${original.id}`, token: household.apiKey });
    t.equal(before.body.status, 'replaced');
    t.same(before.body.lines, original.lines, 'the original is never edited');
    t.equal(
      (await call({ method: 'POST', url: `/i/${original.lookupCode}/buyer`, payload: { name: 'X' } })).status,
      409,
    );
    const xml = parseInvoiceXml((await call({ method: 'GET', url: `/i/${res.body.lookupCode}.xml` })).raw) as any;
    t.equal(String(xml.HDon.DLHDon.TTChung.TTHDLQuan.TCHDon), '1');
    t.equal(xml.HDon.DLHDon.NDHDon.NMua.Ten, 'Công ty TNHH Du lịch Bản Giốc');
    const form = await ctx.app.inject({
      method: 'POST',
      url: `/i/${res.body.lookupCode}/buyer`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=Nguy%E1%BB%85n+V%C4%83n+B&taxCode=',
    });
    t.equal(form.statusCode, 303, 'the receipt form redirects to the new receipt');
  },
);

t.test('a refund produces an adjusting invoice that refers to the original', async (t) => {
  const { sale, invoice } = (await cashSale(household.apiKey, { amount: 80000 })).body;
  const res = await call({
    method: 'POST',
    url: `/api/v1/sales/${sale.id}/refunds`,
    token: household.apiKey,
    payload: { amount: 30000 },
  });
  t.equal(res.status, 201);
  t.match(res.body.adjustment, {
    kind: 'adjustment',
    relatedInvoiceId: invoice.id,
    adjusts: { number: invoice.number, series: invoice.series },
  });
  t.equal(res.body.adjustment.totals.total, 30000);
  t.equal(res.body.adjustment.totals.totalInWords, 'Ba mươi nghìn đồng');
  const xml = parseInvoiceXml(
    (await call({ method: 'GET', url: `/i/${res.body.adjustment.lookupCode}.xml` })).raw,
  ) as any;
  t.equal(String(xml.HDon.DLHDon.TTChung.TTHDLQuan.TCHDon), '2');
});

t.test('bank-confirmed sales get their invoice in the same transaction (CK)', async (t) => {
  const pr = (
    await call({ method: 'POST', url: '/api/v1/payment-requests', token: household.apiKey, payload: { amount: 35000 } })
  ).body;
  await call({ method: 'POST', url: '/sandbox/transfers', payload: { payload: pr.qr.payload, payerBank: 'VCB' } });
  const list = await call({ method: 'GET', url: '/api/v1/invoices?limit=1', token: household.apiKey });
  t.match(list.body.items[0], { paymentMethod: 'CK', totals: { total: 35000 } });
  t.equal(
    (await call({ method: 'GET', url: `/api/v1/invoices/${list.body.items[0].id}`, token: vatSeller.apiKey })).status,
    404,
    'another stall cannot read it',
  );
});

t.test(
  'the receipt buyer form takes a 13-digit branch MST without a hyphen and puts it on the replacement with the hyphen',
  async (t) => {
    const sale = await cashSale(household.apiKey, { amount: 15000 });
    t.equal(sale.status, 201);
    const res = await call({
      method: 'POST',
      url: `/i/${sale.body.invoice.lookupCode}/buyer`,
      payload: { name: 'Chi nhánh Cty A', taxCode: '0100109106001' },
    });
    t.equal(res.status, 201, res.raw);
    t.equal(res.body.buyer.taxCode, '0100109106-001');
  },
);
