import t from 'tap';
import { crc16ccitt } from '../../src/qr/crc16.js';

t.test('CRC-16/CCITT-FALSE check value', async (t) => {
  t.equal(crc16ccitt('123456789'), '29B1');
});

t.test('empty input is the init value', async (t) => {
  t.equal(crc16ccitt(''), 'FFFF');
});

t.test('always 4 uppercase hex digits (zero-padded)', async (t) => {
  for (const input of ['A', 'a', '0', 'VietQR', '6304', ' '.repeat(100)]) {
    t.match(crc16ccitt(input), /^[0-9A-F]{4}$/, input);
  }
});

t.test('matches the NAPAS examples (CRC over everything up to and including "6304")', async (t) => {
  const payload = '00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52';
  t.equal(crc16ccitt(payload.slice(0, -4)), '4F52');
});
