import t from 'tap';
import { decodeVietQr } from '../../src/qr/vietqr.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { readQrPng } from '../helpers/qr-image.js';

const ctx = await startTestApp(t);
const { call, adminToken } = ctx;

t.test('onboarding returns the stall and its key once; the QR name is the name folded to ASCII', async (t) => {
  const { merchant, apiKey } = await onboardStall(ctx, {
    stallCode: 'kd-012',
    name: 'Phở chua Đức Hạnh',
    category: 'food',
    taxCode: '0100233488',
    address: '12 Kim Đồng, Cao Bằng',
  });
  t.match(apiKey, /^csm_[A-Za-z0-9_-]{43}$/);
  t.equal(merchant.stallCode, 'KD-012', 'stall code upper-cased');
  t.equal(merchant.name, 'Phở chua Đức Hạnh');
  t.equal(merchant.qrName, 'Pho chua Duc Hanh');
  t.equal(merchant.mcc, '5812');
  t.equal(merchant.taxCode, '0100233488');
  t.equal(merchant.payout.bankName, 'Vietcombank');
  t.match(merchant.invoiceSeries, /^C\d{2}MKD$/);
});

t.test('a name longer than 25 characters is cut to 25 in the QR', async (t) => {
  const { merchant } = await onboardStall(ctx, { name: 'Cửa hàng đặc sản Cao Bằng hạt dẻ Trùng Khánh' });
  t.equal(merchant.qrName, 'Cua hang dac san Cao Bang');
  t.equal(merchant.qrName.length, 25);
});

t.test('the static QR is exact VietQR: txt, svg and a png a QR reader reads back to the same payload', async (t) => {
  const { merchant, apiKey } = await onboardStall(ctx, {
    name: 'Trà mận Bảo Lạc',
    category: 'drinks',
    payout: { bin: '970422', accountNumber: '0123456789' },
  });
  const txt = await call({ method: 'GET', url: `/api/v1/merchants/${merchant.id}/qr.txt`, token: apiKey });
  t.equal(txt.status, 200);
  const fields = decodeVietQr(txt.raw);
  t.match(fields, {
    initiation: 'static',
    bin: '970422',
    account: '0123456789',
    service: 'QRIBFTTA',
    amount: null,
    name: 'Tra man Bao Lac',
    mcc: '5814',
    currency: '704',
    country: 'VN',
  });
  const svg = await call({ method: 'GET', url: `/api/v1/merchants/${merchant.id}/qr.svg`, token: adminToken });
  t.equal(svg.headers['content-type'], 'image/svg+xml');
  t.match(svg.raw, /^<svg/);
  const png = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/merchants/${merchant.id}/qr.png`,
    headers: { authorization: `Bearer ${apiKey}` },
  });
  t.equal(png.headers['content-type'], 'image/png');
  t.equal(readQrPng(png.rawPayload), txt.raw);
});

t.test('the poster shows the Vietnamese name, the stall code, the QR and how to pay', async (t) => {
  const { merchant, apiKey } = await onboardStall(ctx, { name: 'Quà lưu niệm <Non Nước>' });
  const res = await call({ method: 'GET', url: `/api/v1/merchants/${merchant.id}/poster`, token: apiKey });
  t.equal(res.status, 200);
  t.match(res.headers['content-type'], /text\/html/);
  t.match(res.raw, 'Quà lưu niệm &lt;Non Nước&gt;', 'escaped');
  t.match(res.raw, merchant.stallCode);
  t.match(res.raw, /<svg/);
  t.match(res.raw, 'Pay with any banking or mobile-money app');
  t.match(res.raw, /@page \{ size: A5/);
  t.notMatch(res.raw, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script: the print button is a module');
  t.match(res.raw, /<script [^>]*src="\/assets\/print-button\.js"/);
});

t.test('a merchant reads itself, not another stall; only staff list stalls', async (t) => {
  const a = await onboardStall(ctx);
  const b = await onboardStall(ctx);
  t.equal((await call({ method: 'GET', url: '/api/v1/merchants/me', token: a.apiKey })).body.id, a.merchant.id);
  t.equal((await call({ method: 'GET', url: `/api/v1/merchants/${a.merchant.id}`, token: a.apiKey })).status, 200);
  t.equal((await call({ method: 'GET', url: `/api/v1/merchants/${b.merchant.id}`, token: a.apiKey })).status, 404);
  t.equal(
    (await call({ method: 'GET', url: `/api/v1/merchants/${b.merchant.id}/qr.txt`, token: a.apiKey })).status,
    404,
  );
  t.equal((await call({ method: 'GET', url: '/api/v1/merchants', token: a.apiKey })).status, 403);
});

t.test('the list pages with a cursor through every stall once', async (t) => {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: any = await call({
      method: 'GET',
      url: `/api/v1/merchants?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      token: adminToken,
    });
    t.equal(res.status, 200);
    seen.push(...res.body.items.map((m: any) => m.stallCode));
    cursor = res.body.nextCursor;
  } while (cursor);
  t.same(seen, [...seen].sort(), 'ordered by stall code');
  t.equal(new Set(seen).size, seen.length, 'no stall twice');
  t.ok(seen.length >= 6);
});

t.test('each invalid input has its status and code', async (t) => {
  const cases: Array<[Record<string, unknown>, number, string]> = [
    [{ taxCode: '0100233480' }, 400, 'invalid_tax_code'],
    [{ taxCode: undefined }, 400, 'tax_code_required'],
    [{ taxCode: '   ' }, 400, 'tax_code_required'],
    [{ address: undefined }, 400, 'address_required'],
    [{ address: ' ' }, 400, 'address_required'],
    [{ payout: { bin: '999999', accountNumber: '0123456789' } }, 400, 'unknown_bin'],
    [{ payout: { bin: '970436', accountNumber: '12AB45' } }, 400, 'validation_failed'],
    [{ payout: { bin: '970436', accountNumber: '12345' } }, 400, 'validation_failed'],
    [{ payout: { bin: '970436', accountNumber: '12345678901234567890' } }, 400, 'validation_failed'],
    [{ category: 'weapons' }, 400, 'validation_failed'],
    [{ stallCode: 'not a code' }, 400, 'validation_failed'],
    [{ taxMethod: 'none' }, 400, 'validation_failed'],
  ];
  for (const [override, status, code] of cases) {
    const res = await call({
      method: 'POST',
      url: '/api/v1/merchants',
      token: adminToken,
      payload: {
        stallCode: 'KD-900',
        name: 'X',
        category: 'food',
        ward: 'Nùng Trí Cao',
        payout: { bin: '970436', accountNumber: '0123456789' },
        taxMethod: 'vat',
        taxCode: '0100109106',
        address: 'Gian 9, phố Kim Đồng, Cao Bằng',
        ...override,
      },
    });
    t.equal(res.status, status, JSON.stringify(override));
    t.equal(res.body.error.code, code, JSON.stringify(override));
  }
  await onboardStall(ctx, { stallCode: 'KD-777' });
  const dup = await call({
    method: 'POST',
    url: '/api/v1/merchants',
    token: adminToken,
    payload: {
      stallCode: 'kd-777',
      name: 'Y',
      category: 'food',
      ward: 'Nùng Trí Cao',
      payout: { bin: '970436', accountNumber: '0123456789' },
      taxMethod: 'vat',
      taxCode: '0100109106',
      address: 'Gian 7, phố Kim Đồng',
    },
  });
  t.equal(dup.status, 409);
  t.equal(dup.body.error.code, 'stall_code_taken');
});

t.test('rotating the key: the old key stops working, the new one works', async (t) => {
  const { merchant, apiKey } = await onboardStall(ctx);
  t.equal((await call({ method: 'GET', url: '/api/v1/merchants/me', token: apiKey })).status, 200);
  const rotated = await call({ method: 'POST', url: `/api/v1/merchants/${merchant.id}/api-keys`, token: adminToken });
  t.equal(rotated.status, 201);
  t.equal((await call({ method: 'GET', url: '/api/v1/merchants/me', token: apiKey })).status, 401);
  t.equal((await call({ method: 'GET', url: '/api/v1/merchants/me', token: rotated.body.apiKey })).status, 200);
});

t.test('POST /api/v1/qr/decode parses any VietQR or says why not (422)', async (t) => {
  const ok = await call({
    method: 'POST',
    url: '/api/v1/qr/decode',
    payload: {
      payload:
        '00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E',
    },
  });
  t.equal(ok.status, 200);
  t.match(ok.body, {
    initiation: 'dynamic',
    bin: '970403',
    amount: 180000,
    purpose: 'thanh toan don hang',
    bank: { shortName: 'Sacombank' },
  });
  const badCrc = await call({
    method: 'POST',
    url: '/api/v1/qr/decode',
    payload: {
      payload:
        '00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2F',
    },
  });
  t.equal(badCrc.status, 422);
  t.equal(badCrc.body.error.code, 'qr_bad_crc');
  // The same payload with its correct CRC in lower case (as some published payloads write it) is the same QR.
  const lowerCrc = await call({
    method: 'POST',
    url: '/api/v1/qr/decode',
    payload: {
      payload:
        '00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042e2e',
    },
  });
  t.equal(lowerCrc.status, 200, lowerCrc.raw);
  t.same(lowerCrc.body, ok.body, 'same answer as the upper-case CRC, crc reported as 2E2E');
  const lowerWrong = await call({
    method: 'POST',
    url: '/api/v1/qr/decode',
    payload: {
      payload:
        '00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042e2f',
    },
  });
  t.equal(lowerWrong.body.error?.code, 'qr_bad_crc', 'a wrong CRC stays wrong in lower case');
  const notQr = await call({ method: 'POST', url: '/api/v1/qr/decode', payload: { payload: 'hello world' } });
  t.equal(notQr.status, 422);
  t.match(notQr.body.error.code, /^qr_/);
});

t.test('onboarding accepts a 13-digit branch MST without a hyphen and stores it with the hyphen', async (t) => {
  const { merchant } = await onboardStall(ctx, { stallCode: 'KD-313', taxCode: '0100109106001' });
  t.equal(merchant.taxCode, '0100109106-001', 'answered normalised');
  const row = await ctx.database.db
    .selectFrom('merchants')
    .select('tax_code')
    .where('id', '=', merchant.id)
    .executeTakeFirstOrThrow();
  t.equal(row.tax_code, '0100109106-001', 'stored normalised');
  const bad = await call({
    method: 'POST',
    url: '/api/v1/merchants',
    token: adminToken,
    payload: {
      stallCode: 'KD-314',
      name: 'X',
      category: 'food',
      ward: 'Nùng Trí Cao',
      payout: { bin: '970436', accountNumber: '0123456789' },
      taxMethod: 'vat',
      taxCode: '0100109107001',
    },
  });
  t.equal(bad.body.error?.code, 'invalid_tax_code', 'a wrong check digit is still refused in this form');
});
