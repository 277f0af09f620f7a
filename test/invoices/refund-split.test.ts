// How a refund on a VAT-method invoice is split across the original rates, without a database (the API side is in
// refund-adjustment.test.ts).
import t from 'tap';
import fc from 'fast-check';
import type { VatRate } from '../../src/db/tables/invoice-document.js';
import { adjustmentLinesByRate, refundByRate, refundedByRate } from '../../src/invoices/refund-adjustment.js';
import { computeTotals, type RateTotal } from '../../src/invoices/vat.js';

const grossOf = (r: { beforeVat: number; vat: number }) => r.beforeVat + r.vat;

/** Refunds `amounts` one after another, each continuing from the ones before (as the service does). */
function refundInTurn(original: RateTotal[], amounts: number[]): RateTotal[][] {
  const issued: RateTotal[][] = [];
  for (const amount of amounts)
    issued.push(refundByRate(original, refundedByRate(issued.map((byRate) => ({ byRate }))), amount));
  return issued;
}

t.test('a full refund in one go mirrors the original rates exactly', async (t) => {
  const original = computeTotals(1, [{ amount: 105000, vatRate: '5%' }]).byRate;
  t.same(refundByRate(original, new Map(), 105000), [{ rate: '5%', beforeVat: 100000, vat: 5000 }]);
  const mixed = computeTotals(1, [
    { amount: 45000, vatRate: '10%' },
    { amount: 108000, vatRate: '8%' },
    { amount: 20000, vatRate: '0%' },
    { amount: 30000, vatRate: 'KCT' },
    { amount: 0, vatRate: '5%' },
  ]).byRate;
  t.same(refundByRate(mixed, new Map(), 203000), mixed, 'every rate, even one worth nothing');
  t.same(
    refundByRate(computeTotals(1, [{ amount: 50000, vatRate: 'KCT' }]).byRate, new Map(), 50000),
    [{ rate: 'KCT', beforeVat: 50000, vat: 0 }],
    'KCT carries no VAT',
  );
});

t.test("a partial refund is split in proportion to each rate's gross amount, to the đồng", async (t) => {
  // 60 000 at 10% and 40 000 at 5%: half of it back is 30 000 and 20 000.
  const original = computeTotals(1, [
    { amount: 60000, vatRate: '10%' },
    { amount: 40000, vatRate: '5%' },
  ]).byRate;
  const half = refundByRate(original, new Map(), 50000);
  t.same(
    half.map((r) => [r.rate, grossOf(r)]),
    [
      ['10%', 30000],
      ['5%', 20000],
    ],
  );
  t.same(half, [
    { rate: '10%', beforeVat: 27273, vat: 2727 },
    { rate: '5%', beforeVat: 19048, vat: 952 },
  ]);
  // 1 đồng cannot be split: it goes to one rate, and nothing is invented for the other.
  const one = refundByRate(original, new Map(), 1);
  t.equal(
    one.reduce((s, r) => s + grossOf(r), 0),
    1,
  );
  t.equal(one.length, 1);
});

t.test('partial refunds that add up to the sale add up to the original figures, rate by rate', async (t) => {
  const original = computeTotals(1, [
    { amount: 33333, vatRate: '10%' },
    { amount: 33333, vatRate: '8%' },
    { amount: 33334, vatRate: 'KCT' },
  ]).byRate;
  const issued = refundInTurn(original, [1, 33332, 7, 50000, 16660]);
  const summed = refundedByRate(issued.map((byRate) => ({ byRate })));
  for (const r of original) t.same(summed.get(r.rate), { gross: grossOf(r), beforeVat: r.beforeVat }, r.rate);
});

t.test(
  'property: parts are whole, never negative, add up to each refund, and to the original at the end',
  async (t) => {
    const rate = fc.constantFrom<VatRate>('0%', '5%', '8%', '10%', 'KCT', 'KKKNT');
    const lines = fc.array(fc.record({ amount: fc.integer({ min: 0, max: 50_000_000 }), vatRate: rate }), {
      minLength: 1,
      maxLength: 8,
    });
    const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });
    fc.assert(
      fc.property(lines, cuts, (ls, fractions) => {
        const totals = computeTotals(1, ls);
        if (totals.total === 0) return true;
        // Random refunds that together are the whole sale.
        const points = [...new Set([0, ...fractions.map((f) => Math.floor(f * totals.total)), totals.total])].sort(
          (a, b) => a - b,
        );
        const amounts = points
          .slice(1)
          .map((p, i) => p - points[i])
          .filter((a) => a > 0);
        const issued = refundInTurn(totals.byRate, amounts);
        for (let i = 0; i < amounts.length; i++) {
          if (issued[i].reduce((s, r) => s + grossOf(r), 0) !== amounts[i]) return false;
          for (const r of issued[i]) {
            if (!Number.isInteger(r.beforeVat) || !Number.isInteger(r.vat) || r.beforeVat < 0 || r.vat < 0)
              return false;
            if (!totals.byRate.some((o) => o.rate === r.rate)) return false;
            if ((r.rate === '0%' || r.rate === 'KCT' || r.rate === 'KKKNT') && r.vat !== 0) return false;
          }
        }
        const summed = refundedByRate(issued.map((byRate) => ({ byRate })));
        return totals.byRate.every(
          (r) =>
            (summed.get(r.rate)?.gross ?? 0) === grossOf(r) && (summed.get(r.rate)?.beforeVat ?? 0) === r.beforeVat,
        );
      }),
      { numRuns: 400 },
    );
    t.pass('400 random sales refunded in random steps');
  },
);

t.test('refusals: a refund is a positive whole number of đồng against an invoice with rates', async (t) => {
  const original = computeTotals(1, [{ amount: 11000, vatRate: '10%' }]).byRate;
  // Each refusal names its own reason: without the explicit check, "nothing to split across" would still be a
  // RangeError, bigint division by zero, and say nothing useful.
  for (const amount of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
    t.throws(
      () => refundByRate(original, new Map(), amount),
      { name: 'RangeError', message: `a refund must be a positive whole number of đồng, got ${amount}` },
      `amount ${amount}`,
    );
  }
  t.same(refundByRate(original, new Map(), 1), [{ rate: '10%', beforeVat: 1, vat: 0 }], 'one đồng is enough');
  t.throws(
    () => refundByRate([], new Map(), 1000),
    { name: 'RangeError', message: 'the original invoice lists no VAT rate' },
    'no rate to refund at',
  );
  t.throws(
    () => refundByRate([{ rate: '10%', beforeVat: 0, vat: 0 }], new Map(), 1),
    { name: 'RangeError', message: 'nothing to split a refund across' },
    'nothing to split across',
  );
});

t.test("known answers: the pre-VAT part follows the rate's cumulative refund", async (t) => {
  // 11 000 at 10% is 10 000 + 1 000. Refunded as 5 500 twice: 5 000 + 500 each time.
  const original: RateTotal[] = [{ rate: '10%', beforeVat: 10000, vat: 1000 }];
  const first = refundByRate(original, new Map(), 5500);
  t.same(first, [{ rate: '10%', beforeVat: 5000, vat: 500 }]);
  const second = refundByRate(original, refundedByRate([{ byRate: first }]), 5500);
  t.same(second, [{ rate: '10%', beforeVat: 5000, vat: 500 }]);
  // 3 đồng at a time from 11 đồng (10 + 1): the pre-VAT figure rounds half up on the running total: 2.73→3, 5.45→5, 8.18→8, 10.
  const small: RateTotal[] = [{ rate: '10%', beforeVat: 10, vat: 1 }];
  const steps: RateTotal[][] = [];
  for (const amount of [3, 3, 3, 2])
    steps.push(refundByRate(small, refundedByRate(steps.map((byRate) => ({ byRate }))), amount));
  t.same(
    steps.map((s) => s[0]!.beforeVat),
    [3, 2, 3, 2],
  );
  t.same(
    steps.map((s) => s[0]!.vat),
    [0, 1, 0, 0],
  );
});

t.test('ties of the remainder go to the rate listed first', async (t) => {
  const original: RateTotal[] = [
    { rate: '10%', beforeVat: 100, vat: 10 },
    { rate: '8%', beforeVat: 102, vat: 8 },
  ];
  // Equal gross (110 each): 1 đồng goes to 10%, 3 đồng split 2 + 1.
  t.same(
    refundByRate(original, new Map(), 1).map((r) => [r.rate, r.beforeVat + r.vat]),
    [['10%', 1]],
  );
  t.same(
    refundByRate(original, new Map(), 3).map((r) => [r.rate, r.beforeVat + r.vat]),
    [
      ['10%', 2],
      ['8%', 1],
    ],
  );
  // Unequal remainders: the larger fraction gets the đồng, whichever rate it is.
  const skew: RateTotal[] = [
    { rate: '10%', beforeVat: 10, vat: 1 },
    { rate: '5%', beforeVat: 20, vat: 1 },
  ];
  // 2 × 11/32 = 0.69, 2 × 21/32 = 1.31: 5% gets 1 whole, then the remaining đồng goes to 10% (0.69 > 0.31).
  t.same(
    refundByRate(skew, new Map(), 2).map((r) => [r.rate, r.beforeVat + r.vat]),
    [
      ['10%', 1],
      ['5%', 1],
    ],
  );
  // 1 × 11/32 = 0.34 < 1 × 21/32 = 0.66: the đồng goes to 5%.
  t.same(
    refundByRate(skew, new Map(), 1).map((r) => [r.rate, r.beforeVat + r.vat]),
    [['5%', 1]],
  );
});

t.test('a later refund continues from what each rate still has', async (t) => {
  const original: RateTotal[] = [
    { rate: '10%', beforeVat: 10000, vat: 1000 },
    { rate: 'KCT', beforeVat: 11000, vat: 0 },
  ];
  // All of 10% was refunded before: the next refund comes from KCT only.
  const before = refundedByRate([{ byRate: [{ rate: '10%', beforeVat: 10000, vat: 1000 }] }]);
  t.same(refundByRate(original, before, 4000), [{ rate: 'KCT', beforeVat: 4000, vat: 0 }]);
  // The rest of the sale: not "full in one go", so the spent 10% is not listed.
  t.same(refundByRate(original, before, 11000), [{ rate: 'KCT', beforeVat: 11000, vat: 0 }]);
});

t.test(
  'the whole sale refunded after earlier refunds is not "full in one go": a rate worth nothing stays out',
  async (t) => {
    const original: RateTotal[] = [
      { rate: '10%', beforeVat: 10000, vat: 1000 },
      { rate: '5%', beforeVat: 0, vat: 0 },
    ];
    // 5 500 already refunded, then 11 000 more: more than remains, so it is split on its own by the original amounts
    // (all of it at 10%). Only a refund of the whole sale with nothing refunded before lists the empty 5% rate.
    const before = refundedByRate([{ byRate: [{ rate: '10%', beforeVat: 5000, vat: 500 }] }]);
    t.same(refundByRate(original, before, 11000), [{ rate: '10%', beforeVat: 10000, vat: 1000 }]);
    t.same(refundByRate(original, new Map(), 11000), original, 'in one go: every rate');
  },
);

t.test(
  'earlier adjustments that do not fit the original: the refund is split on its own by the original amounts',
  async (t) => {
    const original: RateTotal[] = [
      { rate: '10%', beforeVat: 10000, vat: 1000 },
      { rate: '5%', beforeVat: 20000, vat: 1000 },
    ];
    // An old adjustment at a default rate took 30 000 back at 10%: more than 10% ever had, so only 21 000 seems left.
    // 21 001 × 11 000 / 32 000 = 7 219.03 and × 21 000 / 32 000 = 13 781.97; pre-VAT 7 219 / 1.1 → 6 563, 13 782 / 1.05 → 13 126.
    const before = refundedByRate([{ byRate: [{ rate: '10%', beforeVat: 27273, vat: 2727 }] }]);
    const parts = refundByRate(original, before, 21001);
    t.same(
      parts.map((r) => [r.rate, r.beforeVat + r.vat]),
      [
        ['10%', 7219],
        ['5%', 13782],
      ],
      'by the original 11 000 : 21 000, not by what is left',
    );
    t.same(parts, [
      { rate: '10%', beforeVat: 6563, vat: 656 },
      { rate: '5%', beforeVat: 13126, vat: 656 },
    ]);
    // Fits exactly: continues from what is left (only 5% has any).
    const fits = refundByRate(original, before, 21000);
    t.same(fits, [{ rate: '5%', beforeVat: 20000, vat: 1000 }]);
  },
);

t.test('figures of earlier adjustments outside 0..original are held to that range', async (t) => {
  const original: RateTotal[] = [{ rate: '10%', beforeVat: 10000, vat: 1000 }];
  const negative = new Map([['10%', { gross: -500, beforeVat: -500 }]]);
  t.same(
    refundByRate(original, negative, 11000),
    [{ rate: '10%', beforeVat: 10000, vat: 1000 }],
    'a negative history counts as nothing',
  );
  const baseTooHigh = new Map([['10%', { gross: 5500, beforeVat: 99999 }]]);
  t.same(
    refundByRate(original, baseTooHigh, 5500),
    [{ rate: '10%', beforeVat: 0, vat: 5500 }],
    'pre-VAT already all taken back: the rest is VAT',
  );
  const baseLow = new Map([['10%', { gross: 5500, beforeVat: 0 }]]);
  t.same(
    refundByRate(original, baseLow, 5500),
    [{ rate: '10%', beforeVat: 5500, vat: 0 }],
    'never more pre-VAT than the part itself',
  );
});

t.test('refundedByRate adds up earlier adjustments per rate', async (t) => {
  const summed = refundedByRate([
    {
      byRate: [
        { rate: '10%', beforeVat: 100, vat: 10 },
        { rate: '5%', beforeVat: 20, vat: 1 },
      ],
    },
    { byRate: [{ rate: '10%', beforeVat: 50, vat: 5 }] },
  ]);
  t.same(
    [...summed.entries()],
    [
      ['10%', { gross: 165, beforeVat: 150 }],
      ['5%', { gross: 21, beforeVat: 20 }],
    ],
  );
  t.same(refundedByRate([]).size, 0);
});

t.test(
  'adjustmentLinesByRate: one decreasing line per rate, labelled with its rate when there are several',
  async (t) => {
    const one = adjustmentLinesByRate([{ rate: '5%', beforeVat: 100000, vat: 5000 }], 'Hoàn tiền');
    t.same(one.lines, [
      { no: 1, name: 'Hoàn tiền', unit: 'lần', quantity: 1, unitPrice: 100000, amount: 100000, vatRate: '5%' },
    ]);
    t.same(one.totals, {
      beforeVat: 100000,
      vat: 5000,
      total: 105000,
      byRate: [{ rate: '5%', beforeVat: 100000, vat: 5000 }],
    });
    const parts: RateTotal[] = [
      { rate: '10%', beforeVat: 27273, vat: 2727 },
      { rate: 'KCT', beforeVat: 20000, vat: 0 },
    ];
    const two = adjustmentLinesByRate(parts, 'Hoàn tiền');
    t.same(
      two.lines.map((l) => [l.no, l.name, l.amount, l.vatRate]),
      [
        [1, 'Hoàn tiền (thuế suất 10%)', 27273, '10%'],
        [2, 'Hoàn tiền (thuế suất KCT)', 20000, 'KCT'],
      ],
    );
    t.same(two.totals, { beforeVat: 47273, vat: 2727, total: 50000, byRate: parts });
    t.not(two.totals.byRate[0], parts[0], "the totals carry copies, not the caller's objects");
  },
);

t.test('refusal texts, and an inconsistent history never lends its pre-VAT figures to the new refund', async (t) => {
  t.throws(() => refundByRate([], new Map(), 1000), { message: 'the original invoice lists no VAT rate' });
  const original: RateTotal[] = [
    { rate: '10%', beforeVat: 10000, vat: 1000 },
    { rate: '5%', beforeVat: 20000, vat: 1000 },
  ];
  // Earlier adjustments: half of 10% at a wrong pre-VAT figure, all of 5%. 6 000 more than remains (5 500), so this
  // refund is split on its own: 6 000 × 11/32 = 2 062.5 and × 21/32 = 3 937.5 (the tie goes to 10%), and its pre-VAT
  // parts come from the refund alone: 2 063 / 1.1 → 1 875, 3 937 / 1.05 → 3 750.
  const before = new Map([
    ['10%', { gross: 5500, beforeVat: 4000 }],
    ['5%', { gross: 21000, beforeVat: 20000 }],
  ]);
  t.same(refundByRate(original, before, 6000), [
    { rate: '10%', beforeVat: 1875, vat: 188 },
    { rate: '5%', beforeVat: 3750, vat: 187 },
  ]);
});
