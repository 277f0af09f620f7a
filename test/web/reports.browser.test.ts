import { readFileSync, writeFileSync } from 'node:fs';
import t from 'tap';
import type { Page } from 'playwright-core';
import { vietnamDay } from '../../src/time/vietnam.js';
import { startTestApp } from '../helpers/app.js';
import { ARTIFACTS, launchBrowser, watchCsp } from '../helpers/browser.js';
import { cashSale, qrSale, reportSites, stallAt } from '../reports/sites.js';

// /reports: a site's daily report and a province's monthly one on screen, and the daily one printed to an A4 PDF.
const ctx = await startTestApp(t, { SANDBOX: '1' });
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const sites = await reportSites(ctx);
  const today = vietnamDay(new Date());
  // A site with a few dozen stalls, most of them selling: long tables are what could overflow the paper.
  const names = ['Bánh cuốn', 'Trà đá', 'Phở chua', 'Lạp sườn', 'Thổ cẩm', 'Mắc mật', 'Bánh áp chao', 'Hạt dẻ'];
  for (let i = 0; i < 24; i++) {
    const stall = await stallAt(ctx, sites.kimDong, {
      stallCode: `KD-${String(i + 1).padStart(3, '0')}`,
      name: `${names[i % names.length]} quầy số ${i + 1} phố đi bộ Kim Đồng`,
    });
    if (i % 3 !== 2) await qrSale(ctx, stall, 15000 + i * 1000, ['VCB', 'MOMO', 'BIDV', 'TCB'][i % 4]);
    if (i % 2 === 0) await cashSale(ctx, stall, { amount: 10000 + i * 500 });
  }
  const caMau = await stallAt(ctx, sites.caMau, { stallCode: 'CM-001', name: 'Cua Năm Căn' });
  await qrSale(ctx, caMau, 90000, 'VCB');

  const problems: string[] = [];
  const csp: string[][] = [];
  async function open(path: string, width = 1280): Promise<Page> {
    const page = await browser!.newPage({ viewport: { width, height: 900 } });
    csp.push(watchCsp(page));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.addInitScript((token) => localStorage.setItem('staffToken', token), ctx.adminToken);
    await page.goto(`${base}${path}`);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  t.test("a site's day: the figures, the charts, and an A4 print that does not overflow", async (t) => {
    const page = await open(`/reports?site=kim-dong&date=${today}`);
    t.match(await page.textContent('#report-title'), /Báo cáo ngày: Phố đi bộ Kim Đồng/);
    const r = (
      await ctx.call({ method: 'GET', url: `/api/v1/reports/daily?site=kim-dong&date=${today}`, token: ctx.adminToken })
    ).body;
    t.equal(
      (await page.textContent('#kpi-value b'))!.replace(/\D/g, ''),
      String(r.totals.salesValue),
      'the page shows the API figure',
    );
    t.notMatch(await page.textContent('#report'), /undefined|NaN|null/, 'no gap shows as undefined');
    t.equal(await page.locator('#report svg.chart').count(), 3, 'per hour, by method, by payer bank');
    t.ok((await page.locator('#report svg.chart rect').count()) > 5, 'the charts are drawn');
    await page.screenshot({ path: `${ARTIFACTS}report-daily-screen.png`, fullPage: true });

    // On paper: A4 less the @page margins (11 mm each side) is 188 mm, about 710 CSS pixels.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 710, height: 1000 });
    t.ok(await page.isHidden('header.chrome'), 'no navigation chrome in print');
    t.ok(await page.isHidden('#choose'), 'no form in print');
    const overflow = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('#report *')].filter(
        (el) => el.getBoundingClientRect().right > limit + 1,
      );
      return { scrollWidth: document.documentElement.scrollWidth, limit, wide: wide.map((el) => el.tagName) };
    });
    t.same(overflow.wide, [], 'nothing reaches past the printable width');
    t.ok(
      overflow.scrollWidth <= overflow.limit,
      `no horizontal overflow (${overflow.scrollWidth} ≤ ${overflow.limit})`,
    );
    await page.screenshot({ path: `${ARTIFACTS}report-daily-print.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    writeFileSync(`${ARTIFACTS}report-daily.pdf`, pdf);
    t.equal(pdf.subarray(0, 5).toString(), '%PDF-', 'a PDF');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    t.ok(pages >= 1 && pages <= 3, `a daily report fits on a few A4 pages (${pages})`);
    t.ok(readFileSync(`${ARTIFACTS}report-daily.pdf`).length > 1000);
    await page.close();
  });

  t.test("a province's month: each site side by side, with the total; English on the toggle", async (t) => {
    const page = await open(`/reports?province=04&month=${today.slice(0, 7)}`);
    t.match(await page.textContent('#report-title'), /Báo cáo tháng/);
    const rows = await page.locator('#report table').first().locator('tbody tr').allTextContents();
    t.equal(rows.length, 2, 'Kim Đồng and Tân Giang');
    t.match(await page.locator('#report table').first().locator('tfoot').textContent(), /Tổng/);
    t.notMatch(await page.textContent('#report'), /Cua Năm Căn/, 'nothing of Cà Mau');
    await page.click('#lang');
    t.match(await page.textContent('#report-title'), /Monthly report/);
    await page.screenshot({ path: `${ARTIFACTS}report-province-month.png`, fullPage: true });
    await page.close();
  });

  t.test('the page asks for a token, and a bad one is refused', async (t) => {
    const page = await browser.newPage();
    await page.goto(`${base}/reports?site=kim-dong&date=${today}`);
    t.ok(await page.isVisible('#login'), 'no token: the login form');
    t.ok(await page.isHidden('#report'));
    await page.close();
  });

  t.test('no script errors, no CSP violations', async (t) => {
    t.same(problems, []);
    t.same(csp.flat(), []);
  });
}
