import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';

const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const staff = await ctx.call({
    method: 'POST',
    url: '/api/v1/staff',
    token: ctx.adminToken,
    payload: { name: 'Bế Văn Thành', role: 'staff' },
  });
  const team = await ctx.call({
    method: 'POST',
    url: '/api/v1/teams',
    token: ctx.adminToken,
    payload: { name: 'Tổ CNS Thục Phán', ward: 'Phường Thục Phán' },
  });
  await ctx.call({
    method: 'PUT',
    url: `/api/v1/staff/${staff.body.staff.id}/team`,
    token: ctx.adminToken,
    payload: { teamId: team.body.id },
  });

  t.test('on a phone: sign in once, record an activation, import a CSV and read the report', async (t) => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const problems: string[] = [];
    // (a refused request logs "Failed to load resource": expected here, the page shows the reason)
    page.on(
      'console',
      (m) =>
        m.type() === 'error' &&
        !m.text().startsWith('Failed to load resource: the server responded with a status of 400') &&
        problems.push(m.text()),
    );
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/admin/activations`);
    await page.waitForSelector('#login', { state: 'visible' });
    await page.fill('#token', staff.body.token);
    await page.click('#login-form button');
    await page.waitForSelector('#app', { state: 'visible' });
    t.equal(await page.evaluate(() => localStorage.getItem('staffToken')), staff.body.token, 'the token is kept');

    await page.selectOption('#provider', 'vnpt_money');
    await page.fill('#phone', '0912 345 678');
    await page.click('#record-btn');
    await page.waitForFunction(() => document.getElementById('record-msg')!.className.includes('ok'));
    t.match(await page.textContent('#record-msg'), /Đã ghi nhận \*\*\*\*\*\*\*678 · VNPT Money · Phường Thục Phán/);
    await page.fill('#phone', '+84912345678');
    await page.click('#record-btn');
    await page.waitForFunction(() => document.getElementById('record-msg')!.className.includes('warn'));
    t.match(await page.textContent('#record-msg'), /Đã có từ trước/);
    await page.fill('#phone', '0241234567');
    await page.click('#record-btn');
    await page.waitForFunction(() => document.getElementById('record-msg')!.className.includes('err'));
    t.match(await page.textContent('#record-msg'), /không phải số di động/);
    await page.screenshot({ path: `${ARTIFACTS}activations-record.png`, fullPage: true });

    const csv =
      'provider,phone,ward,team,activated_at\nviettel_money,0977000001,Xã Quảng Uyên,,2026-03-05 09:30\nviettel_money,0977000001,Xã Quảng Uyên,,\nmomo,0977000002,X,,\n';
    await page.setInputFiles('#file', { name: 'activations.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('#upload-btn');
    await page.waitForSelector('#report', { state: 'visible' });
    t.equal(await page.textContent('#r-created'), '1');
    t.equal(await page.textContent('#r-duplicates'), '1');
    t.equal(await page.textContent('#r-rejected'), '1');
    t.match(await page.textContent('#r-table'), /4\s*Không rõ nhà cung cấp/);
    await page.waitForFunction(() => document.getElementById('s-total')!.textContent === '2');

    await page.click('#lang');
    t.equal(await page.textContent('h1'), 'Mobile-money activations');
    t.equal(
      await page.textContent('#record-msg'),
      'Not a valid Vietnamese mobile number',
      'messages follow the language',
    );
    t.equal(await page.textContent('#r-total'), '3 data lines read.');
    await page.screenshot({ path: `${ARTIFACTS}activations-import.png`, fullPage: true });
    await page.reload();
    await page.waitForSelector('#app', { state: 'visible' });
    t.equal(await page.textContent('h1'), 'Mobile-money activations', 'language and token survive a reload');
    t.notOk(
      await page.content().then((html) => html.includes('0912345678') || html.includes('0977000001')),
      'no full number on the page',
    );
    t.same(problems, [], 'no script errors, nothing blocked by the Content-Security-Policy');
    await page.close();
  });
}
