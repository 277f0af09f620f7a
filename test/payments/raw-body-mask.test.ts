import t from 'tap';
import { maskAccountNumber, maskPayerAccounts } from '../../src/payments/raw-body-mask.js';

t.test('a payer account keeps its last four digits', async (t) => {
  t.equal(maskAccountNumber('0123456789'), '******6789');
  t.equal(maskAccountNumber('1234'), '****', 'too short to show any of it');
  t.equal(maskAccountNumber(''), '');
});

t.test('payer-account fields are masked wherever they are; the rest of the body is left byte for byte', async (t) => {
  const payos =
    '{"code":"00","data":{"accountNumber":"1012345678","counterAccountNumber":"0987654321","description":"CS7RPHZTQ7"},"signature":"ab"}';
  t.equal(
    maskPayerAccounts(payos),
    '{"code":"00","data":{"accountNumber":"1012345678","counterAccountNumber":"******4321","description":"CS7RPHZTQ7"},"signature":"ab"}',
  );
  const casso =
    '{"error":0,"data":[{"corresponsiveAccount" : 190312345678,"counterAccountNumber":null},{"counterAccountNumber":"a\\"b12345"}]}';
  const masked = maskPayerAccounts(casso);
  t.same(
    JSON.parse(masked),
    {
      error: 0,
      data: [
        { corresponsiveAccount: '********5678', counterAccountNumber: null },
        { counterAccountNumber: '****2345' },
      ],
    },
    'numbers, escapes and nulls; still JSON',
  );
  const sepay = '{"accountNumber":"1012345678","content":"CT tu 0987654321"}';
  t.equal(maskPayerAccounts(sepay), sepay, 'nothing named as the payer account: unchanged');
});
