import t from 'tap';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { ARTIFACTS, launchBrowser, watchCsp } from '../helpers/browser.js';

// /admin/activations as an admin (who is in no team) and as a staff member in a team, on a phone.
const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const team = await ctx.call({
    method: 'POST',
    url: '/api/v1/teams',
    token: ctx.adminToken,
    payload: { name: 'Tổ CNS Tân Giang', ward: 'Phường Tân Giang' },
  });
  const staff = await ctx.call({
    method: 'POST',
    url: '/api/v1/staff',
    token: ctx.adminToken,
    payload: { name: 'Hoàng Thị Lan', role: 'staff' },
  });

  const problems: string[] = [];
  const cspReports: string[][] = [];
  async function open(token: string, storage?: Record<string, string>): Promise<Page> {
    const page = await browser!.newPage({ viewport: { width: 390, height: 844 } });
    cspReports.push(watchCsp(page));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.addInitScript(
      ([tok, saved]) => {
        if (sessionStorage.getItem('seeded')) return;
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('staffToken', tok);
        for (const [k, v] of Object.entries(saved)) localStorage.setItem(k, v);
      },
      [token, storage ?? {}] as const,
    );
    await page.goto(`${base}/admin/activations`);
    await page.waitForSelector('#app', { state: 'visible' });
    await teamsLoaded(page);
    return page;
  }
  const teamsLoaded = (page: Page) =>
    page.waitForSelector(`#team option[value="${team.body.id}"]`, { state: 'attached' });
  const teamOptions = (page: Page) =>
    page.$$eval('#team option', (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
  const recorded = (page: Page) =>
    page.waitForFunction(() => /\b(ok|err|warn)\b/.test(document.getElementById('record-msg')!.className));

  t.test('nobody is in a team yet: an admin records with the default choices and a ward', async (t) => {
    const page = await open(ctx.adminToken);
    t.same(
      (await teamOptions(page))[0],
      ['none', 'Không thuộc tổ nào'],
      '"my team" is not offered: "no team" is the default',
    );
    t.notOk(
      (await teamOptions(page)).some(([value]) => value === ''),
      'no "my team" at all',
    );
    t.equal(await page.inputValue('#team'), 'none');
    t.ok(await page.$eval('#ward', (el) => (el as HTMLInputElement).required), 'the ward is required');
    t.notMatch(
      await page.getAttribute('#ward', 'placeholder'),
      /mặc định/i,
      'the placeholder does not promise a default',
    );
    t.ok(await page.isVisible('#ward-required'));
    // The ward picker lists Cao Bằng's official wards (no team has a ward yet), each with its code.
    await page.waitForFunction(() => document.querySelectorAll('#wards option').length > 40);
    const wards = await page.$$eval('#wards option', (os) => os.map((o) => [o.value, o.dataset.code]));
    t.ok(wards.some(([name, code]) => name === 'Phường Thục Phán' && code === '01273'));
    t.ok(wards.some(([name, code]) => name === 'Xã Hòa An' && code === '01654'));

    await page.fill('#phone', '0977 000 101');
    await page.click('#record-btn');
    t.equal(
      await page.$eval('#ward', (el) => (el as HTMLInputElement).validationMessage),
      'Cần nhập phường/xã (không có tổ để lấy mặc định)',
      'an empty ward is stopped in the browser, in Vietnamese',
    );
    t.ok(await page.isHidden('#record-msg'), 'nothing was sent');

    // "Xã Hòa An" exists in several provinces: picked from the list, it goes as Cao Bằng's code and is accepted.
    await page.fill('#ward', 'Xã Hòa An');
    await page.click('#record-btn');
    await recorded(page);
    t.match(await page.textContent('#record-msg'), /^Đã ghi nhận \*\*\*\*\*\*\*101 · Viettel Money · Xã Hòa An$/);
    await page.screenshot({ path: `${ARTIFACTS}activations-admin-no-team.png`, fullPage: true });
    await page.close();
  });

  t.test(
    'once other staff are in teams, an admin still gets "no team" at once (the server says who they are)',
    async (t) => {
      await ctx.call({
        method: 'PUT',
        url: `/api/v1/staff/${staff.body.staff.id}/team`,
        token: ctx.adminToken,
        payload: { teamId: team.body.id },
      });
      const page = await open(ctx.adminToken);
      t.equal(await page.inputValue('#team'), 'none', 'an admin in no team: "no team" is the default');
      t.notOk(
        (await teamOptions(page)).some(([value]) => value === ''),
        '"my team" is not offered',
      );
      t.ok(await page.$eval('#ward', (el) => (el as HTMLInputElement).required), 'the ward is asked for');
      await page.fill('#phone', '0977000102');
      await page.fill('#ward', 'Phường Tân Giang');
      await page.click('#record-btn');
      await page.waitForFunction(() => document.getElementById('record-msg')!.className.includes('ok'));
      t.match(await page.textContent('#record-msg'), /Phường Tân Giang$/);
      await page.click('#lang');
      t.equal(await page.getAttribute('#ward', 'placeholder'), 'Where the account was opened');
      t.equal(await page.textContent('#ward-required'), '(required)');
      await page.click('#lang');
      await page.close();
    },
  );

  t.test("a staff member's own team stays the default, and names itself once known", async (t) => {
    const page = await open(staff.body.token);
    t.equal(await page.inputValue('#team'), '');
    t.notOk(await page.$eval('#ward', (el) => (el as HTMLInputElement).required));
    await page.fill('#phone', '0977000103');
    await page.click('#record-btn');
    await page.waitForFunction(() => document.getElementById('record-msg')!.className.includes('ok'));
    t.match(await page.textContent('#record-msg'), /Phường Tân Giang$/, "the team's ward was used");
    t.same((await teamOptions(page))[0], ['', 'Tổ của tôi: Tổ CNS Tân Giang (mặc định)']);
    t.equal(await page.getAttribute('#ward', 'placeholder'), 'Mặc định: Phường Tân Giang');
    await page.selectOption('#team', 'none');
    t.ok(await page.$eval('#ward', (el) => (el as HTMLInputElement).required), '"no team" needs a ward');
    await page.close();
  });

  t.test('the import report gives the reasons in Vietnamese (English with the toggle)', async (t) => {
    const page = await open(ctx.adminToken);
    const csv = [
      'provider,phone,ward,team,activated_at',
      'viettel_money,0977000201,Xã Quảng Uyên,,', // line 2: fine
      'zalopay,0977000202,Xã Quảng Uyên,,', // 3: unknown provider
      'viettel_money,0241234567,Xã Quảng Uyên,,', // 4: not a mobile prefix
      'viettel_money,0977000204,,,', // 5: no ward, and an admin has no team
      'viettel_money,0977000205,Xã Quảng Uyên,Tổ không có,', // 6: unknown team
      'viettel_money,0977000206,Xã Quảng Uyên,,2099-01-01 08:00', // 7: in the future
      'viettel_money,0977000207,Xã Quảng Uyên,,,extra', // 8: too many fields
    ].join('\n');
    await page.setInputFiles('#file', { name: 'activations.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('#upload-btn');
    await page.waitForSelector('#report', { state: 'visible' });
    t.equal(await page.textContent('#r-created'), '1');
    t.equal(await page.textContent('#r-rejected'), '6');
    const reasons = () =>
      page.$$eval('#r-table tbody tr', (rows) =>
        rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent)),
      );
    t.same(await reasons(), [
      ['3', 'Không rõ nhà cung cấp (dùng viettel_money, vnpt_money, mobifone_money)'],
      ['4', '024 không phải đầu số di động Việt Nam'],
      ['5', 'Thiếu phường/xã'],
      ['6', 'Không tìm thấy tổ (ghi tên hoặc mã của một tổ đã có)'],
      ['7', 'Thời điểm kích hoạt ở tương lai'],
      [
        '8',
        'Dòng có 6 cột, dòng tiêu đề có 5 (có giá trị nào chứa dấu phẩy hay chấm phẩy mà không đặt trong ngoặc kép?)',
      ],
    ]);
    t.notMatch(
      await page.textContent('#r-table'),
      /unknown|provider \(|is empty/,
      'no English reason on the Vietnamese page',
    );
    await page.screenshot({ path: `${ARTIFACTS}activations-import-vi.png`, fullPage: true });
    t.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'the report fits a phone',
    );
    await page.click('#lang');
    t.same((await reasons())[0], ['3', 'Unknown provider (use viettel_money, vnpt_money, mobifone_money)']);
    t.same((await reasons())[2], ['5', 'The ward is empty']);
    await page.click('#lang');
    await page.close();
  });

  t.test('no script errors, nothing refused by the content-security policy', async (t) => {
    t.same(problems, [], 'no script errors');
    t.same(cspReports.flat(), [], 'no CSP violations');
  });
}
