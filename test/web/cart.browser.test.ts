import t from 'tap';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { ARTIFACTS, launchBrowser, watchCsp } from '../helpers/browser.js';
import { onboardStall } from '../helpers/fixtures.js';

const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const stall = await onboardStall(ctx, { name: 'Bún chả Hương Liên' });
  const csp: string[] = [];

  async function addItem(item: Record<string, unknown>): Promise<{ id: string; name: string }> {
    const res = await ctx.call({ method: 'POST', url: '/api/v1/catalog', token: stall.apiKey, payload: item });
    if (res.status !== 201) throw new Error(`catalog: ${res.status} ${res.raw}`);
    return res.body.item;
  }
  const buncha = await addItem({ name: 'Bún chả', unit: 'suất', price: 45000 });
  const nem = await addItem({ name: 'Nem cua bể', unit: 'cái', price: 15000 });
  const trada = await addItem({ name: 'Trà đá', unit: 'cốc', price: 5000 });
  await addItem({ name: 'Bia Hà Nội (hết)', unit: 'chai', price: 20000, active: false });
  // Trà đá sells most: three glasses sold yesterday put it first on the phone.
  const sold = await ctx.call({
    method: 'POST',
    url: '/api/v1/sales',
    token: stall.apiKey,
    payload: { method: 'cash', items: [{ itemId: trada.id, quantity: 3 }] },
  });
  t.equal(sold.status, 201);

  /** The cheapest phone the stall may have: 320×568, touch. */
  async function phone(key = stall.apiKey): Promise<Page> {
    const page = await browser!.newPage({
      viewport: { width: 320, height: 568 },
      deviceScaleFactor: 2,
      hasTouch: true,
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
    });
    await page.goto(`${base}/m#key=${key}`);
    await page.waitForSelector('#keypad', { state: 'attached' });
    await page.waitForFunction(() => document.getElementById('today-total')!.textContent !== '–');
    return page;
  }
  /** The cart as shown: "name | quantity × price | line total" per line. */
  const cartLines = (page: Page) =>
    page.$$eval('#cart li', (lis) =>
      lis.map((li) =>
        ['.name', '.sub', '.amt']
          .map((s) => li.querySelector(s)?.textContent)
          .filter((s) => s !== undefined)
          .join(' | '),
      ),
    );
  const tapItem = (page: Page, id: string) => page.tap(`#catalog button[data-item-id="${id}"]`);

  t.test('two items and a quantity → the dynamic QR → paid on /pay → the receipt lists them', async (t) => {
    const page = await phone();
    await page.waitForSelector('#catalog', { state: 'visible' });
    const buttons = await page.$$eval('#catalog button', (bs) => bs.map((b) => b.querySelector('.name')!.textContent));
    t.same(buttons, ['Trà đá', 'Bún chả', 'Nem cua bể'], 'active items only, the most used first');
    t.notOk(await page.isVisible('#keypad'), 'the keypad waits behind "other amount" while there is a catalog');
    t.notOk(await page.isVisible('#cart'), 'no cart before the first tap');

    await tapItem(page, buncha.id);
    await tapItem(page, trada.id);
    await tapItem(page, trada.id); // tapped again: a second glass
    await page.tap(`#cart li[data-item-id="${buncha.id}"] button.more`);
    await page.tap(`#cart li[data-item-id="${buncha.id}"] button.less`);
    t.same(await cartLines(page), ['Bún chả | 1 × 45.000 ₫ | 45.000 ₫', 'Trà đá | 2 × 5.000 ₫ | 10.000 ₫'].map(spaced));
    t.equal(await page.textContent(`#catalog button[data-item-id="${trada.id}"] .qty`), '×2', 'the button shows it');
    t.equal(await page.textContent('#amount'), '55.000\u00a0₫', 'the running total');
    t.equal(await page.textContent('#amount-words'), 'Năm mươi lăm nghìn đồng');

    // The free line is the keypad, as before the catalog.
    await page.tap('#other-toggle');
    for (const key of ['3', '000']) await page.tap(`#keypad button[data-key="${key}"]`);
    t.equal(await page.textContent('#amount'), '58.000\u00a0₫');
    t.equal((await cartLines(page)).at(-1), spaced('Khác | 3.000 ₫'));
    await page.tap('#lang');
    t.equal((await cartLines(page)).at(-1), spaced('Other | 3.000 ₫'), 'the cart follows the language switch');
    t.equal(await page.textContent('#other-toggle'), '⌨ Other amount');
    t.equal(await page.getAttribute(`#cart li[data-item-id="${buncha.id}"] button.less`, 'aria-label'), 'Remove');
    await page.tap('#lang');

    // Sized for a thumb, and nothing spills sideways on a 320-pixel screen.
    const sizes = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      smallest: Math.min(
        ...[...document.querySelectorAll('#catalog button, #cart button')].map((b) => {
          const r = b.getBoundingClientRect();
          return Math.min(r.width, r.height);
        }),
      ),
    }));
    t.ok(sizes.width <= 320, `no sideways scrolling (${sizes.width}px)`);
    t.ok(sizes.smallest >= 44, `every cart button is a 44-pixel touch target (${sizes.smallest}px)`);
    await page.screenshot({ path: `${ARTIFACTS}/cart-phone.png`, fullPage: true });

    await page.tap('#create-qr');
    await page.waitForSelector('#qr-screen', { state: 'visible' });
    t.equal(await page.textContent('#qr-amount'), '58.000\u00a0₫');
    const pr = await ctx.database.db
      .selectFrom('payment_requests')
      .select(['id', 'amount', 'items'])
      .where('reference', '=', (await page.textContent('#qr-reference'))!)
      .executeTakeFirstOrThrow();
    t.equal(Number(pr.amount), 58000);
    t.same(pr.items, [
      { name: 'Bún chả', quantity: 1, unitPrice: 45000, unit: 'suất' },
      { name: 'Trà đá', quantity: 2, unitPrice: 5000, unit: 'cốc' },
      { name: 'Hàng hóa, dịch vụ khác', quantity: 1, unitPrice: 3000, unit: 'lần' },
    ]);
    const payload: string = (
      await ctx.call({ method: 'GET', url: `/api/v1/payment-requests/${pr.id}`, token: stall.apiKey })
    ).body.qr.payload;

    // The shopper pays with the sandbox bank page.
    const shopper = await browser!.newPage({ viewport: { width: 360, height: 740 } });
    const shopperCsp = watchCsp(shopper);
    await shopper.goto(`${base}/pay`);
    await shopper.fill('#payload', payload);
    await shopper.click('#read');
    await shopper.waitForSelector('#payee', { state: 'visible' });
    t.equal(await shopper.inputValue('#amount'), '58.000');
    await shopper.click('#pay');
    await shopper.waitForSelector('#result', { state: 'visible' });
    t.equal(await shopper.getAttribute('#result', 'data-outcome'), 'matched');
    t.same(shopperCsp, []);
    await shopper.close();

    await page.waitForSelector('#paid-screen', { state: 'visible', timeout: 15_000 });
    t.equal(await page.textContent('#paid-amount'), '58.000\u00a0₫');
    await page.tap('#paid-done');
    t.equal(await page.textContent('#amount'), '0\u00a0₫', 'paid: the cart is emptied for the next shopper');
    t.notOk(await page.isVisible('#cart'));

    await page.tap('#tab-invoices');
    await page.waitForSelector('#invoices li a');
    const receipt = await browser!.newPage();
    await receipt.goto((await page.getAttribute('#invoices li a', 'href'))!);
    const rows = await receipt.$$eval('table tr', (trs) =>
      trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
    );
    t.match(rows[0], /^1\. Bún chả 1 suất × 45\.000 đ 45\.000 đ$/, rows[0]);
    t.match(rows[1], /^2\. Trà đá 2 cốc × 5\.000 đ 10\.000 đ$/, rows[1]);
    t.match(rows[2], /^3\. Hàng hóa, dịch vụ khác 1 lần × 3\.000 đ 3\.000 đ$/, rows[2]);
    t.match(rows.at(-1), /Tổng cộng 58\.000 đ/);
    // A cash-register invoice carries the tax authority's code (MCCQT), made on the seller's side: M1/M2-yy-5-11.
    t.match(await receipt.textContent('.mccqt'), /^M[12]-\d{2}-[0-9A-Z]{5}-\d{11}$/, 'the tax authority code');
    await receipt.close();
    await page.close();
  });

  t.test(
    'an item taken off sale meanwhile, then a changed price: the cash sale says so and stores nothing',
    async (t) => {
      const page = await phone();
      await page.waitForSelector('#catalog', { state: 'visible' });
      await tapItem(page, nem.id);
      await tapItem(page, buncha.id);
      await ctx.call({
        method: 'PATCH',
        url: `/api/v1/catalog/${nem.id}`,
        token: stall.apiKey,
        payload: { active: false },
      });
      const salesBefore = await countSales();
      await page.tap('#cash-sale');
      await page.tap('#cash-confirm'); // the one more tap a cash sale asks for
      await page.waitForFunction(() => document.getElementById('sell-msg')!.textContent !== '');
      t.equal(
        await page.textContent('#sell-msg'),
        'Món không còn bán: Nem cua bể. Đã bỏ khỏi giỏ, kiểm tra lại tổng tiền.',
      );
      t.same(await cartLines(page), [spaced('Bún chả | 1 × 45.000 ₫ | 45.000 ₫')], 'the item left the cart');
      t.equal(await page.$(`#catalog button[data-item-id="${nem.id}"]`), null, 'and the buttons');
      t.equal(await countSales(), salesBefore, 'nothing was sold');

      await ctx.call({
        method: 'PATCH',
        url: `/api/v1/catalog/${buncha.id}`,
        token: stall.apiKey,
        payload: { price: 50000 },
      });
      await page.tap('#cash-sale');
      await page.tap('#cash-confirm'); // the one more tap a cash sale asks for
      await page.waitForFunction(() => /Giá món đã thay đổi/.test(document.getElementById('sell-msg')!.textContent!));
      t.equal(await page.textContent('#amount'), '50.000\u00a0₫', 'the new price is shown, never charged unseen');
      t.equal(await countSales(), salesBefore, 'nothing was sold at a price the phone did not show');

      await page.tap('#cash-sale');
      await page.tap('#cash-confirm'); // the one more tap a cash sale asks for
      await page.waitForFunction(() => document.getElementById('toast')!.textContent!.includes('50.000'));
      const sale = await ctx.database.db
        .selectFrom('sales')
        .select(['amount', 'items'])
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      t.same(sale, { amount: 50000, items: [{ name: 'Bún chả', quantity: 1, unitPrice: 50000, unit: 'suất' }] });
      t.equal(await page.textContent('#amount'), '0\u00a0₫', 'the cart is emptied');
      await page.close();
    },
  );

  t.test('a stall without a catalog keeps the keypad page as it was: one amount, no items', async (t) => {
    const plain = await onboardStall(ctx, { name: 'Xôi Yến' });
    const page = await phone(plain.apiKey);
    t.ok(await page.isVisible('#keypad'));
    t.notOk(await page.isVisible('#catalog'));
    t.notOk(await page.isVisible('#other-toggle'));
    for (const key of ['2', '5', '000']) await page.tap(`#keypad button[data-key="${key}"]`);
    t.notOk(await page.isVisible('#cart'), 'an amount alone is no cart');
    await page.tap('#cash-sale');
    await page.tap('#cash-confirm'); // the one more tap a cash sale asks for
    await page.waitForFunction(() => document.getElementById('toast')!.textContent!.includes('25.000'));
    const sale = await ctx.database.db
      .selectFrom('sales')
      .select(['amount', 'items'])
      .where('merchant_id', '=', plain.merchant.id)
      .executeTakeFirstOrThrow();
    t.same(sale, { amount: 25000, items: null });
    await page.close();
  });

  t.test('no page broke the content-security policy', async (t) => {
    t.same(csp, []);
  });
}

/** The cart's text with the page's no-break spaces (đồng amounts never wrap). */
function spaced(text: string) {
  return text.replace(/ ₫/g, '\u00a0₫');
}

async function countSales() {
  return (await ctx.database.db.selectFrom('sales').select('id').execute()).length;
}
