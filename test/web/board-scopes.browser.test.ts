import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { filledQuarters, textSizes, vietnameseLeft } from '../helpers/board-legibility.js';
import { ARTIFACTS, launchBrowser, watchCsp } from '../helpers/browser.js';
import { onboardStall } from '../helpers/fixtures.js';

// The boards of a deployment with several sites: a site's board, its province's board (sites side by side), the
// chooser and the national board; a payment at site A shows on A's board and the province's, never on B's.
const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const addSite = async (site: Record<string, string>) => {
    const res = await ctx.call({ method: 'POST', url: '/api/v1/sites', token: ctx.adminToken, payload: site });
    if (res.status !== 201) throw new Error(`site not created: ${res.status} ${res.raw}`);
    return res.body as { id: string; slug: string };
  };
  // Kim Đồng (Cao Bằng) comes with the migration; a market beside it in Cao Bằng, and one in Cà Mau.
  const sites = (await ctx.call({ method: 'GET', url: '/api/v1/sites' })).body.sites as Array<{
    id: string;
    slug: string;
  }>;
  const kimDong = sites.find((s) => s.slug === 'kim-dong')!;
  const market = await addSite({
    slug: 'cho-song-hien',
    name: 'Chợ Sông Hiến',
    kind: 'market',
    provinceCode: '04',
    ward: '01279',
    address: 'Phường Nùng Trí Cao, tỉnh Cao Bằng',
  });
  await addSite({
    slug: 'cho-ca-mau',
    name: 'Chợ Cà Mau',
    kind: 'market',
    provinceCode: '96',
    ward: '31825',
    address: 'Phường Bạc Liêu, tỉnh Cà Mau',
  });
  const stallA = await onboardStall(ctx, { siteId: kimDong.id, name: 'Bánh cuốn Bà Hoa' });
  const stallB = await onboardStall(ctx, { siteId: market.id, name: 'Phở chua Sông Hiến' });
  const sell = (stall: { apiKey: string }, amount: number) =>
    ctx.call({ method: 'POST', url: '/api/v1/sales', token: stall.apiKey, payload: { amount, method: 'cash' } });
  await sell(stallA, 120_000);
  await sell(stallB, 80_000);

  const open = async (path: string, viewport = { width: 1920, height: 1080 }) => {
    const page = await browser.newPage({ viewport });
    const csp = watchCsp(page);
    const response = await page.goto(`${base}${path}`);
    return { page, csp, status: response?.status() };
  };
  const live = (page: import('playwright-core').Page, figure = '#sales-value') =>
    page.waitForFunction(
      (sel) =>
        document.getElementById('status')!.dataset.state === 'live' && document.querySelector(sel)!.textContent !== '–',
      figure,
    );

  t.test('a payment at site A shows on A’s board and on the province board, never on B’s', async (t) => {
    const a = await open('/board/kim-dong');
    const b = await open(`/board/${market.slug}`);
    const province = await open('/board/province/04');
    t.equal(a.status, 200);
    await live(a.page);
    await live(b.page);
    await live(province.page);
    t.equal(await a.page.textContent('#title'), 'Phố đi bộ Kim Đồng', 'the site’s name');
    t.match(await a.page.textContent('#place'), /Thục Phán.*Cao Bằng/, 'its ward and province');
    t.match(await a.page.textContent('#sales-value'), /120\.000/, 'A’s own sales only');
    t.match(await b.page.textContent('#sales-value'), /80\.000/, 'B’s own sales only');
    t.match(await province.page.textContent('#sales-value'), /200\.000/, 'the province sums its sites');
    t.equal(await province.page.locator('#cards .place').count(), 2, 'a card per site of the province');

    const pr = (
      await ctx.call({
        method: 'POST',
        url: '/api/v1/payment-requests',
        token: stallA.apiKey,
        payload: { amount: 77000 },
      })
    ).body;
    await ctx.call({
      method: 'POST',
      url: '/sandbox/transfers',
      payload: { payload: pr.qr.payload, payerBank: 'MOMO' },
    });
    await a.page.waitForFunction(
      () => /197\.000/.test(document.getElementById('sales-value')!.textContent ?? ''),
      undefined,
      {
        timeout: 5000,
      },
    );
    t.match(await a.page.textContent('#ticker'), /77\.000/, 'on A’s ticker');
    await province.page.waitForFunction(
      () => /77\.000/.test(document.querySelector('#cards .place[data-key="kim-dong"]')?.textContent ?? ''),
      undefined,
      { timeout: 5000 },
    );
    t.match(await province.page.textContent('#sales-value'), /277\.000/, 'the province’s total moved');
    t.match(await province.page.textContent('#ticker'), /77\.000/, 'on the province’s ticker');
    t.match(await province.page.textContent('#ranking li:first-child'), /Kim Đồng/, 'A ranks first on cashless value');
    await b.page.waitForTimeout(1500); // well past the board's delta interval
    t.notMatch(await b.page.textContent('main'), /77\.000/, 'never on B’s board');
    t.match(await b.page.textContent('#sales-value'), /^80\.000/, 'B’s figures unchanged');

    await a.page.screenshot({ path: `${ARTIFACTS}board-site-a-1920.png` });
    await province.page.screenshot({ path: `${ARTIFACTS}board-province-1920.png` });
    for (const { page, csp } of [a, b, province]) {
      t.same(csp, [], 'no content-security violation');
      await page.close();
    }
  });

  t.test('the province board at 1920×1080: 24 px and up, no empty quarter, all English after the toggle', async (t) => {
    const { page } = await open('/board/province/04');
    await live(page);
    await page.waitForFunction(() => document.querySelectorAll('#cards .place').length === 2);
    const sizes = await textSizes(page);
    t.same(
      sizes.filter((s) => s.size < 24),
      [],
      `no visible text under 24 px (smallest ${sizes[0].size})`,
    );
    t.same(await filledQuarters(page), [true, true, true, true], 'each quarter of the screen holds content');
    await page.click('#lang');
    t.same(await vietnameseLeft(page), [], 'no Vietnamese left but the names of places');
    t.equal(await page.textContent('#status'), '● Live');
    await page.click('#lang');
    await page.close();
  });

  t.test('on a phone (390×844): the site and the province boards, one column, no sideways scrolling', async (t) => {
    for (const [path, name] of [
      ['/board/kim-dong', 'board-site-a-phone'],
      ['/board/province/04', 'board-province-phone'],
    ]) {
      const { page } = await open(path, { width: 390, height: 844 });
      await live(page);
      t.notOk(await page.evaluate(() => document.documentElement.scrollWidth > innerWidth), `${path}: fits the width`);
      t.ok((await textSizes(page))[0].size >= 16, `${path}: no text under 16 px`);
      await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
      await page.close();
    }
  });

  t.test('/board chooses, the national board compares provinces, unknown boards answer 404', async (t) => {
    const chooser = await open('/board');
    await chooser.page.waitForSelector('#provinces section');
    const groups = await chooser.page.$$eval('#provinces section', (sections) =>
      sections.map((s) => [
        s.querySelector('h2')!.textContent,
        [...s.querySelectorAll('li a')].map((a) => a.getAttribute('href')),
      ]),
    );
    t.same(
      groups.sort(),
      [
        ['Tỉnh Cà Mau', ['/board/cho-ca-mau']],
        ['Tỉnh Cao Bằng', ['/board/cho-song-hien', '/board/kim-dong']],
      ].sort(),
      'three sites in two provinces, each linked',
    );
    t.ok(
      await chooser.page.isVisible('#national a[href="/board/national"]'),
      'two provinces: the national board is offered',
    );
    await chooser.page.screenshot({ path: `${ARTIFACTS}board-chooser-1920.png` });
    await chooser.page.close();

    const national = await open('/board/national');
    await live(national.page);
    await national.page.waitForFunction(() => document.querySelectorAll('#cards .place').length === 2);
    t.match(await national.page.textContent('#cards .place[data-key="04"]'), /Cao Bằng/);
    t.match(await national.page.textContent('#ranking li:first-child'), /Cao Bằng/, 'Cao Bằng sold, Cà Mau did not');
    await national.page.screenshot({ path: `${ARTIFACTS}board-national-1920.png` });
    await national.page.close();

    for (const path of ['/board/no-such-site', '/board/province/99', '/board/province/x']) {
      const res = await ctx.call({ method: 'GET', url: path });
      t.equal(res.status, 404, `${path} is not a board`);
      t.match(res.headers['content-type'], /text\/html/, 'a page, for a person');
    }
  });
}
