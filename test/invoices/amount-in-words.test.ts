import t from 'tap';
import { amountInWords, MAX_AMOUNT_IN_WORDS } from '../../src/invoices/amount-in-words.js';

const cases: Array<[number, string]> = [
  // units and the special unit readings
  [0, 'Không đồng'],
  [1, 'Một đồng'],
  [4, 'Bốn đồng'],
  [5, 'Năm đồng'],
  [9, 'Chín đồng'],
  // mười for 10..19, with lăm but not tư or mốt
  [10, 'Mười đồng'],
  [11, 'Mười một đồng'],
  [14, 'Mười bốn đồng'],
  [15, 'Mười lăm đồng'],
  [19, 'Mười chín đồng'],
  // mươi for 20+, with mốt / tư / lăm
  [20, 'Hai mươi đồng'],
  [21, 'Hai mươi mốt đồng'],
  [24, 'Hai mươi tư đồng'],
  [25, 'Hai mươi lăm đồng'],
  [45, 'Bốn mươi lăm đồng'],
  [50, 'Năm mươi đồng'],
  [55, 'Năm mươi lăm đồng'],
  [91, 'Chín mươi mốt đồng'],
  [99, 'Chín mươi chín đồng'],
  // hundreds and linh
  [100, 'Một trăm đồng'],
  [101, 'Một trăm linh một đồng'],
  [104, 'Một trăm linh bốn đồng'],
  [105, 'Một trăm linh năm đồng'],
  [110, 'Một trăm mười đồng'],
  [115, 'Một trăm mười lăm đồng'],
  [121, 'Một trăm hai mươi mốt đồng'],
  [999, 'Chín trăm chín mươi chín đồng'],
  // nghìn, and "không trăm" in an inner group
  [1000, 'Một nghìn đồng'],
  [1001, 'Một nghìn không trăm linh một đồng'],
  [1010, 'Một nghìn không trăm mười đồng'],
  [1021, 'Một nghìn không trăm hai mươi mốt đồng'],
  [1100, 'Một nghìn một trăm đồng'],
  [10500, 'Mười nghìn năm trăm đồng'],
  [15000, 'Mười lăm nghìn đồng'],
  [21000, 'Hai mươi mốt nghìn đồng'],
  [24000, 'Hai mươi tư nghìn đồng'],
  [45000, 'Bốn mươi lăm nghìn đồng'],
  [110000, 'Một trăm mười nghìn đồng'],
  [105000, 'Một trăm linh năm nghìn đồng'],
  [999999, 'Chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng'],
  // triệu; all-zero inner groups are skipped
  [1000000, 'Một triệu đồng'],
  [1000005, 'Một triệu không trăm linh năm đồng'],
  [1005000, 'Một triệu không trăm linh năm nghìn đồng'],
  [1500000, 'Một triệu năm trăm nghìn đồng'],
  [2050000, 'Hai triệu không trăm năm mươi nghìn đồng'],
  [12345678, 'Mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám đồng'],
  [21_000_000, 'Hai mươi mốt triệu đồng'],
  // tỷ
  [1000000000, 'Một tỷ đồng'],
  [2000000000, 'Hai tỷ đồng'],
  [1000001000, 'Một tỷ không trăm linh một nghìn đồng'],
  [1000000001, 'Một tỷ không trăm linh một đồng'],
  [1_500_000_000, 'Một tỷ năm trăm triệu đồng'],
  [25_000_000_000, 'Hai mươi lăm tỷ đồng'],
  [
    123_456_789_012,
    'Một trăm hai mươi ba tỷ bốn trăm năm mươi sáu triệu bảy trăm tám mươi chín nghìn không trăm mười hai đồng',
  ],
  // 10^12 and beyond: the count of tỷ is read as a number
  [1_000_000_000_000, 'Một nghìn tỷ đồng'],
  [1_500_000_000_000, 'Một nghìn năm trăm tỷ đồng'],
  [1_005_000_000_000, 'Một nghìn không trăm linh năm tỷ đồng'],
  [1_000_500_000_000, 'Một nghìn tỷ năm trăm triệu đồng'],
  [
    MAX_AMOUNT_IN_WORDS,
    'Chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng',
  ],
];

t.test('table of readings', async (t) => {
  t.ok(cases.length >= 40, `${cases.length} cases`);
  for (const [amount, words] of cases) t.equal(amountInWords(amount), words, String(amount));
});

t.test('bigint input reads the same as number input', async (t) => {
  t.equal(amountInWords(45000n), 'Bốn mươi lăm nghìn đồng');
  t.equal(amountInWords(0n), 'Không đồng');
  t.equal(amountInWords(BigInt(MAX_AMOUNT_IN_WORDS)), amountInWords(MAX_AMOUNT_IN_WORDS));
});

t.test('output is NFC, single-spaced and capitalised once', async (t) => {
  for (const [amount] of cases) {
    const words = amountInWords(amount);
    t.equal(words, words.normalize('NFC'));
    t.notMatch(words, /\s{2}|^\s|\s$/);
    t.equal(words.slice(1), words.slice(1).toLowerCase());
  }
});

t.test('rejects negative, non-integer, non-finite and too-large amounts', async (t) => {
  for (const bad of [-1, 1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, MAX_AMOUNT_IN_WORDS + 1, 1e16]) {
    t.throws(() => amountInWords(bad), RangeError, String(bad));
  }
  t.throws(() => amountInWords(-1n), RangeError);
  t.throws(() => amountInWords(BigInt(MAX_AMOUNT_IN_WORDS) + 1n), RangeError);
});

t.test('a refusal names the range and the amount given', async (t) => {
  t.throws(() => amountInWords(-1), {
    name: 'RangeError',
    message: `amount must be an integer from 0 to ${MAX_AMOUNT_IN_WORDS}, got -1`,
  });
});
