import t from 'tap';
import fc from 'fast-check';
import { parseInvoiceXml } from '../../src/invoices/invoice-xml.js';
import type { VatRate } from '../../src/invoices/invoice-document.js';
import { refundByRate, refundedByRate } from '../../src/invoices/refund-adjustment.js';
import { computeTotals, type RateTotal } from '../../src/invoices/vat.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// --- the split itself ---------------------------------------------------------------------------------------------

const grossOf = (r: { beforeVat: number; vat: number }) => r.beforeVat + r.vat;

/** Refunds `amounts` one after another, each continuing from the ones before (as the service does). */
function refundInTurn(original: RateTotal[], amounts: number[]): RateTotal[][] {
  const issued: RateTotal[][] = [];
  for (const amount of amounts) issued.push(refundByRate(original, refundedByRate(issued.map((byRate) => ({ byRate }))), amount));
  return issued;
}

t.test('a full refund in one go mirrors the original rates exactly', async (t) => {
  const original = computeTotals(1, [{ amount: 105000, vatRate: '5%' }]).byRate;
  t.same(refundByRate(original, new Map(), 105000), [{ rate: '5%', beforeVat: 100000, vat: 5000 }]);
  const mixed = computeTotals(1, [
    { amount: 45000, vatRate: '10%' }, { amount: 108000, vatRate: '8%' }, { amount: 20000, vatRate: '0%' },
    { amount: 30000, vatRate: 'KCT' }, { amount: 0, vatRate: '5%' },
  ]).byRate;
  t.same(refundByRate(mixed, new Map(), 203000), mixed, 'every rate, even one worth nothing');
  t.same(refundByRate(computeTotals(1, [{ amount: 50000, vatRate: 'KCT' }]).byRate, new Map(), 50000), [{ rate: 'KCT', beforeVat: 50000, vat: 0 }], 'KCT carries no VAT');
});

t.test('a partial refund is split in proportion to each rate\'s gross amount, to the đồng', async (t) => {
  // 60 000 at 10% and 40 000 at 5%: half of it back is 30 000 and 20 000.
  const original = computeTotals(1, [{ amount: 60000, vatRate: '10%' }, { amount: 40000, vatRate: '5%' }]).byRate;
  const half = refundByRate(original, new Map(), 50000);
  t.same(half.map((r) => [r.rate, grossOf(r)]), [['10%', 30000], ['5%', 20000]]);
  t.same(half, [{ rate: '10%', beforeVat: 27273, vat: 2727 }, { rate: '5%', beforeVat: 19048, vat: 952 }]);
  // 1 đồng cannot be split: it goes to one rate, and nothing is invented for the other.
  const one = refundByRate(original, new Map(), 1);
  t.equal(one.reduce((s, r) => s + grossOf(r), 0), 1);
  t.equal(one.length, 1);
});

t.test('partial refunds that add up to the sale add up to the original figures, rate by rate', async (t) => {
  const original = computeTotals(1, [{ amount: 33333, vatRate: '10%' }, { amount: 33333, vatRate: '8%' }, { amount: 33334, vatRate: 'KCT' }]).byRate;
  const issued = refundInTurn(original, [1, 33332, 7, 50000, 16660]);
  const summed = refundedByRate(issued.map((byRate) => ({ byRate })));
  for (const r of original) t.same(summed.get(r.rate), { gross: grossOf(r), beforeVat: r.beforeVat }, r.rate);
});

t.test('property: parts are whole, never negative, add up to each refund, and to the original at the end', async (t) => {
  const rate = fc.constantFrom<VatRate>('0%', '5%', '8%', '10%', 'KCT', 'KKKNT');
  const lines = fc.array(fc.record({ amount: fc.integer({ min: 0, max: 50_000_000 }), vatRate: rate }), { minLength: 1, maxLength: 8 });
  const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });
  fc.assert(
    fc.property(lines, cuts, (ls, fractions) => {
      const totals = computeTotals(1, ls);
      if (totals.total === 0) return true;
      // Random refunds that together are the whole sale.
      const points = [...new Set([0, ...fractions.map((f) => Math.floor(f * totals.total)), totals.total])].sort((a, b) => a - b);
      const amounts = points.slice(1).map((p, i) => p - points[i]).filter((a) => a > 0);
      const issued = refundInTurn(totals.byRate, amounts);
      for (let i = 0; i < amounts.length; i++) {
        if (issued[i].reduce((s, r) => s + grossOf(r), 0) !== amounts[i]) return false;
        for (const r of issued[i]) {
          if (!Number.isInteger(r.beforeVat) || !Number.isInteger(r.vat) || r.beforeVat < 0 || r.vat < 0) return false;
          if (!totals.byRate.some((o) => o.rate === r.rate)) return false;
          if ((r.rate === '0%' || r.rate === 'KCT' || r.rate === 'KKKNT') && r.vat !== 0) return false;
        }
      }
      const summed = refundedByRate(issued.map((byRate) => ({ byRate })));
      return totals.byRate.every((r) => (summed.get(r.rate)?.gross ?? 0) === grossOf(r) && (summed.get(r.rate)?.beforeVat ?? 0) === r.beforeVat);
    }),
    { numRuns: 400 },
  );
  t.pass('400 random sales refunded in random steps');
});

// --- through the API ----------------------------------------------------------------------------------------------

const ctx = await startTestApp(t);
const { call } = ctx;
const vatSeller = await onboardStall(ctx, { stallCode: 'KD-051', name: 'Nhà sách Kim Đồng', taxMethod: 'vat', taxCode: '0100233488' });
const household = await onboardStall(ctx, { stallCode: 'KD-052' });

const sell = (token: string, payload: Record<string, unknown>) => call({ method: 'POST', url: '/api/v1/sales', token, payload: { method: 'cash', ...payload } });
const refund = (token: string, saleId: string, amount: number) => call({ method: 'POST', url: `/api/v1/sales/${saleId}/refunds`, token, payload: { amount } });
const xmlOf = async (lookupCode: string) => parseInvoiceXml((await call({ method: 'GET', url: `/i/${lookupCode}.xml` })).raw) as any;

t.test('a full refund of a 5% book reverses VAT at 5%, not 10%, in JSON and XML', async (t) => {
  const { sale, invoice } = (await sell(vatSeller.apiKey, { amount: 105000, items: [{ name: 'Sách', quantity: 1, unitPrice: 105000, vatRate: '5%' }] })).body;
  t.same(invoice.totals.byRate, [{ rate: '5%', beforeVat: 100000, vat: 5000 }]);
  const res = await refund(vatSeller.apiKey, sale.id, 105000);
  t.equal(res.status, 201);
  const adj = res.body.adjustment;
  t.same(adj.totals.byRate, invoice.totals.byRate, 'mirrors the original');
  t.match(adj.totals, { beforeVat: 100000, vat: 5000, total: 105000 });
  t.same(adj.lines.map((l: any) => [l.vatRate, l.amount]), [['5%', 100000]]);
  const xml = await xmlOf(adj.lookupCode);
  const pay = xml.HDon.DLHDon.NDHDon.TToan;
  t.same(pay.THTTLTSuat.LTSuat.map((r: any) => [r.TSuat, Number(r.ThTien), Number(r.TThue)]), [['5%', 100000, 5000]]);
  t.same(xml.HDon.DLHDon.NDHDon.DSHHDVu.HHDVu.map((l: any) => l.TSuat), ['5%']);
  t.equal(Number(pay.TgTThue), 5000);
  t.equal(Number(pay.TgTTTBSo), 105000);
});

t.test('a KCT item refunded carries no VAT (TSuat KCT)', async (t) => {
  const { sale } = (await sell(vatSeller.apiKey, { amount: 50000, items: [{ name: 'Vé tham quan', quantity: 1, unitPrice: 50000, vatRate: 'KCT' }] })).body;
  const adj = (await refund(vatSeller.apiKey, sale.id, 50000)).body.adjustment;
  t.same(adj.totals.byRate, [{ rate: 'KCT', beforeVat: 50000, vat: 0 }]);
  t.equal(adj.totals.vat, 0);
  const xml = await xmlOf(adj.lookupCode);
  t.same(xml.HDon.DLHDon.NDHDon.TToan.THTTLTSuat.LTSuat.map((r: any) => [r.TSuat, Number(r.TThue)]), [['KCT', 0]]);
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
    t.equal(adj.lines.reduce((s: number, l: any) => s + l.amount, 0), adj.totals.beforeVat, 'lines add up to the pre-VAT total');
    t.ok(adj.totals.byRate.every((r: any) => ['8%', '5%', 'KCT'].includes(r.rate)), 'only the sale\'s own rates');
    adjustments.push(adj);
  }
  const second = adjustments[1].totals.byRate;
  t.same(second.map((r: any) => r.rate), ['8%', '5%', 'KCT'], 'a larger refund touches every rate');
  for (const original of invoice.totals.byRate) {
    const of = adjustments.flatMap((a) => a.totals.byRate.filter((r: any) => r.rate === original.rate));
    t.equal(of.reduce((s: number, r: any) => s + r.beforeVat, 0), original.beforeVat, `${original.rate} pre-VAT adds up to the original`);
    t.equal(of.reduce((s: number, r: any) => s + r.vat, 0), original.vat, `${original.rate} VAT adds up to the original`);
  }
});

t.test('a sale without items (default 10%) and a household seller keep their adjustments', async (t) => {
  const plain = (await sell(vatSeller.apiKey, { amount: 45000 })).body.sale;
  t.same((await refund(vatSeller.apiKey, plain.id, 45000)).body.adjustment.totals.byRate, [{ rate: '10%', beforeVat: 40909, vat: 4091 }]);
  const hh = (await sell(household.apiKey, { amount: 80000 })).body.sale;
  const adj = (await refund(household.apiKey, hh.id, 30000)).body.adjustment;
  t.match(adj, { template: '2', totals: { total: 30000, vat: 0, byRate: [] } });
  t.same(adj.lines.map((l: any) => [l.amount, l.vatRate]), [[30000, null]]);
});

t.test('a refund after the buyer asked for a replacement continues from the earlier adjustments', async (t) => {
  const { sale, invoice } = (await sell(vatSeller.apiKey, { amount: 150000, items: [{ name: 'Sách', quantity: 1, unitPrice: 105000, vatRate: '5%' }, { name: 'Vé', quantity: 1, unitPrice: 45000, vatRate: 'KCT' }] })).body;
  const first = (await refund(vatSeller.apiKey, sale.id, 100000)).body.adjustment;
  const replacement = await call({ method: 'POST', url: `/i/${invoice.lookupCode}/buyer`, payload: { name: 'Công ty A' } });
  t.equal(replacement.status, 201);
  const second = (await refund(vatSeller.apiKey, sale.id, 50000)).body.adjustment;
  t.equal(second.relatedInvoiceId, replacement.body.id, 'adjusts the invoice standing now');
  for (const original of invoice.totals.byRate) {
    const of = [first, second].flatMap((a) => a.totals.byRate.filter((r: any) => r.rate === original.rate));
    t.equal(of.reduce((s: number, r: any) => s + r.beforeVat + r.vat, 0), original.beforeVat + original.vat, `${original.rate} gross`);
    t.equal(of.reduce((s: number, r: any) => s + r.vat, 0), original.vat, `${original.rate} VAT`);
  }
});
