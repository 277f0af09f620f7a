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
    const pr = (await ctx.call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount: 55000 } })).body;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const csp = watchCsp(page);
    await page.goto(`${base}/pay`);
    await page.fill('#payload', pr.qr.payload);
    await page.click('#read');
    await page.waitForSelector('#payee', { state: 'visible' });
    t.equal(await page.textContent('#payee-name'), 'Pho vit quay That Khe');
    t.equal(await page.inputValue('#amount'), '55000');
    await page.selectOption('#bank', 'MOMO');
    await page.click('#pay');
    await page.waitForSelector('#result', { state: 'visible' });
    t.equal(await page.getAttribute('#result', 'data-outcome'), 'matched');
    await page.screenshot({ path: `${ARTIFACTS}pay-paid.png` });
    const read = await ctx.call({ method: 'GET', url: `/api/v1/payment-requests/${pr.id}`, token: stall.apiKey });
    t.equal(read.body.status, 'paid');
    const sale = await ctx.database.db.selectFrom('sales').select('method').where('payment_request_id', '=', pr.id).executeTakeFirstOrThrow();
    t.equal(sale.method, 'mobile_money', 'paid from a wallet');
    t.same(csp, [], 'the page satisfies the content-security policy');
    await page.close();
  });

  t.test('a bad code shows the reason', async (t) => {
    const page = await browser.newPage();
    await page.goto(`${base}/pay`);
    await page.fill('#payload', '00020101021138600010A000000727');
    await page.click('#read');
    await page.waitForFunction(() => document.getElementById('scan-error')!.textContent !== '');
    t.match(await page.textContent('#scan-error'), /Mã không hợp lệ/);
    await page.close();
  });
}
