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

t.test('an empty value at the very end is a whole field', async (t) => {
  t.same(parseTlv('0000'), [{ id: '00', value: '' }]);
  t.same(parseTlv('000201' + '6200'), [
    { id: '00', value: '01' },
    { id: '62', value: '' },
  ]);
});

t.test('ids and lengths are exactly two digits', async (t) => {
  for (const id of ['123', 'x12', '12x', '']) t.throws(() => encodeTlv(id, 'x'), RangeError, JSON.stringify(id));
});

t.test('errors say what is wrong and where', async (t) => {
  const errorOf = (input: string) => {
    try {
      parseTlv(input);
    } catch (error) {
      if (error instanceof TlvError) return error;
    }
    throw new Error(`parseTlv(${JSON.stringify(input)}) did not throw a TlvError`);
  };
  const overrun = errorOf('000201' + '5905AB');
  t.equal(overrun.name, 'TlvError');
  t.equal(overrun.message, 'field 59 at offset 6 says length 5 but only 2 characters remain');
  t.equal(errorOf('000201' + '59').message, 'field at offset 6 has no complete id and length');
  t.equal(errorOf('0a0201').message, 'id at offset 0 is not two digits: "0a"');
  t.equal(errorOf('000201' + '00x1').message, 'length of field 00 at offset 6 is not two digits: "x1"');
  t.throws(() => encodeTlv('1', 'x'), { message: 'TLV id must be two digits, got "1"' });
  t.throws(() => encodeTlv('62', 'x'.repeat(100)), {
    message: 'TLV value for id 62 is 100 characters; the maximum is 99',
  });
});
