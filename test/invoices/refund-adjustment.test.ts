import t from 'tap';
import { parseInvoiceXml } from '../../src/invoices/invoice-xml.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// The split itself (no database) is tested in refund-split.test.ts.

const ctx = await startTestApp(t);
const { call } = ctx;
const vatSeller = await onboardStall(ctx, {
  stallCode: 'KD-051',
  name: 'Nhà sách Kim Đồng',
  taxMethod: 'vat',
  taxCode: '0100233488',
});
const household = await onboardStall(ctx, { stallCode: 'KD-052' });

const sell = (token: string, payload: Record<string, unknown>) =>
  call({ method: 'POST', url: '/api/v1/sales', token, payload: { method: 'cash', ...payload } });
const refund = (token: string, saleId: string, amount: number) =>
  call({ method: 'POST', url: `/api/v1/sales/${saleId}/refunds`, token, payload: { amount } });
const xmlOf = async (lookupCode: string) =>
  parseInvoiceXml((await call({ method: 'GET', url: `/i/${lookupCode}.xml` })).raw) as any;

t.test('a full refund of a 5% book reverses VAT at 5%, not 10%, in JSON and XML', async (t) => {
  const { sale, invoice } = (
    await sell(vatSeller.apiKey, {
      amount: 105000,
      items: [{ name: 'Sách', quantity: 1, unitPrice: 105000, vatRate: '5%' }],
    })
  ).body;
  t.same(invoice.totals.byRate, [{ rate: '5%', beforeVat: 100000, vat: 5000 }]);
  const res = await refund(vatSeller.apiKey, sale.id, 105000);
  t.equal(res.status, 201);
  const adj = res.body.adjustment;
  t.same(adj.totals.byRate, invoice.totals.byRate, 'mirrors the original');
  t.match(adj.totals, { beforeVat: 100000, vat: 5000, total: 105000 });
  t.same(
    adj.lines.map((l: any) => [l.vatRate, l.amount]),
    [['5%', 100000]],
  );
  const xml = await xmlOf(adj.lookupCode);
  const pay = xml.HDon.DLHDon.NDHDon.TToan;
  t.same(
    pay.THTTLTSuat.LTSuat.map((r: any) => [r.TSuat, Number(r.ThTien), Number(r.TThue)]),
    [['5%', 100000, 5000]],
  );
  t.same(
    xml.HDon.DLHDon.NDHDon.DSHHDVu.HHDVu.map((l: any) => l.TSuat),
    ['5%'],
  );
  t.equal(Number(pay.TgTThue), 5000);
  t.equal(Number(pay.TgTTTBSo), 105000);
});

t.test('a KCT item refunded carries no VAT (TSuat KCT)', async (t) => {
  const { sale } = (
    await sell(vatSeller.apiKey, {
      amount: 50000,
      items: [{ name: 'Vé tham quan', quantity: 1, unitPrice: 50000, vatRate: 'KCT' }],
    })
  ).body;
  const adj = (await refund(vatSeller.apiKey, sale.id, 50000)).body.adjustment;
  t.same(adj.totals.byRate, [{ rate: 'KCT', beforeVat: 50000, vat: 0 }]);
  t.equal(adj.totals.vat, 0);
  const xml = await xmlOf(adj.lookupCode);
  t.same(
    xml.HDon.DLHDon.NDHDon.TToan.THTTLTSuat.LTSuat.map((r: any) => [r.TSuat, Number(r.TThue)]),
    [['KCT', 0]],
  );
  t.notMatch((await call({ method: 'GET', url: `/i/${adj.lookupCode}.xml` })).raw, '<TSuat>10%</TSuat>');
});

t.test('partial refunds of a mixed-rate sale: split by rate, and together exactly the original', async (t) => {
  const items = [
    { name: 'Hạt dẻ', quantity: 1, unitPrice: 108000, vatRate: '8%' },
    { name: 'Sách', quantity: 1, unitPrice: 21000, vatRate: '5%' },
    { name: 'Vé', quantity: 1, unitPrice: 10001, vatRate: 'KCT' },
  ];
  const { sale, invoice } = (await sell(vatSeller.apiKey, { amount: 139001, items })).body;
  const adjustments = [];
  for (const amount of [1, 46000, 33333, 59667]) {
    const res = await refund(vatSeller.apiKey, sale.id, amount);
    t.equal(res.status, 201);
    const adj = res.body.adjustment;
    t.equal(adj.totals.total, amount, `the refund of ${amount} adds up`);
    t.equal(adj.totals.beforeVat + adj.totals.vat, amount);
    t.equal(
      adj.lines.reduce((s: number, l: any) => s + l.amount, 0),
      adj.totals.beforeVat,
      'lines add up to the pre-VAT total',
    );
    t.ok(
      adj.totals.byRate.every((r: any) => ['8%', '5%', 'KCT'].includes(r.rate)),
      "only the sale's own rates",
    );
    adjustments.push(adj);
  }
  const second = adjustments[1].totals.byRate;
  t.same(
    second.map((r: any) => r.rate),
    ['8%', '5%', 'KCT'],
    'a larger refund touches every rate',
  );
  for (const original of invoice.totals.byRate) {
    const of = adjustments.flatMap((a) => a.totals.byRate.filter((r: any) => r.rate === original.rate));
    t.equal(
      of.reduce((s: number, r: any) => s + r.beforeVat, 0),
      original.beforeVat,
      `${original.rate} pre-VAT adds up to the original`,
    );
    t.equal(
      of.reduce((s: number, r: any) => s + r.vat, 0),
      original.vat,
      `${original.rate} VAT adds up to the original`,
    );
  }
});

t.test('a sale without items (default 10%) and a household seller keep their adjustments', async (t) => {
  const plain = (await sell(vatSeller.apiKey, { amount: 45000 })).body.sale;
  t.same((await refund(vatSeller.apiKey, plain.id, 45000)).body.adjustment.totals.byRate, [
    { rate: '10%', beforeVat: 40909, vat: 4091 },
  ]);
  const hh = (await sell(household.apiKey, { amount: 80000 })).body.sale;
  const adj = (await refund(household.apiKey, hh.id, 30000)).body.adjustment;
  t.match(adj, { template: '2', totals: { total: 30000, vat: 0, byRate: [] } });
  t.same(
    adj.lines.map((l: any) => [l.amount, l.vatRate]),
    [[30000, null]],
  );
});

t.test('a refund after the buyer asked for a replacement continues from the earlier adjustments', async (t) => {
  const { sale, invoice } = (
    await sell(vatSeller.apiKey, {
      amount: 150000,
      items: [
        { name: 'Sách', quantity: 1, unitPrice: 105000, vatRate: '5%' },
        { name: 'Vé', quantity: 1, unitPrice: 45000, vatRate: 'KCT' },
      ],
    })
  ).body;
  const first = (await refund(vatSeller.apiKey, sale.id, 100000)).body.adjustment;
  const replacement = await call({
    method: 'POST',
    url: `/i/${invoice.lookupCode}/buyer`,
    payload: { name: 'Công ty A' },
  });
  t.equal(replacement.status, 201);
  const second = (await refund(vatSeller.apiKey, sale.id, 50000)).body.adjustment;
  t.equal(second.relatedInvoiceId, replacement.body.id, 'adjusts the invoice standing now');
  for (const original of invoice.totals.byRate) {
    const of = [first, second].flatMap((a) => a.totals.byRate.filter((r: any) => r.rate === original.rate));
    t.equal(
      of.reduce((s: number, r: any) => s + r.beforeVat + r.vat, 0),
      original.beforeVat + original.vat,
      `${original.rate} gross`,
    );
    t.equal(
      of.reduce((s: number, r: any) => s + r.vat, 0),
      original.vat,
      `${original.rate} VAT`,
    );
  }
});
