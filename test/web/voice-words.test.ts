// The recorded voice's word sequence (src/web/assets/shared/voice-words.js) reads every amount exactly as the invoices
// write it in words (src/invoices/amount-in-words.js): the two are separate implementations, checked against each
// other here so they cannot drift apart.
import fc from 'fast-check';
import t from 'tap';
import { amountInWords, MAX_AMOUNT_IN_WORDS } from '../../src/invoices/amount-in-words.js';
import { amountWords, MAX_VOICE_AMOUNT, receiptWords, VOICE_WORDS } from '../../src/web/assets/shared/voice-words.js';

/** The invoice's words as the phone says them: "Bốn mươi lăm nghìn đồng" → "đã nhận bốn mươi lăm nghìn đồng". */
const invoiceSays = (n: number) => `đã nhận ${amountInWords(n).toLowerCase()}`;
const voiceSays = (n: number) => receiptWords(n).join(' ');

t.test('the tricky amounts, word for word', async (t) => {
  const cases: [number, string][] = [
    [0, 'không'],
    [1, 'một'],
    [4, 'bốn'],
    [5, 'năm'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [25, 'hai mươi lăm'],
    [101, 'một trăm linh một'],
    [104, 'một trăm linh bốn'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [115, 'một trăm mười lăm'],
    [1_000, 'một nghìn'],
    [1_005, 'một nghìn không trăm linh năm'],
    [10_000, 'mười nghìn'],
    [15_000, 'mười lăm nghìn'],
    [21_000, 'hai mươi mốt nghìn'],
    [45_000, 'bốn mươi lăm nghìn'],
    [100_000, 'một trăm nghìn'],
    [105_000, 'một trăm linh năm nghìn'],
    [1_000_000, 'một triệu'],
    [1_005_000, 'một triệu không trăm linh năm nghìn'],
    [1_050_000, 'một triệu không trăm năm mươi nghìn'],
    [2_024_000, 'hai triệu không trăm hai mươi tư nghìn'],
    [999_999_999, 'chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín'],
    [1_000_000_001, 'một tỷ không trăm linh một'],
    [1_500_000_000_000, 'một nghìn năm trăm tỷ'],
  ];
  for (const [n, words] of cases) {
    t.equal(voiceSays(n), `đã nhận ${words} đồng`, String(n));
    t.equal(voiceSays(n), invoiceSays(n), `${n}: as the invoice writes it`);
  }
  t.same(receiptWords(45_000), ['đã nhận', 'bốn', 'mươi', 'lăm', 'nghìn', 'đồng'], 'one clip per word');
  t.same(receiptWords(45_000n), receiptWords(45_000), 'a bigint amount (money is stored as one) reads the same');
});

t.test('every amount from 0 to 100 000 reads as the invoice writes it', async (t) => {
  const used = new Set<string>();
  let differ = 0;
  for (let n = 0; n <= 100_000; n++) {
    const words = receiptWords(n);
    for (const w of words) used.add(w);
    if (words.join(' ') !== invoiceSays(n) && differ++ < 5) t.fail(`${n}: "${words.join(' ')}" ≠ "${invoiceSays(n)}"`);
  }
  t.equal(differ, 0, 'no amount differs');
  const belowMillion = VOICE_WORDS.filter((w) => w !== 'triệu' && w !== 'tỷ');
  t.same([...used].sort(), [...belowMillion].sort(), 'these amounts use every clip but triệu and tỷ');
});

t.test('larger amounts, at random up to the invoices limit, read the same too', async (t) => {
  t.equal(MAX_VOICE_AMOUNT, MAX_AMOUNT_IN_WORDS, 'the same range as the invoices');
  const vocabulary = new Set(VOICE_WORDS);
  fc.assert(
    fc.property(
      fc.oneof(
        fc.integer({ min: 0, max: 999_999_999 }), // what the keypad can type
        fc.integer({ min: 0, max: MAX_VOICE_AMOUNT }),
        // round amounts, the common case: a few significant digits followed by zeros
        fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 12 })).map(([d, z]) => d * 10 ** z),
      ),
      (n) => voiceSays(n) === invoiceSays(n) && receiptWords(n).every((w) => vocabulary.has(w)),
    ),
    { numRuns: 20_000 },
  );
  t.equal(voiceSays(MAX_VOICE_AMOUNT), invoiceSays(MAX_VOICE_AMOUNT), 'the largest amount');
  t.ok(receiptWords(2_000_000_000).includes('tỷ') && receiptWords(3_000_000).includes('triệu'));
});

t.test('what cannot be read is refused, like the invoices refuse it', async (t) => {
  for (const bad of [-1, 0.5, MAX_VOICE_AMOUNT + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
    t.throws(() => amountWords(bad), RangeError, String(bad));
    t.throws(() => amountInWords(bad), RangeError, `${bad}: the invoices too`);
  }
});
