import { readFile } from 'node:fs/promises';
import t from 'tap';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { onboardStall } from '../helpers/fixtures.js';

const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });

  const cspViolations: string[] = [];

  async function signedIn(token = ctx.adminToken): Promise<Page> {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
    await page.goto(`${base}/admin`);
    await page.fill('#token', token);
    await page.click('#sign-in');
    await page.waitForSelector('#app', { state: 'visible' });
    return page;
  }

  t.test('a wrong token is refused', async (t) => {
    const page = await browser.newPage();
    await page.goto(`${base}/admin`);
    await page.fill('#token', 'css_wrong-token');
    await page.click('#sign-in');
    await page.waitForFunction(() => document.getElementById('login-error')!.textContent !== '');
    t.match(await page.textContent('#login-error'), /Mã không đúng/);
    await page.close();
  });

  t.test('onboard a stall through the form: its key is shown once, it is in the list, its poster opens', async (t) => {
    const page = await signedIn();
    await page.fill('#f-stallCode', 'kd-101');
    await page.fill('#f-name', 'Trà sữa Cao Bằng');
    await page.selectOption('#f-category', 'drinks');
    await page.selectOption('#f-bin', '971025');
    await page.fill('#f-account', '0912345678');
    await page.click('#onboard-submit');
    await page.waitForSelector('#onboard-result', { state: 'visible' });
    const apiKey = (await page.textContent('#new-api-key'))!;
    t.match(apiKey, /^csm_/);
    t.equal(await page.textContent('#new-stall'), 'KD-101 · Trà sữa Cao Bằng');
    const me = await ctx.call({ method: 'GET', url: '/api/v1/merchants/me', token: apiKey });
    t.equal(me.body.payout.bankName, 'MoMo', 'the key works and the stall is paid into the chosen wallet');
    t.match(await page.getAttribute('#new-app-link', 'href'), /^\/m#key=csm_/);
    await page.screenshot({ path: `${ARTIFACTS}admin-onboarded.png` });

    const violations: string[] = [];
    page.context().on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    const [poster] = await Promise.all([page.waitForEvent('popup'), page.click('#new-poster')]);
    await poster.waitForFunction(() => document.querySelector('h1')?.textContent === 'Trà sữa Cao Bằng');
    t.same(violations, [], 'the poster (and its print button) runs under the content-security policy');
    await poster.close();

    await page.click('#tab-stalls');
    await page.waitForSelector('#stalls tr[data-stall-code="KD-101"]');
    t.match(await page.textContent('#stalls tr[data-stall-code="KD-101"]'), /Trà sữa Cao Bằng.*Đồ uống.*MoMo · 0912345678/);
    await page.screenshot({ path: `${ARTIFACTS}admin-stalls.png` });

    await page.click('#tab-onboard');
    await page.click('#onboard-another');
    t.equal(await page.textContent('#new-api-key'), '', 'the key does not stay on screen');
    await page.fill('#f-stallCode', 'KD-101');
    await page.fill('#f-name', 'Trùng mã');
    await page.fill('#f-account', '12');
    await page.click('#onboard-submit');
    await page.waitForFunction(() => document.getElementById('onboard-error')!.textContent !== '');
    t.equal(await page.getAttribute('#f-account', 'aria-invalid'), 'true', 'the bad field is marked');
    await page.fill('#f-account', '0912345679');
    await page.click('#onboard-submit');
    await page.waitForFunction(() => /đã được đăng ký/.test(document.getElementById('onboard-error')!.textContent!));
    t.pass('a taken stall code is explained');
    await page.close();
  });

  t.test('an underpaid payment waits for review and is given to its stall', async (t) => {
    const stall = await onboardStall(ctx, { name: 'Hạt dẻ Trùng Khánh' });
    const pr = (await ctx.call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount: 50000 } })).body;
    const paid = await ctx.call({ method: 'POST', url: '/sandbox/transfers', payload: { payload: pr.qr.payload, amount: 30000, payerBank: 'MOMO', payerName: 'Lục Thị Mai' } });
    t.equal(paid.body.payment.outcome, 'underpaid');
    const paymentId = paid.body.payment.id;

    const page = await signedIn();
    await page.click('#tab-review');
    const row = `#review tr[data-payment-id="${paymentId}"]`;
    await page.waitForSelector(row);
    t.match(await page.textContent(row), /30\.000 ₫.*Chuyển thiếu.*LUC THI MAI/);
    t.equal(await page.inputValue(`${row} select.assign-to`), stall.merchant.id, 'the stall owning the account is suggested');
    await page.screenshot({ path: `${ARTIFACTS}admin-review.png` });
    await page.click(`${row} button.assign`);
    await page.waitForSelector(row, { state: 'detached' });
    t.match(await page.textContent('#review-msg'), /30\.000 ₫ → .*Hạt dẻ Trùng Khánh/);
    const payment = await ctx.database.db.selectFrom('payments').select(['sale_id', 'resolved_at']).where('id', '=', paymentId).executeTakeFirstOrThrow();
    t.ok(payment.sale_id, 'the payment became a sale of the stall');
    await page.close();
  });

  t.test('exports download with the token', async (t) => {
    const stall = await onboardStall(ctx);
    await ctx.call({ method: 'POST', url: '/api/v1/sales', token: stall.apiKey, payload: { amount: 25000, method: 'cash' } });
    const page = await signedIn();
    await page.click('#tab-exports');
    const [sales] = await Promise.all([page.waitForEvent('download'), page.click('#export-sales')]);
    const csv = await readFile((await sales.path())!, 'utf8');
    t.match(csv, /^\uFEFFsale_id,merchant_id,occurred_at,method,amount/);
    t.match(csv, /,cash,25000,/);
    const [daily] = await Promise.all([page.waitForEvent('download'), page.click('#export-daily')]);
    t.match(await readFile((await daily.path())!, 'utf8'), /^\uFEFFday,sales_count/);
    await page.close();
  });

  t.test('an admin creates staff; staff cannot create staff', async (t) => {
    const page = await signedIn();
    await page.click('#tab-staff');
    await page.fill('#staff-name', 'Nông Văn Dũng');
    await page.click('#staff-submit');
    await page.waitForSelector('#staff-result', { state: 'visible' });
    const token = (await page.textContent('#new-staff-token'))!;
    t.match(token, /^css_/);
    await page.close();

    const staffPage = await signedIn(token);
    await staffPage.click('#tab-staff');
    await staffPage.fill('#staff-name', 'Người khác');
    await staffPage.click('#staff-submit');
    await staffPage.waitForFunction(() => document.getElementById('staff-error')!.textContent !== '');
    t.match(await staffPage.textContent('#staff-error'), /Chỉ quản trị viên/);
    await staffPage.click('#lang');
    t.equal(await staffPage.textContent('#tab-review'), 'Payments to review');
    t.equal(await staffPage.getAttribute('#activations-link', 'href'), '/admin/activations');
    await staffPage.click('#lang');
    await staffPage.close();
  });

  t.test('no page broke the content-security policy', async (t) => {
    t.same(cspViolations, []);
  });
}
