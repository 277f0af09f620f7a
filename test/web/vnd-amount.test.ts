import t from 'tap';
import { parseVndAmount } from '../../src/web/assets/vnd-amount.js';

t.test('whole đồng as a Vietnamese shopper types them', async (t) => {
  for (const [text, amount] of [
    ['25000', 25000],
    ['25.000', 25000],
    ['1.250.000', 1_250_000],
    [' 45.000 ', 45000],
    ['45.000 ₫', 45000],
    ['45.000đ', 45000],
    ['500', 500],
  ] as const) {
    t.equal(parseVndAmount(text), amount, JSON.stringify(text));
  }
});

t.test('anything else is refused, never guessed at', async (t) => {
  for (const text of [
    '25.000,50',
    '25,5',
    '25,000',
    '2.50',
    '2.50.00',
    '25.000.5',
    '25.0000',
    '.500',
    '25.',
    '1.25.000',
    '-25000',
    '+25000',
    '25 000',
    '2e4',
    '0',
    '0.000',
    '',
    '   ',
    'abc',
    '25.000 USD',
    '１２３',
    '9'.repeat(20),
  ]) {
    t.equal(parseVndAmount(text), null, JSON.stringify(text));
  }
});
