import { readFile } from 'node:fs/promises';
import t from 'tap';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { ARTIFACTS, launchBrowser, watchCsp } from '../helpers/browser.js';
import { onboardStall } from '../helpers/fixtures.js';

const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });

  const cspViolations: string[] = [];

  async function signedIn(token = ctx.adminToken, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser!.newPage({ viewport });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
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
    await page.fill('#f-taxCode', '0100109106');
    await page.fill('#f-address', 'Gian 101, phố Kim Đồng, phường Thục Phán, Cao Bằng');
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
    page.context().on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const [poster] = await Promise.all([page.waitForEvent('popup'), page.click('#new-poster')]);
    await poster.waitForFunction(() => document.querySelector('h1')?.textContent === 'Trà sữa Cao Bằng');
    t.same(violations, [], 'the poster (and its print button) runs under the content-security policy');
    await poster.close();

    await page.click('#tab-stalls');
    await page.waitForSelector('#stalls tr[data-stall-code="KD-101"]');
    t.match(
      await page.textContent('#stalls tr[data-stall-code="KD-101"]'),
      /Trà sữa Cao Bằng.*Đồ uống.*MoMo · 0912345678/,
    );
    await page.screenshot({ path: `${ARTIFACTS}admin-stalls.png` });

    await page.click('#tab-onboard');
    await page.click('#onboard-another');
    t.equal(await page.textContent('#new-api-key'), '', 'the key does not stay on screen');
    await page.fill('#f-stallCode', 'KD-101');
    await page.fill('#f-name', 'Trùng mã');
    await page.fill('#f-taxCode', '0100109106');
    await page.fill('#f-address', 'Gian 102, phố Kim Đồng');
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

  t.test("the server's refusals are shown in Vietnamese (English with the toggle), by code and field", async (t) => {
    const page = await signedIn();
    const fieldError = (id: string) => page.textContent(`#${id} + .field-err`);
    await page.fill('#f-stallCode', 'KD-301');
    await page.fill('#f-name', 'Phở chua Cao Bằng');
    await page.fill('#f-account', '12ab');
    await page.click('#onboard-submit');
    await page.waitForSelector('#f-account + .field-err');
    t.equal(await fieldError('f-account'), 'Số tài khoản / số ví gồm 6–19 chữ số, không có chữ cái hay dấu.');
    t.equal(await page.textContent('#onboard-error'), 'Thông tin chưa hợp lệ: xem các ô được đánh dấu.');
    t.equal(await page.getAttribute('#f-account', 'aria-invalid'), 'true');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'f-account', 'the refused field gets the focus');
    t.notMatch(await page.textContent('#view-onboard'), /digits|not valid/, 'no English on the Vietnamese page');
    await page.screenshot({ path: `${ARTIFACTS}admin-onboard-account-error.png` });

    await page.click('#lang');
    t.equal(
      await fieldError('f-account'),
      'An account or wallet number is 6–19 digits, nothing else.',
      'the toggle re-renders the field message',
    );
    t.equal(await page.textContent('#onboard-error'), 'Some fields are not valid: see the marked fields.');
    await page.click('#lang');
    t.equal(await fieldError('f-account'), 'Số tài khoản / số ví gồm 6–19 chữ số, không có chữ cái hay dấu.');

    await page.fill('#f-account', '0912345678');
    await page.fill('#f-taxCode', '0100233481'); // a wrong check digit
    await page.click('#onboard-submit');
    await page.waitForSelector('#f-taxCode + .field-err');
    t.equal(await fieldError('f-taxCode'), 'Mã số thuế không hợp lệ (sai số kiểm tra).', 'not "invalid MST"');
    t.equal(await page.textContent('#onboard-error'), 'Mã số thuế không hợp lệ (sai số kiểm tra).');
    t.equal(await page.$('#f-account + .field-err'), null, 'the earlier field message is gone');

    // A code the page does not know keeps the server's own words.
    await page.route('**/api/v1/merchants', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'something_new', message: 'A brand new refusal' } }),
      }),
    );
    await page.fill('#f-taxCode', '');
    await page.click('#onboard-submit');
    await page.waitForFunction(() => document.getElementById('onboard-error')!.textContent === 'A brand new refusal');
    t.pass('an unknown code falls back to the server message');
    await page.unroute('**/api/v1/merchants');
    await page.screenshot({ path: `${ARTIFACTS}admin-onboard-errors.png` });
    await page.close();
  });

  t.test('on a phone (390 px) a payment to review is given to its stall without sideways scrolling', async (t) => {
    const stall = await onboardStall(ctx, { name: 'Bánh áp chao Bà Lan' });
    const pr = (
      await ctx.call({
        method: 'POST',
        url: '/api/v1/payment-requests',
        token: stall.apiKey,
        payload: { amount: 40000 },
      })
    ).body;
    const paid = await ctx.call({
      method: 'POST',
      url: '/sandbox/transfers',
      payload: { payload: pr.qr.payload, amount: 20000, payerBank: 'MOMO', payerName: 'Nông Văn Hải' },
    });
    const paymentId = paid.body.payment.id;

    const page = await signedIn(ctx.adminToken, { width: 390, height: 844 });
    const csp = watchCsp(page);
    await page.click('#tab-review');
    const row = `#review tr[data-payment-id="${paymentId}"]`;
    await page.waitForSelector(row);
    await page.screenshot({ path: `${ARTIFACTS}admin-review-phone.png`, fullPage: true });
    const layout = await page.evaluate((sel) => {
      const scroller = document.querySelector('#view-review .scroll')!;
      return {
        pageWidth: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        tableOverflow: scroller.scrollWidth - scroller.clientWidth,
        button: document.querySelector(`${sel} button.assign`)!.getBoundingClientRect().toJSON(),
        select: document.querySelector(`${sel} select.assign-to`)!.getBoundingClientRect().toJSON(),
        labels: Array.from(document.querySelectorAll(`${sel} td`), (td) => getComputedStyle(td, '::before').content),
        styled: Array.from(document.querySelectorAll('[style]:not([style=""])'), (el) => el.outerHTML.slice(0, 120)),
      };
    }, row);
    t.ok(
      layout.pageWidth <= layout.viewport,
      `the page does not scroll sideways (${layout.pageWidth} ≤ ${layout.viewport})`,
    );
    t.ok(layout.tableOverflow <= 0, 'nor does the table inside it');
    t.ok(
      layout.button.x >= 0 && layout.button.right <= layout.viewport && layout.button.width > 40,
      'the Gán button is on screen',
    );
    t.ok(layout.select.width >= 150, 'the stall list is wide enough to read');
    t.match(layout.labels, ['"Lúc"', '"Số tiền"', '"Loại"'], 'each stacked cell says what it is');
    t.same(
      layout.styled,
      [],
      'no style attribute with content anywhere (the policy refuses them; Chromium leaves empty ones on filled inputs)',
    );
    t.equal(await page.inputValue(`${row} select.assign-to`), stall.merchant.id);
    await page.click(`${row} button.assign`);
    await page.waitForSelector(row, { state: 'detached' });
    t.match(await page.textContent('#review-msg'), /20\.000\u00a0₫ → .*Bánh áp chao Bà Lan/);

    await page.click('#tab-stalls');
    await page.waitForSelector('#stalls tr');
    t.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'the stall list fits the phone too',
    );
    await page.screenshot({ path: `${ARTIFACTS}admin-stalls-phone.png` });
    t.same(csp, [], 'nothing refused by the content-security policy');
    await page.close();
  });

  t.test('an underpaid payment waits for review and is given to its stall', async (t) => {
    const stall = await onboardStall(ctx, { name: 'Hạt dẻ Trùng Khánh' });
    const pr = (
      await ctx.call({
        method: 'POST',
        url: '/api/v1/payment-requests',
        token: stall.apiKey,
        payload: { amount: 50000 },
      })
    ).body;
    const paid = await ctx.call({
      method: 'POST',
      url: '/sandbox/transfers',
      payload: { payload: pr.qr.payload, amount: 30000, payerBank: 'MOMO', payerName: 'Lục Thị Mai' },
    });
    t.equal(paid.body.payment.outcome, 'underpaid');
    const paymentId = paid.body.payment.id;

    const page = await signedIn();
    await page.click('#tab-review');
    const row = `#review tr[data-payment-id="${paymentId}"]`;
    await page.waitForSelector(row);
    t.match(await page.textContent(row), /30\.000\u00a0₫.*Chuyển thiếu.*LUC THI MAI/);
    t.equal(
      await page.inputValue(`${row} select.assign-to`),
      stall.merchant.id,
      'the stall owning the account is suggested',
    );
    await page.screenshot({ path: `${ARTIFACTS}admin-review.png` });
    await page.click(`${row} button.assign`);
    await page.waitForSelector(row, { state: 'detached' });
    t.match(await page.textContent('#review-msg'), /30\.000\u00a0₫ → .*Hạt dẻ Trùng Khánh/);
    const payment = await ctx.database.db
      .selectFrom('payments')
      .select(['sale_id', 'resolved_at'])
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow();
    t.ok(payment.sale_id, 'the payment became a sale of the stall');
    await page.close();
  });

  t.test('an overpaid payment is closed with a note once the excess is handed back', async (t) => {
    const stall = await onboardStall(ctx, { name: 'Khâu nhục Lạng Sơn' });
    const pr = (
      await ctx.call({
        method: 'POST',
        url: '/api/v1/payment-requests',
        token: stall.apiKey,
        payload: { amount: 40000 },
      })
    ).body;
    const paid = await ctx.call({
      method: 'POST',
      url: '/sandbox/transfers',
      payload: { payload: pr.qr.payload, amount: 50000, payerBank: 'VCB' },
    });
    t.equal(paid.body.payment.outcome, 'overpaid');
    const paymentId = paid.body.payment.id;

    const page = await signedIn();
    await page.click('#tab-review');
    const row = `#review tr[data-payment-id="${paymentId}"]`;
    await page.waitForSelector(row);
    t.match(await page.textContent(row), /Đã ghi bán; trả lại phần thừa/);
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.defaultValue();
      void dialog.accept('Quầy trả lại 10.000 đ tiền mặt');
    });
    await page.click(`${row} button.close-payment`);
    await page.waitForSelector(row, { state: 'detached' });
    t.equal(
      asked,
      'Quầy đã trả lại phần tiền thừa cho khách',
      'a suggestion to edit, with no figure (the page knows the transfer, not the excess)',
    );
    t.match(await page.textContent('#review-msg'), /50\.000\u00a0₫: đã đóng \(Quầy trả lại 10\.000 đ tiền mặt\)/);
    const payment = await ctx.database.db
      .selectFrom('payments')
      .select(['resolution_note', 'resolved_at', 'amount'])
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow();
    t.equal(payment.resolution_note, 'Quầy trả lại 10.000 đ tiền mặt');
    t.ok(payment.resolved_at);
    await page.close();
  });

  t.test('a second payment of a paid code is not pre-assigned to the stall (it is usually returned)', async (t) => {
    const stall = await onboardStall(ctx, { name: 'Bánh cuốn Thất Khê' });
    const pr = (
      await ctx.call({
        method: 'POST',
        url: '/api/v1/payment-requests',
        token: stall.apiKey,
        payload: { amount: 25000 },
      })
    ).body;
    await ctx.call({
      method: 'POST',
      url: '/sandbox/transfers',
      payload: { payload: pr.qr.payload, payerBank: 'VCB' },
    });
    const again = await ctx.call({
      method: 'POST',
      url: '/sandbox/transfers',
      payload: { payload: pr.qr.payload, payerBank: 'VCB' },
    });
    t.equal(again.body.payment.outcome, 'duplicate');
    const page = await signedIn();
    await page.click('#tab-review');
    const row = `#review tr[data-payment-id="${again.body.payment.id}"]`;
    await page.waitForSelector(row);
    t.equal(await page.inputValue(`${row} select.assign-to`), '', 'no stall chosen in advance');
    t.ok(await page.isVisible(`${row} button.close-payment`), 'it can be closed once returned');
    await page.close();
  });

  t.test('exports download with the token', async (t) => {
    const stall = await onboardStall(ctx);
    await ctx.call({
      method: 'POST',
      url: '/api/v1/sales',
      token: stall.apiKey,
      payload: { amount: 25000, method: 'cash' },
    });
    const page = await signedIn();
    await page.click('#tab-exports');
    const [sales] = await Promise.all([page.waitForEvent('download'), page.click('#export-sales')]);
    const csv = await readFile((await sales.path())!, 'utf8');
    t.match(csv, /^\uFEFFMã giao dịch,Thời gian,Điểm bán,Mã quầy,Tên quầy,Hình thức/);
    t.match(csv, /,Tiền mặt(,[^,]*){4},25000,0,25000,Không/);
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
    t.equal(await staffPage.getAttribute('#reports-link', 'href'), '/reports', 'the reports are one click away');
    await staffPage.click('#lang');
    await staffPage.close();
  });

  t.test('an admin revokes a staff token from the staff list; the token then answers 401', async (t) => {
    const page = await signedIn();
    await page.click('#tab-staff');
    await page.fill('#staff-name', 'Lý Thị Hoa');
    await page.click('#staff-submit');
    await page.waitForSelector('#staff-result', { state: 'visible' });
    const token = (await page.textContent('#new-staff-token'))!;
    const row = page.locator('#staff-list tr', { hasText: 'Lý Thị Hoa' });
    await row.waitFor();
    t.match(await row.textContent(), /Đang dùng/);
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Thu hồi mã' }).click();
    await page.waitForFunction(() => document.getElementById('staff-msg')!.textContent!.includes('đã thu hồi'));
    t.match(await row.textContent(), /Đã thu hồi/);
    t.equal(await row.getByRole('button').count(), 0, 'no button on a revoked row');
    const res = await fetch(`${base}/api/v1/staff/me`, { headers: { authorization: `Bearer ${token}` } });
    t.equal(res.status, 401);
    await page.close();
  });

  t.test('with a second site, the form asks which street or market the stall stands in', async (t) => {
    const before = await signedIn();
    t.notOk(await before.isVisible('#f-site'), 'one site: no choice to make');
    await before.close();
    const market = await ctx.call({
      method: 'POST',
      url: '/api/v1/sites',
      token: ctx.adminToken,
      payload: { slug: 'cho-ca-mau', name: 'Chợ Cà Mau', kind: 'market', provinceCode: '96', ward: 'An Xuyên' },
    });
    t.equal(market.status, 201);
    const page = await signedIn();
    await page.waitForSelector('#f-site', { state: 'visible' });
    await page.selectOption('#f-site', market.body.id);
    t.equal(await page.inputValue('#f-ward'), 'Phường An Xuyên', "the site's ward is proposed");
    await page.fill('#f-stallCode', 'cm-201');
    await page.fill('#f-name', 'Khô cá sặc Út Hiền');
    await page.selectOption('#f-category', 'specialties');
    await page.selectOption('#f-bin', '970405');
    await page.fill('#f-account', '8300123456789');
    await page.fill('#f-taxCode', '0100109106');
    await page.fill('#f-address', 'Sạp 1, chợ Cà Mau');
    await page.click('#onboard-submit');
    await page.waitForSelector('#onboard-result', { state: 'visible' });
    const apiKey = (await page.textContent('#new-api-key'))!;
    const me = await ctx.call({ method: 'GET', url: '/api/v1/merchants/me', token: apiKey });
    t.equal(me.body.siteSlug, 'cho-ca-mau', 'the stall stands in the chosen market');
    t.equal(me.body.wardCode, '32002');
    await page.screenshot({ path: `${ARTIFACTS}admin-onboard-site.png` });
    await page.close();
  });

  t.test('no page broke the content-security policy', async (t) => {
    t.same(cspViolations, []);
  });
}
