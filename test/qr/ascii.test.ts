import t from 'tap';
import { foldToAscii, qrField, qrName } from '../../src/qr/ascii.js';

t.test('folds Vietnamese diacritics, including đ/Đ', async (t) => {
  t.equal(foldToAscii('Nguyễn Thị Đào'), 'Nguyen Thi Dao');
  t.equal(foldToAscii('Bánh mì Phượng, Hội An'), 'Banh mi Phuong, Hoi An');
  t.equal(foldToAscii('ĂÂÊÔƠƯ ăâêôơư đĐ'), 'AAEOOU aaeoou dD');
  t.equal(foldToAscii('Cà phê sữa đá'), 'Ca phe sua da');
  // Precomposed (NFC) and decomposed (NFD) input give the same result.
  t.equal(foldToAscii('Phở'.normalize('NFD')), foldToAscii('Phở'.normalize('NFC')));
});

t.test('collapses whitespace and drops non-printable / non-ASCII', async (t) => {
  t.equal(foldToAscii('  a \t\n b  '), 'a b');
  t.equal(foldToAscii('a \u200b b'), 'a b', 'zero-width space between spaces');
  t.equal(foldToAscii('tea 🍵 shop'), 'tea shop');
  t.equal(foldToAscii('x\u0000y\u007fz'), 'xyz');
  t.equal(foldToAscii('€5 món'), '5 mon');
  t.match(foldToAscii('Ωmega ™ ß'), /^[\x20-\x7E]*$/);
});

t.test('qrName keeps case, trims and cuts to 25', async (t) => {
  t.equal(qrName('  Quán Cơm Tấm Bà Năm  '), 'Quan Com Tam Ba Nam');
  const long = qrName('Cửa hàng tạp hóa Nguyễn Thị Minh Khai số 12');
  t.ok(long.length <= 25);
  t.equal(long, 'Cua hang tap hoa Nguyen T');
  // A cut that lands just after a space must not leave a trailing space.
  t.equal(qrName('abcdefghijklmnopqrstuvwx yz'), 'abcdefghijklmnopqrstuvwx');
  t.equal(qrName(''), '');
  t.equal(qrName('🍜'), '');
});

t.test('qrField cuts to any maximum', async (t) => {
  t.equal(qrField('Thành phố Hồ Chí Minh', 15), 'Thanh pho Ho Ch');
  t.equal(qrField('Hà Nội', 15), 'Ha Noi');
});
