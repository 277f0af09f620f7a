import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { filledQuarters, textSizes, vietnameseLeft } from '../helpers/board-legibility.js';
import { ARTIFACTS, launchBrowser, watchCsp } from '../helpers/browser.js';
import { onboardStall } from '../helpers/fixtures.js';

// A site's board read from across the room: a 1920×1080 screen on the street, and the same board on a phone.
const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const stall = await onboardStall(ctx, { name: 'Bánh cuốn Bà Hoa' });
  for (const amount of [1_250_000, 30_000]) {
    await ctx.call({ method: 'POST', url: '/api/v1/sales', token: stall.apiKey, payload: { amount, method: 'cash' } });
  }
  const pr = (
    await ctx.call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount: 45000 } })
  ).body;
  await ctx.call({ method: 'POST', url: '/sandbox/transfers', payload: { payload: pr.qr.payload, payerBank: 'MOMO' } });
  const activation = await ctx.call({
    method: 'POST',
    url: '/api/v1/activations',
    token: ctx.adminToken,
    payload: { provider: 'viettel_money', phone: '0912345671', ward: 'Thục Phán' },
  });
  t.equal(activation.status, 201);

  const open = async (viewport: { width: number; height: number }) => {
    const page = await browser.newPage({ viewport });
    const csp = watchCsp(page);
    await page.goto(`${base}/board`);
    await page.waitForFunction(
      () =>
        /1\.325\.000/.test(document.getElementById('sales-value')!.textContent ?? '') &&
        document.querySelectorAll('#activations-wards li:not(.empty)').length > 0 &&
        document.getElementById('status')!.dataset.state === 'live',
    );
    await page.waitForTimeout(300); // the charts' first layout
    return { page, csp };
  };

  t.test('1920×1080: every text at least 24 px, no empty quarter, the hourly chart in đồng', async (t) => {
    const { page, csp } = await open({ width: 1920, height: 1080 });
    await page.screenshot({ path: `${ARTIFACTS}board-site-1920.png` });
    const sizes = await textSizes(page);
    t.ok(sizes.length > 20, 'the board shows its texts');
    t.same(
      sizes.filter((s) => s.size < 24),
      [],
      `no visible text under 24 px (smallest: ${sizes[0].size} px, "${sizes[0].text}")`,
    );
    t.same(await filledQuarters(page), [true, true, true, true], 'each quarter of the screen holds content');
    const fits = await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight);
    t.ok(fits, 'the whole board fits the screen: nothing below the fold');

    const axis = () =>
      page.evaluate(() => {
        const chart = (globalThis as any).Chart.getChart('hours-chart');
        return {
          title: chart.options.scales.y.title.display ? chart.options.scales.y.title.text : null,
          ticks: chart.scales.y.ticks.map((tick: { label: string }) => tick.label) as string[],
          fontSize: chart.options.font?.size ?? (globalThis as any).Chart.defaults.font.size,
          values: chart.data.datasets.flatMap((d: { data: number[] }) => d.data) as number[],
        };
      });
    const vi = await axis();
    t.equal(vi.title, 'đồng', 'the y axis says its unit');
    t.equal(Math.max(...vi.values), 1_325_000, 'the bars are đồng: the hour of the three sales totals 1.325.000');
    t.ok(
      vi.ticks.some((l) => /^\d{1,3}(\.\d{3})+$/.test(l)),
      `ticks grouped by thousands (${vi.ticks.join(' ')})`,
    );
    t.ok(vi.fontSize >= 24, 'chart labels are drawn at 24 px or more');

    const ticker = await page.$$eval('#ticker li', (lis) => lis.map((li) => li.textContent ?? ''));
    t.equal(ticker.length, 3, 'the ticker holds the three sales');
    t.ok(
      ticker.every((line) => /₫/.test(line) && !/Viettel|Thục Phán/.test(line)),
      'and no activation',
    );
    t.match(await page.textContent('#activations-wards'), /Thục Phán\s*1/, 'activations have their own tiles: by ward');
    t.match(await page.textContent('#activations-providers'), /Viettel Money 1/, 'and by provider');

    await page.click('#lang');
    await page.waitForTimeout(200);
    t.same(await vietnameseLeft(page), [], 'after the switch to English no Vietnamese text is left');
    t.equal(await page.textContent('#status'), '● Live', 'the connection status too');
    const en = await axis();
    t.equal(en.title, 'VND');
    t.ok(
      en.ticks.some((l) => /^\d{1,3}(,\d{3})+$/.test(l)),
      `English groups with commas (${en.ticks.join(' ')})`,
    );
    t.ok(
      (await textSizes(page)).every((s) => s.size >= 24),
      'still 24 px and up in English',
    );
    await page.screenshot({ path: `${ARTIFACTS}board-site-1920-en.png` });
    await page.click('#lang');
    t.same(csp, []);
    await page.close();
  });

  t.test('a phone (390×844): one column, no sideways scrolling, readable text', async (t) => {
    const { page } = await open({ width: 390, height: 844 });
    t.notOk(await page.evaluate(() => document.documentElement.scrollWidth > innerWidth), 'no sideways scrolling');
    const sizes = await textSizes(page);
    t.ok(sizes[0].size >= 16, `no text under 16 px on a phone (smallest ${sizes[0].size})`);
    await page.screenshot({ path: `${ARTIFACTS}board-site-phone.png`, fullPage: true });
    await page.close();
  });
}
