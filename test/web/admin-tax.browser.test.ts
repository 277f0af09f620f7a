import t from 'tap';
import { tvanSandbox } from '../../src/tax-authority/index.js';
import { startTestApp } from '../helpers/app.js';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { legacyStall, onboardStall } from '../helpers/fixtures.js';

// The admin page's tax-authority view: today's invoices not yet accepted and the rejected ones with their reason.

const sandbox = tvanSandbox();
const ctx = await startTestApp(t, { TVAN_POLL_MS: '3600000' }, sandbox);
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const withMst = await onboardStall(ctx, { stallCode: 'KD-301', name: 'Phở chua', taxCode: '4701304564' });
  const noMst = await legacyStall(ctx, ['tax_code'], { stallCode: 'KD-302', name: 'Thổ cẩm Tày Nùng' });
  const sale = async (stall: { apiKey: string }, amount: number) =>
    (await ctx.call({ method: 'POST', url: '/api/v1/sales', token: stall.apiKey, payload: { method: 'cash', amount } }))
      .body.invoice;
  const statusOf = async (id: string) =>
    await ctx.database.db
      .selectFrom('invoice_transmissions')
      .select(['status', 'attempts'])
      .where('invoice_id', '=', id)
      .executeTakeFirstOrThrow();
  const until = async (id: string, ok: (r: { status: string; attempts: number }) => boolean) => {
    for (let i = 0; i < 200 && !ok(await statusOf(id)); i++) await new Promise((r) => setTimeout(r, 25));
  };

  const accepted = await sale(withMst, 45000);
  const rejected = await sale(noMst, 30000);
  await until(accepted.id, (r) => r.status === 'accepted');
  await until(rejected.id, (r) => r.status === 'rejected');
  sandbox.setAvailable(false);
  const waiting = await sale(withMst, 12000);
  await until(waiting.id, (r) => r.attempts === 1);

  t.test('staff see the rejected invoice with its reason and the one still queued; not the accepted one', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/admin`);
    await page.fill('#token', ctx.adminToken);
    await page.click('#sign-in');
    await page.waitForSelector('#app', { state: 'visible' });
    await page.click('#tab-tax');
    await page.waitForSelector('#tax tr');
    const rows = await page.$$eval('#tax tr', (trs) =>
      trs.map((tr) => ({
        id: (tr as HTMLElement).dataset.invoiceId,
        status: tr.querySelector('.tax-status')!.textContent,
        reason: tr.querySelector('.tax-reason')!.textContent,
        text: tr.textContent,
      })),
    );
    t.equal(rows.length, 2);
    t.match(rows[0], {
      id: rejected.id,
      status: 'Bị từ chối',
      reason: 'S105: Thiếu mã số thuế (MST) người nộp thuế',
      text: /KD-302 · Thổ cẩm Tày Nùng/,
    });
    t.match(rows[1], { id: waiting.id, status: 'Chờ gửi', reason: /Lần gửi gần nhất: tvan-sandbox is switched off/ });
    t.notOk(rows.some((r) => r.id === accepted.id));
    await page.screenshot({ path: `${ARTIFACTS}admin-tax.png` });

    sandbox.setAvailable(true);
    await ctx.app.taxAuthority!.runOnce(new Date(Date.now() + 3_600_000));
    await page.click('#tax-refresh');
    await page.waitForFunction(() => document.querySelectorAll('#tax tr').length === 1);
    t.equal(await page.getAttribute('#tax tr', 'data-invoice-id'), rejected.id, 'sent once the authority is back');
    await page.close();
  });

  t.test('the status filter lists the invoices at one stage, the accepted ones too', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/admin`);
    await page.fill('#token', ctx.adminToken);
    await page.click('#sign-in');
    await page.waitForSelector('#app', { state: 'visible' });
    await page.click('#tab-tax');
    await page.waitForSelector('#tax tr');
    const shown = () =>
      page.$$eval('#tax tr', (trs) =>
        trs.map((tr) => [(tr as HTMLElement).dataset.invoiceId, tr.querySelector('.tax-status')!.textContent]),
      );
    await page.selectOption('#tax-filter', 'accepted');
    await page.waitForFunction(() => document.querySelector('#tax .tax-status')?.textContent === 'Đã được chấp nhận');
    t.same(
      await shown(),
      [
        [waiting.id, 'Đã được chấp nhận'],
        [accepted.id, 'Đã được chấp nhận'],
      ],
      'newest first, the one sent once the authority came back included',
    );
    t.match(await page.textContent('#tax'), /Phở chua/);
    await page.selectOption('#tax-filter', 'rejected');
    await page.waitForFunction(() => document.querySelector('#tax .tax-status')?.textContent === 'Bị từ chối');
    t.same(await shown(), [[rejected.id, 'Bị từ chối']]);
    t.equal(await page.textContent('#tax .tax-reason'), 'S105: Thiếu mã số thuế (MST) người nộp thuế');
    await page.selectOption('#tax-filter', 'queued');
    await page.waitForFunction(() => document.querySelectorAll('#tax tr').length === 0);
    t.equal(await page.textContent('#tax-msg'), 'Không có hóa đơn nào.');
    await page.close();
  });
}
