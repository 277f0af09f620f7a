import t from 'tap';
import { CSV_BOM, csvCell, csvRow } from '../../src/http/csv.js';

t.test('text that a spreadsheet would run as a formula gets a leading quote', async (t) => {
  t.equal(csvCell('=1+1'), "'=1+1");
  t.equal(csvCell('+1'), "'+1");
  t.equal(csvCell("-2+3+cmd|' /C calc'!A0"), `'-2+3+cmd|' /C calc'!A0`);
  t.equal(csvCell('@SUM(A1:A9)'), "'@SUM(A1:A9)");
  t.equal(csvCell('\t=1+1'), "'\t=1+1", 'a leading tab');
  t.equal(csvCell('\r=1+1'), `"'\r=1+1"`, 'a leading carriage return (and quoted: it is a line break)');
  t.equal(
    csvCell('=HYPERLINK("http://x","y")'),
    `"'=HYPERLINK(""http://x"",""y"")"`,
    'defused, then quoted, quotes doubled',
  );
  t.equal(csvCell('-'), "'-");
  t.equal(csvCell('-1,5'), `"'-1,5"`, 'a decimal comma is text, not a number');
  t.equal(csvCell('1e5'), '1e5');
  t.equal(csvCell('Xôi =1+1'), 'Xôi =1+1', 'only the first character matters');
});

t.test('numbers stay plain numbers, negative ones included', async (t) => {
  t.equal(csvCell(245000), '245000');
  t.equal(csvCell(-10000), '-10000');
  t.equal(csvCell(0), '0');
  t.equal(csvCell(12n), '12');
  t.equal(csvCell(-12n), '-12');
  t.equal(csvCell('-10000'), '-10000', 'a sum Postgres hands over as a string');
  t.equal(csvCell('0.2500'), '0.2500');
  t.equal(csvCell('-0.5'), '-0.5');
});

t.test('RFC 4180 quoting, empty cells, rows and BOM', async (t) => {
  t.equal(csvCell(null), '');
  t.equal(csvCell(undefined), '');
  t.equal(csvCell(''), '');
  t.equal(csvCell('Phường 1, Tổ 3'), '"Phường 1, Tổ 3"');
  t.equal(
    csvCell('Xôi x1; Chè x2'),
    '"Xôi x1; Chè x2"',
    'semicolons too: the delimiter of Excel with Vietnamese settings',
  );
  t.equal(csvCell('say "hi"'), '"say ""hi"""');
  t.equal(csvCell('a\nb'), '"a\nb"');
  t.equal(csvCell('2026-03-05T09:30:00+07:00'), '2026-03-05T09:30:00+07:00');
  t.equal(csvRow(['=1+1', -5, 'a,b', null, '2026-03-05']), `'=1+1,-5,"a,b",,2026-03-05`);
  t.equal(CSV_BOM, '\uFEFF');
});
