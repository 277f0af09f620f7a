import t from 'tap';
import fc from 'fast-check';
import { computeTotals } from '../../src/invoices/vat.js';
import type { VatRate } from '../../src/db/tables/invoice-document.js';

t.test('template 1 splits a VAT-inclusive amount per rate', async (t) => {
  t.same(computeTotals(1, [{ amount: 108000, vatRate: '8%' }]), {
    beforeVat: 100000,
    vat: 8000,
    total: 108000,
    byRate: [{ rate: '8%', beforeVat: 100000, vat: 8000 }],
  });
  t.same(
    computeTotals(1, [{ amount: 45000, vatRate: '10%' }]),
    {
      beforeVat: 40909,
      vat: 4091,
      total: 45000,
      byRate: [{ rate: '10%', beforeVat: 40909, vat: 4091 }],
    },
    '40909.09 rounds down, VAT takes the remainder',
  );
  t.same(computeTotals(1, [{ amount: 21000, vatRate: '5%' }]).byRate, [{ rate: '5%', beforeVat: 20000, vat: 1000 }]);
  t.same(computeTotals(1, [{ amount: 1, vatRate: '10%' }]).byRate, [{ rate: '10%', beforeVat: 1, vat: 0 }]);
  t.same(computeTotals(1, [{ amount: 6, vatRate: '10%' }]).byRate, [{ rate: '10%', beforeVat: 5, vat: 1 }], '5.45 → 5');
});

t.test('template 1 rounds once per rate, not per line', async (t) => {
  // Three lines of 10 000 at 8%: per line 9259.26 → 9259 (sum 27 777), per rate 27 777.78 → 27 778.
  const totals = computeTotals(1, [
    { amount: 10000, vatRate: '8%' },
    { amount: 10000, vatRate: '8%' },
    { amount: 10000, vatRate: '8%' },
  ]);
  t.same(totals, { beforeVat: 27778, vat: 2222, total: 30000, byRate: [{ rate: '8%', beforeVat: 27778, vat: 2222 }] });
});

t.test('template 1 with several rates lists each in a fixed order; zero-VAT rates carry no VAT', async (t) => {
  const totals = computeTotals(1, [
    { amount: 30000, vatRate: 'KCT' },
    { amount: 45000, vatRate: '10%' },
    { amount: 20000, vatRate: '0%' },
    { amount: 108000, vatRate: '8%' },
    { amount: 5000, vatRate: 'KKKNT' },
    { amount: 55000, vatRate: '10%' },
  ]);
  t.same(totals.byRate, [
    { rate: '10%', beforeVat: 90909, vat: 9091 },
    { rate: '8%', beforeVat: 100000, vat: 8000 },
    { rate: '0%', beforeVat: 20000, vat: 0 },
    { rate: 'KCT', beforeVat: 30000, vat: 0 },
    { rate: 'KKKNT', beforeVat: 5000, vat: 0 },
  ]);
  t.equal(totals.total, 263000);
  t.equal(totals.beforeVat, 245909);
  t.equal(totals.vat, 17091);
});

t.test('template 2 shows VAT-inclusive totals and no rates', async (t) => {
  t.same(
    computeTotals(2, [
      { amount: 45000, vatRate: null },
      { amount: 15000, vatRate: null },
    ]),
    {
      beforeVat: 60000,
      vat: 0,
      total: 60000,
      byRate: [],
    },
  );
  t.same(computeTotals(2, [{ amount: 10000, vatRate: '10%' }]).byRate, [], 'a stray rate is ignored on template 2');
  t.same(computeTotals(2, []), { beforeVat: 0, vat: 0, total: 0, byRate: [] });
  t.same(computeTotals(1, []), { beforeVat: 0, vat: 0, total: 0, byRate: [] });
});

t.test('bad input is rejected', async (t) => {
  t.throws(() => computeTotals(1, [{ amount: 1000, vatRate: null }]), RangeError, 'template 1 needs a rate');
  t.throws(() => computeTotals(1, [{ amount: 1000, vatRate: '7%' as VatRate }]), RangeError);
  t.throws(() => computeTotals(2, [{ amount: 10.5, vatRate: null }]), RangeError);
  t.throws(() => computeTotals(2, [{ amount: Number.NaN, vatRate: null }]), RangeError);
  t.throws(
    () =>
      computeTotals(2, [
        { amount: Number.MAX_SAFE_INTEGER, vatRate: null },
        { amount: 1, vatRate: null },
      ]),
    RangeError,
    'a total past 2^53 would lose money',
  );
});

t.test('property: totals always add up exactly', async (t) => {
  const rate = fc.constantFrom<VatRate>('0%', '5%', '8%', '10%', 'KCT', 'KKKNT');
  const line = fc.record({ amount: fc.integer({ min: 0, max: 10_000_000_000 }), vatRate: rate });
  fc.assert(
    fc.property(fc.constantFrom<1 | 2>(1, 2), fc.array(line, { maxLength: 30 }), (template, lines) => {
      const totals = computeTotals(template, lines);
      const sum = lines.reduce((s, l) => s + l.amount, 0);
      if (totals.total !== sum) return false;
      if (totals.beforeVat + totals.vat !== totals.total) return false;
      if (totals.byRate.reduce((s, r) => s + r.beforeVat, 0) !== (template === 1 ? totals.beforeVat : 0)) return false;
      if (totals.byRate.reduce((s, r) => s + r.vat, 0) !== totals.vat) return false;
      for (const r of totals.byRate) {
        const rateSum = lines.filter((l) => l.vatRate === r.rate).reduce((s, l) => s + l.amount, 0);
        if (r.beforeVat + r.vat !== rateSum) return false;
        if (!Number.isInteger(r.beforeVat) || !Number.isInteger(r.vat) || r.vat < 0 || r.beforeVat < 0) return false;
        const percent = r.rate.endsWith('%') ? Number(r.rate.slice(0, -1)) : 0;
        // VAT is within half a đồng (plus the rounding of the base) of the exact figure.
        if (Math.abs(r.vat - (rateSum * percent) / (100 + percent)) > 0.5 + 1e-6) return false;
      }
      return template === 1 || (totals.vat === 0 && totals.byRate.length === 0);
    }),
    { numRuns: 500 },
  );
  t.pass('500 random invoices add up');
});

t.test('negative amounts (money given back) round half away from zero, like positive ones', async (t) => {
  t.same(computeTotals(1, [{ amount: -105000, vatRate: '5%' }]).byRate, [
    { rate: '5%', beforeVat: -100000, vat: -5000 },
  ]);
  // -1 / 1.1 = -0.909 → -1; -5 / 1.1 = -4.545 → -5; the mirror of +1 and +5.
  t.same(computeTotals(1, [{ amount: -1, vatRate: '10%' }]).byRate, [{ rate: '10%', beforeVat: -1, vat: 0 }]);
  t.same(computeTotals(1, [{ amount: -5, vatRate: '10%' }]).byRate, [{ rate: '10%', beforeVat: -5, vat: 0 }]);
  t.same(computeTotals(1, [{ amount: 5, vatRate: '10%' }]).byRate, [{ rate: '10%', beforeVat: 5, vat: 0 }]);
  t.same(computeTotals(1, [{ amount: -27, vatRate: '8%' }]).byRate, [{ rate: '8%', beforeVat: -25, vat: -2 }]);
});

t.test('refusals say what is wrong', async (t) => {
  t.throws(() => computeTotals(2, [{ amount: 1.5, vatRate: null }]), {
    name: 'RangeError',
    message: 'line amount must be an integer, got 1.5',
  });
  t.throws(() => computeTotals(1, [{ amount: 100, vatRate: null }]), {
    name: 'RangeError',
    message: 'a template 1 line needs a VAT rate, got null',
  });
  t.throws(() => computeTotals(1, [{ amount: 100, vatRate: '7%' as VatRate }]), {
    name: 'RangeError',
    message: 'a template 1 line needs a VAT rate, got 7%',
  });
});

t.test('the invoice total may reach, but not pass, the safe integer range either way', async (t) => {
  const max = Number.MAX_SAFE_INTEGER;
  t.equal(
    computeTotals(2, [
      { amount: max - 1, vatRate: null },
      { amount: 1, vatRate: null },
    ]).total,
    max,
  );
  t.equal(
    computeTotals(2, [
      { amount: -max + 1, vatRate: null },
      { amount: -1, vatRate: null },
    ]).total,
    -max,
  );
  t.throws(
    () =>
      computeTotals(2, [
        { amount: max, vatRate: null },
        { amount: 1, vatRate: null },
      ]),
    { message: 'invoice total is out of range' },
  );
  t.throws(
    () =>
      computeTotals(2, [
        { amount: -max, vatRate: null },
        { amount: -1, vatRate: null },
      ]),
    { message: 'invoice total is out of range' },
  );
});
