import t from 'tap';
import { encodeTlv, parseTlv, TlvError } from '../../src/qr/tlv.js';

t.test('encode pads the length to two digits', async (t) => {
  t.equal(encodeTlv('00', '01'), '000201');
  t.equal(encodeTlv('59', 'A'.repeat(10)), '5910' + 'A'.repeat(10));
  t.equal(encodeTlv('62', ''), '6200');
});

t.test('encode rejects bad ids and values over 99 characters', async (t) => {
  t.throws(() => encodeTlv('1', 'x'), RangeError);
  t.throws(() => encodeTlv('ab', 'x'), RangeError);
  t.throws(() => encodeTlv('62', 'x'.repeat(100)), RangeError);
  t.doesNotThrow(() => encodeTlv('62', 'x'.repeat(99)));
});

t.test('parse round-trips a sequence', async (t) => {
  const text = encodeTlv('00', '01') + encodeTlv('38', encodeTlv('00', 'A000000727')) + encodeTlv('63', 'ABCD');
  t.same(parseTlv(text), [
    { id: '00', value: '01' },
    { id: '38', value: '0010A000000727' },
    { id: '63', value: 'ABCD' },
  ]);
  t.same(parseTlv(''), []);
});

const kindOf = (input: string) => {
  try {
    parseTlv(input);
    return 'ok';
  } catch (error) {
    return error instanceof TlvError ? error.kind : 'other';
  }
};

t.test('parse is strict', async (t) => {
  t.equal(kindOf('0005abc'), 'overrun', 'length overruns');
  t.equal(kindOf('000201' + '5'), 'truncated_header', 'leftover character');
  t.equal(kindOf('000201' + '590'), 'truncated_header', 'leftover partial header');
  t.equal(kindOf('0a0201'), 'bad_id', 'non-digit id');
  t.equal(kindOf('00x101'), 'bad_length', 'non-digit length');
  t.equal(kindOf('00-101'), 'bad_length', 'sign in length');
  t.equal(kindOf('00 201'), 'bad_length', 'space in length');
});

t.test('error carries the offset of the bad field', async (t) => {
  try {
    parseTlv('000201' + '5905AB');
    t.fail('should throw');
  } catch (error) {
    t.ok(error instanceof TlvError);
    t.equal((error as TlvError).offset, 6);
  }
});
