import t from 'tap';
import { invoiceSeries, sellerLettersFromStallCode, vietnamYear } from '../../src/tax/series.js';

t.test('invoiceSeries builds template + C YY M letters', async (t) => {
  t.same(invoiceSeries(2, 2026, 'KD'), { template: '2', series: 'C26MKD' });
  t.same(invoiceSeries(1, 2027, 'AB'), { template: '1', series: 'C27MAB' });
  t.same(invoiceSeries(2, 2005, 'ZZ'), { template: '2', series: 'C05MZZ' }, 'year is zero-padded');
  const { template, series } = invoiceSeries(2, 2026, 'KD');
  t.equal(`${template}${series}`, '2C26MKD');
  t.match(series, /^C\d{2}M[A-Z]{2}$/);
});

t.test('invoiceSeries rejects bad input', async (t) => {
  t.throws(() => invoiceSeries(3 as 1, 2026, 'KD'), RangeError);
  t.throws(() => invoiceSeries(2, 26, 'KD'), RangeError, 'two-digit year');
  t.throws(() => invoiceSeries(2, 2026.5, 'KD'), RangeError);
  t.throws(() => invoiceSeries(2, 2026, 'kd'), RangeError, 'lowercase');
  t.throws(() => invoiceSeries(2, 2026, 'K'), RangeError);
  t.throws(() => invoiceSeries(2, 2026, 'KDX'), RangeError);
  t.throws(() => invoiceSeries(2, 2026, 'Đ1'), RangeError);
});

t.test('sellerLettersFromStallCode folds, uppercases and pads', async (t) => {
  const cases: Array<[string, string]> = [
    ['KD-012', 'KD'],
    ['kd-012', 'KD'],
    ['AN-001', 'AN'],
    ['đồ-5', 'DO'],
    ['Ăn-7', 'AN'],
    ['A-7', 'AX'],
    ['123', 'XX'],
    ['', 'XX'],
    ['  q- 9 z', 'QZ'],
    ['LONGCODE', 'LO'],
  ];
  for (const [code, letters] of cases) t.equal(sellerLettersFromStallCode(code), letters, code);
});

t.test('sellerLettersFromStallCode always yields a usable series', async (t) => {
  for (const code of ['KD-012', 'ß-1', 'ü', 'Ωmega', '東京', 'đ']) {
    const letters = sellerLettersFromStallCode(code);
    t.match(letters, /^[A-Z]{2}$/, code);
    t.doesNotThrow(() => invoiceSeries(2, 2026, letters));
  }
});

t.test('vietnamYear uses UTC+7', async (t) => {
  t.equal(vietnamYear(new Date('2026-12-31T17:30:00Z')), 2027);
  t.equal(vietnamYear(new Date('2026-12-31T16:59:59.999Z')), 2026);
  t.equal(vietnamYear(new Date('2026-12-31T17:00:00Z')), 2027);
  t.equal(vietnamYear(new Date('2027-01-01T00:00:00+07:00')), 2027);
  t.equal(vietnamYear(new Date('2026-06-15T12:00:00Z')), 2026);
  t.throws(() => vietnamYear(new Date('nope')), RangeError);
});

t.test('invoiceSeries: the first and last accepted years, and what a refusal says', async (t) => {
  t.same(invoiceSeries(2, 2000, 'KD'), { template: '2', series: 'C00MKD' });
  t.same(invoiceSeries(1, 2099, 'KD'), { template: '1', series: 'C99MKD' });
  t.throws(() => invoiceSeries(2, 1999, 'KD'), { message: 'year must be 2000..2099, got 1999' });
  t.throws(() => invoiceSeries(2, 2100, 'KD'), { message: 'year must be 2000..2099, got 2100' });
  t.throws(() => invoiceSeries(3 as 1, 2026, 'KD'), { message: 'template must be 1 or 2, got 3' });
  t.throws(() => invoiceSeries(2, 2026, 'kd'), { message: 'seller letters must be two letters A-Z, got "kd"' });
  t.throws(() => vietnamYear(new Date(Number.NaN)), { message: 'invalid date' });
});
