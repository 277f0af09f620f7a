import t, { type Test } from 'tap';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { onboardStall } from '../helpers/fixtures.js';

// On the smallest phones a stall may have, no control of /m is covered: by another control, or by the fixed tab bar.
// Each tab is checked at its natural scroll and scrolled to the bottom, with what a merchant really sees: a control's
// box clipped by the scrolling areas around it, and the element the finger would hit at its centre.
const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const stall = await onboardStall(ctx, { name: 'Bún chả Hương Liên, Phố đi bộ Kim Đồng' });
  for (const item of [
    { name: 'Bún chả', unit: 'suất', price: 45000 },
    { name: 'Nem cua bể', unit: 'cái', price: 15000 },
    { name: 'Trà đá', unit: 'cốc', price: 5000 },
  ]) {
    const res = await ctx.call({ method: 'POST', url: '/api/v1/catalog', token: stall.apiKey, payload: item });
    if (res.status !== 201) throw new Error(`catalog: ${res.status} ${res.raw}`);
  }
  // A few sales, so that today's list is longer than the screen.
  for (const amount of [12000, 25000, 30000, 41000, 18000, 9000, 60000])
    await ctx.call({ method: 'POST', url: '/api/v1/sales', token: stall.apiKey, payload: { method: 'cash', amount } });

  type Box = { name: string; x: number; y: number; w: number; h: number; hit: boolean; inTabs: boolean };

  /** Every visible control (button, input, link, select), its box as seen (clipped), and whether a tap reaches it. */
  const controls = (page: Page) =>
    page.evaluate(() => {
      const out: Box[] = [];
      for (const el of document.querySelectorAll<HTMLElement>('button, input, a[href], select, textarea')) {
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || el.closest('.hidden, dialog:not([open])') || !el.getClientRects().length)
          continue;
        const r = el.getBoundingClientRect();
        let [x1, y1, x2, y2] = [r.left, r.top, r.right, r.bottom];
        // Clipped by every scrolling (or clipping) box around it, and by the window.
        for (let p = el.parentElement; p; p = p.parentElement) {
          const o = getComputedStyle(p);
          if (!/(auto|scroll|hidden|clip)/.test(o.overflowX + o.overflowY)) continue;
          const c = p.getBoundingClientRect();
          [x1, y1, x2, y2] = [Math.max(x1, c.left), Math.max(y1, c.top), Math.min(x2, c.right), Math.min(y2, c.bottom)];
        }
        [x1, y1, x2, y2] = [Math.max(x1, 0), Math.max(y1, 0), Math.min(x2, innerWidth), Math.min(y2, innerHeight)];
        if (x2 - x1 < 1 || y2 - y1 < 1) continue; // scrolled out of sight: not on screen now
        const top = document.elementFromPoint((x1 + x2) / 2, (y1 + y2) / 2);
        const name = el.id
          ? `#${el.id}`
          : `${el.tagName.toLowerCase()}[${el.dataset.key ?? el.dataset.itemId ?? el.textContent?.trim().slice(0, 20)}]`;
        out.push({
          name,
          x: x1,
          y: y1,
          w: x2 - x1,
          h: y2 - y1,
          hit: !!top && (top === el || el.contains(top)),
          inTabs: !!el.closest('#tabs'),
        });
      }
      return out;
    }) as Promise<Box[]>;

  const overlap = (a: Box, b: Box) =>
    Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 0.5 &&
    Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 0.5;

  /** Checks the screen as it is now: no two controls overlap, none meets the tab bar, each is the one a tap hits. */
  async function checkScreen(t: Test, page: Page, label: string) {
    const boxes = await controls(page);
    const tabs = await page.$eval('#tabs', (el) => {
      const r = el.getBoundingClientRect();
      return { name: '#tabs', x: r.left, y: r.top, w: r.width, h: r.height, hit: true, inTabs: true };
    });
    t.ok(boxes.length > 3, `${label}: ${boxes.length} controls on screen`);
    const problems: string[] = [];
    for (const [i, a] of boxes.entries()) {
      if (!a.hit) problems.push(`${a.name} is covered (a tap at its centre hits something else)`);
      if (!a.inTabs && overlap(a, tabs)) problems.push(`${a.name} meets the tab bar`);
      for (const b of boxes.slice(i + 1)) if (overlap(a, b)) problems.push(`${a.name} overlaps ${b.name}`);
    }
    t.same(problems, [], `${label}: nothing covered`);
  }

  /** Scrolls every scrolling area of the page, and the page itself, to its end. */
  const scrollToBottom = (page: Page) =>
    page.evaluate(async () => {
      for (const el of [document.scrollingElement!, ...document.querySelectorAll<HTMLElement>('*')]) {
        if (el.scrollHeight > el.clientHeight + 1) el.scrollTop = el.scrollHeight;
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    });

  for (const [width, height] of [
    [320, 568],
    [360, 640],
    [412, 915],
  ]) {
    t.test(`${width}×${height}: no control of /m covered, on any tab, at the top or scrolled down`, async (t) => {
      const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2, hasTouch: true });
      await page.goto(`${base}/m#key=${stall.apiKey}`);
      await page.waitForFunction(() => document.getElementById('live')!.classList.contains('on'));
      await page.waitForSelector('#catalog button.item');
      const size = `${width}x${height}`;

      // Sell, with an item in the cart and an amount typed on the keypad.
      await page.tap('#catalog button.item');
      if (!(await page.isVisible('#keypad'))) await page.tap('#other-toggle');
      for (const key of ['2', '5', '000']) await page.tap(`#keypad button[data-key="${key}"]`);
      await page.waitForSelector('#sound-hint', { state: 'hidden' });
      await page.evaluate(() => window.scrollTo(0, 0));
      await checkScreen(t, page, 'sell');
      await page.screenshot({ path: `${ARTIFACTS}m-layout-${size}-sell.png` });
      await scrollToBottom(page);
      await checkScreen(t, page, 'sell, scrolled down');
      await page.screenshot({ path: `${ARTIFACTS}m-layout-${size}-sell-bottom.png` });
      t.ok(
        (await controls(page)).some((b) => b.name === '#cash-sale' && b.hit) &&
          (await controls(page)).some((b) => b.name === '#clear' && b.hit),
        'the cash-sale and clear buttons can be reached',
      );

      for (const tab of ['today', 'invoices']) {
        await page.tap(`#tab-${tab}`);
        await page.waitForSelector(`#view-${tab}`, { state: 'visible' });
        if (tab === 'today') await page.waitForSelector('#feed li');
        await page.evaluate(() => window.scrollTo(0, 0));
        await checkScreen(t, page, tab);
        await page.screenshot({ path: `${ARTIFACTS}m-layout-${size}-${tab}.png` });
        await scrollToBottom(page);
        await checkScreen(t, page, `${tab}, scrolled down`);
        await page.screenshot({ path: `${ARTIFACTS}m-layout-${size}-${tab}-bottom.png` });
      }
      if (width === 320) {
        // The sign-out button, last on the page, can be tapped: it is above the tab bar.
        await page.tap('#tab-today');
        await scrollToBottom(page);
        t.ok(
          (await controls(page)).some((b) => b.name === '#sign-out' && b.hit),
          'sign-out is reachable',
        );
      }
      await page.close();
    });
  }
}
