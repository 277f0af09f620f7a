import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { ARTIFACTS, launchBrowser, watchCsp } from '../helpers/browser.js';
import { onboardStall } from '../helpers/fixtures.js';

const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const stall = await onboardStall(ctx, { name: 'Phở vịt quay Thất Khê' });

  t.test('the sandbox bank page pays a pasted dynamic code and the request becomes paid', async (t) => {
    const pr = (
      await ctx.call({
        method: 'POST',
        url: '/api/v1/payment-requests',
        token: stall.apiKey,
        payload: { amount: 55000 },
      })
    ).body;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const csp = watchCsp(page);
    await page.goto(`${base}/pay`);
    await page.fill('#payload', pr.qr.payload);
    await page.click('#read');
    await page.waitForSelector('#payee', { state: 'visible' });
    t.equal(await page.textContent('#payee-name'), 'Pho vit quay That Khe');
    t.equal(await page.inputValue('#amount'), '55.000', 'the amount as a bank app shows it');
    await page.selectOption('#bank', 'MOMO');
    await page.click('#pay');
    await page.waitForSelector('#result', { state: 'visible' });
    t.equal(await page.getAttribute('#result', 'data-outcome'), 'matched');
    t.match(await page.textContent('#result-title'), /^Chuyển tiền thành công · 55\.000/);
    t.match(await page.textContent('#result-detail'), 'Gian hàng đã nhận được tiền.');
    t.notMatch(await page.textContent('#result'), /matched/, 'no internal outcome code on the page');
    await page.screenshot({ path: `${ARTIFACTS}pay-paid.png` });
    const read = await ctx.call({ method: 'GET', url: `/api/v1/payment-requests/${pr.id}`, token: stall.apiKey });
    t.equal(read.body.status, 'paid');
    const sale = await ctx.database.db
      .selectFrom('sales')
      .select('method')
      .where('payment_request_id', '=', pr.id)
      .executeTakeFirstOrThrow();
    t.equal(sale.method, 'mobile_money', 'paid from a wallet');
    t.same(csp, [], 'the page satisfies the content-security policy');

    // Paying the same code again: the money goes, but the shopper is told it waits to be returned, not "success".
    await page.click('#again');
    await page.fill('#payload', pr.qr.payload);
    await page.click('#read');
    await page.waitForSelector('#payee', { state: 'visible' });
    await page.click('#pay');
    await page.waitForSelector('#result', { state: 'visible' });
    t.equal(await page.getAttribute('#result', 'data-outcome'), 'duplicate');
    t.match(await page.textContent('#result-title'), /^Đã chuyển tiền, cần xử lý thêm/);
    t.equal(await page.getAttribute('#result-title', 'class'), 'big warn');
    t.match(await page.textContent('#result-detail'), 'Mã này đã được thanh toán trước đó');
    await page.click('#lang');
    t.match(
      await page.textContent('#result-detail'),
      'This code was already paid',
      'the result follows the language switch',
    );
    await page.click('#lang');
    await page.close();
  });

  t.test("a bad code shows the reason in the shopper's words", async (t) => {
    const page = await browser.newPage();
    await page.goto(`${base}/pay`);
    await page.fill('#payload', 'garbage');
    await page.click('#read');
    await page.waitForFunction(() => document.getElementById('scan-error')!.textContent !== '');
    t.equal(await page.textContent('#scan-error'), 'Mã không hợp lệ: Đây không phải mã QR thanh toán.');
    const pr = (
      await ctx.call({
        method: 'POST',
        url: '/api/v1/payment-requests',
        token: stall.apiKey,
        payload: { amount: 20000 },
      })
    ).body;
    await page.fill('#payload', pr.qr.payload.slice(0, -1) + (pr.qr.payload.endsWith('0') ? '1' : '0'));
    await page.click('#read');
    await page.waitForFunction(() => /kiểm tra/.test(document.getElementById('scan-error')!.textContent ?? ''));
    t.match(await page.textContent('#scan-error'), 'mã kiểm tra không khớp');
    await page.close();
  });
  t.test('a static code takes the amount as Vietnamese shoppers type it, and refuses anything else', async (t) => {
    const payload = (
      await ctx.call({ method: 'GET', url: `/api/v1/merchants/${stall.merchant.id}/qr.txt`, token: stall.apiKey })
    ).raw.trim();
    const page = await browser.newPage();
    await page.goto(`${base}/pay`);
    t.match(await page.textContent('[data-test-money]'), 'TIỀN THỬ NGHIỆM', 'the page says test money is shown');
    await page.fill('#payload', payload);
    await page.click('#read');
    await page.waitForSelector('#payee', { state: 'visible' });
    const countPayments = async () => (await ctx.database.db.selectFrom('payments').select('id').execute()).length;
    const before = await countPayments();
    // Decimals, a comma, dots in the wrong places: refused with the reason, never guessed (25.000,50 is not 2,500,050).
    for (const typed of ['25.000,50', '25,5', '2.50.00', '25,000', '2.50']) {
      await page.fill('#amount', typed);
      await page.click('#pay');
      await page.waitForFunction(() => document.getElementById('pay-error')!.textContent !== '');
      t.equal(
        await page.textContent('#pay-error'),
        'Số tiền phải là số đồng chẵn, ví dụ 25.000 hoặc 25000.',
        `${typed} is refused, with the reason`,
      );
      t.notOk(await page.isVisible('#result'), `${typed}: no transfer shown`);
      await page.fill('#amount', '');
      await page.click('#pay');
      await page.waitForFunction(() => /nhập số tiền/.test(document.getElementById('pay-error')!.textContent!));
    }
    t.equal(await countPayments(), before, 'nothing was sent');
    await page.fill('#amount', '25.000');
    await page.click('#pay');
    await page.waitForSelector('#result', { state: 'visible' });
    t.match(await page.textContent('#result-title'), /25\.000/);
    const last = await ctx.database.db
      .selectFrom('payments')
      .select(['amount', 'test'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    t.same(last, { amount: 25000, test: true }, '25.000 is 25,000 đồng of test money');

    // The same amount typed without the dots is the same 25,000.
    await page.click('#again');
    await page.fill('#payload', payload);
    await page.click('#read');
    await page.waitForSelector('#payee', { state: 'visible' });
    await page.fill('#amount', '25000');
    await page.click('#pay');
    await page.waitForSelector('#result', { state: 'visible' });
    const plain = await ctx.database.db
      .selectFrom('payments')
      .select(['amount'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    t.equal(plain.amount, 25000, '25000 is 25,000 đồng too');
    t.equal(await countPayments(), before + 2, 'one payment each');
    await page.close();
  });
}
