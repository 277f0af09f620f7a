import t from 'tap';
import type { Page } from 'playwright-core';
import { amountInWords } from '../../src/invoices/amount-in-words.js';
import { startTestApp } from '../helpers/app.js';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { onboardStall } from '../helpers/fixtures.js';

const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
if (browser) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const stall = await onboardStall(ctx, { name: 'Bánh cuốn Bà Hoa' });
  const cspViolations: string[] = [];
  // The websocket parts wait (are skipped) while POST /api/v1/ws-tickets and WS /ws/merchant are absent.
  const liveFeed = (await ctx.call({ method: 'POST', url: '/api/v1/ws-tickets', token: stall.apiKey })).status !== 404;

  /** A phone-sized page that records what the app says instead of saying it. */
  async function phone(): Promise<Page> {
    const page = await browser!.newPage({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      hasTouch: true,
    });
    watchCsp(page, cspViolations);
    await page.addInitScript(() => {
      const w = window as any;
      w.__spoken = [];
      // Headless Chromium has no Vietnamese voice, so "automatic" would play the recorded clips (voice.browser.test.ts)
      if (location.protocol === 'http:') localStorage.setItem('merchantVoice', 'speech');
      if (w.speechSynthesis)
        w.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => w.__spoken.push({ text: u.text, lang: u.lang });
    });
    return page;
  }

  async function signedIn(): Promise<Page> {
    const page = await phone();
    await page.goto(`${base}/m`);
    await page.fill('#api-key', stall.apiKey);
    await page.click('#sign-in');
    await page.waitForFunction(() => document.getElementById('stall-name')!.textContent === 'Bánh cuốn Bà Hoa');
    return page;
  }

  async function type(page: Page, keys: string[]) {
    for (const key of keys) await page.click(`#keypad button[data-key="${key}"]`);
  }

  /** A signed-in phone showing a fresh code for the amount typed, whose live connection then drops (sockets recorded). */
  async function codeOnScreenThenOffline(keys: string[]) {
    const page = await phone();
    await page.addInitScript(() => {
      const w = window as any;
      const Native = w.WebSocket;
      w.__sockets = [];
      w.WebSocket = class extends Native {
        constructor(url: string) {
          super(url);
          w.__sockets.push(this);
        }
      };
    });
    await page.goto(`${base}/m#key=${stall.apiKey}`);
    await page.waitForFunction(() => document.getElementById('live')!.classList.contains('on'));
    await type(page, keys);
    await page.click('#create-qr');
    await page.waitForSelector('#qr-screen', { state: 'visible' });
    const pr = await ctx.database.db
      .selectFrom('payment_requests')
      .select('id')
      .where('reference', '=', (await page.textContent('#qr-reference'))!)
      .executeTakeFirstOrThrow();
    const payload: string = (
      await ctx.call({ method: 'GET', url: `/api/v1/payment-requests/${pr.id}`, token: stall.apiKey })
    ).body.qr.payload;
    await page.evaluate(() => (window as any).__sockets[0].close());
    await page.waitForFunction(() => !document.getElementById('live')!.classList.contains('on'));
    return { page, payload };
  }

  t.test('a wrong key is refused; the right one signs in and is kept on the phone', async (t) => {
    const page = await phone();
    await page.goto(`${base}/m`);
    await page.fill('#api-key', 'csm_not-a-real-key');
    await page.click('#sign-in');
    await page.waitForFunction(() => document.getElementById('login-error')!.textContent !== '');
    t.match(await page.textContent('#login-error'), /Khóa không đúng/);
    await page.fill('#api-key', stall.apiKey);
    await page.click('#sign-in');
    await page.waitForSelector('#keypad', { state: 'visible' });
    t.equal(await page.evaluate(() => localStorage.getItem('merchantKey')), stall.apiKey);
    await page.reload();
    await page.waitForSelector('#keypad', { state: 'visible' });
    t.equal(await page.textContent('#stall-name'), 'Bánh cuốn Bà Hoa', 'signed in again from localStorage');
    await page.close();

    const handedOver = await phone();
    await handedOver.goto(`${base}/m#key=${stall.apiKey}`);
    await handedOver.waitForFunction(() => document.getElementById('stall-name')!.textContent === 'Bánh cuốn Bà Hoa');
    t.equal(
      new URL(handedOver.url()).hash,
      '',
      'a key handed over in the link is kept and removed from the address bar',
    );
    await handedOver.close();
  });

  t.test('keypad → full-screen dynamic QR, then the bank-side payment shows, chimes and speaks', async (t) => {
    const page = await signedIn();
    await type(page, ['4', '5', '000']);
    t.equal(await page.textContent('#amount'), '45.000\u00a0₫');
    t.equal(await page.textContent('#amount-words'), 'Bốn mươi lăm nghìn đồng');
    await type(page, ['back', '0']);
    t.equal(await page.textContent('#amount'), '45.000\u00a0₫', 'backspace removes one digit');
    await page.screenshot({ path: `${ARTIFACTS}merchant-keypad.png` });

    await page.click('#create-qr');
    await page.waitForSelector('#qr-screen', { state: 'visible' });
    t.ok(await page.isVisible('#qr-svg svg'), 'the inline SVG QR is shown');
    t.equal(await page.textContent('#qr-amount'), '45.000\u00a0₫');
    t.match(await page.textContent('#qr-countdown'), /Hết hạn sau 1[45]:\d\d/);
    const reference = (await page.textContent('#qr-reference'))!;
    const pr = await ctx.database.db
      .selectFrom('payment_requests')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    t.equal(Number(pr.amount), 45000);
    await page.screenshot({ path: `${ARTIFACTS}merchant-qr.png` });

    await t.test(
      'the payment arrives over the merchant websocket',
      { skip: !liveFeed && 'waiting for POST /api/v1/ws-tickets and WS /ws/merchant' },
      async (t) => {
        await page.waitForFunction(() => document.getElementById('live')!.classList.contains('on'));
        const read = await ctx.call({ method: 'GET', url: `/api/v1/payment-requests/${pr.id}`, token: stall.apiKey });
        const paid = await ctx.call({
          method: 'POST',
          url: '/sandbox/transfers',
          payload: { payload: read.body.qr.payload, payerBank: 'VCB' },
        });
        t.equal(paid.body.payment.outcome, 'matched');
        await page.waitForSelector('#paid-screen', { state: 'visible' });
        t.equal(await page.textContent('#paid-amount'), '45.000\u00a0₫');
        t.notOk(await page.isVisible('#qr-screen'), 'the QR is gone once paid');
        t.same(await page.evaluate(() => (window as any).__spoken), [
          { text: 'Đã nhận bốn mươi lăm nghìn đồng', lang: 'vi-VN' },
        ]);
        await page.screenshot({ path: `${ARTIFACTS}merchant-paid.png` });
        await page.click('#paid-done');
        await page.click('#tab-today');
        await page.waitForSelector('#feed li[data-method="bank_qr"]');
        t.equal(await page.textContent('#sum-cashless'), '45.000\u00a0₫');
      },
    );
    await page.close();
  });

  t.test(
    'a code paid twice: the second payment has its own screen, never a toast over "received"',
    { skip: !liveFeed && 'waiting for WS /ws/merchant' },
    async (t) => {
      const page = await signedIn();
      await page.waitForFunction(() => document.getElementById('live')!.classList.contains('on'));
      await type(page, ['3', '5', '000']);
      await page.click('#create-qr');
      await page.waitForSelector('#qr-screen', { state: 'visible' });
      const pr = await ctx.database.db
        .selectFrom('payment_requests')
        .select('id')
        .where('reference', '=', (await page.textContent('#qr-reference'))!)
        .executeTakeFirstOrThrow();
      const payload = (await ctx.call({ method: 'GET', url: `/api/v1/payment-requests/${pr.id}`, token: stall.apiKey }))
        .body.qr.payload;
      // The shopper's bank app pays the code, then (a double tap, a retry) pays it again: two real sandbox transfers.
      const first = await ctx.call({
        method: 'POST',
        url: '/sandbox/transfers',
        payload: { payload, payerBank: 'VCB' },
      });
      t.equal(first.body.payment.outcome, 'matched');
      await page.waitForSelector('#paid-screen', { state: 'visible' });
      t.notOk(await page.isVisible('#twice-screen'), 'one payment: "received" only');
      const again = await ctx.call({
        method: 'POST',
        url: '/sandbox/transfers',
        payload: { payload, payerBank: 'VCB' },
      });
      t.equal(again.body.payment.outcome, 'duplicate');
      await page.waitForSelector('#twice-screen', { state: 'visible' });
      t.notOk(await page.isVisible('#paid-screen'), '"received" is taken down, not left under it');
      t.notOk(await page.isVisible('#toast'), 'no toast');
      t.equal(await page.textContent('#twice-title'), 'Khách trả hai lần cho một mã');
      t.equal(await page.textContent('#twice-amount'), '+ 35.000\u00a0₫');
      t.match(
        await page.textContent('#twice-detail'),
        /Mã này đã được trả 35\.000\u00a0₫ lúc \d\d:\d\d\. Khách vừa chuyển thêm 35\.000/,
      );
      t.match(await page.textContent('#twice-todo'), /Không cần thu thêm.*chờ cán bộ kiểm tra.*trả lại khách/);
      t.equal(await page.getAttribute('#twice-screen', 'data-payment-id'), again.body.payment.id);
      await page.screenshot({ path: `${ARTIFACTS}merchant-paid-twice.png` });
      await page.evaluate(() => document.getElementById('lang')!.click()); // under the full screen
      t.match(
        await page.textContent('#twice-todo'),
        /Nothing more to collect/,
        'the screen follows the language switch',
      );
      t.equal(await page.textContent('#twice-title'), 'Paid twice for one code');
      await page.evaluate(() => document.getElementById('lang')!.click()); // under the full screen
      await page.click('#twice-done');
      t.notOk(await page.isVisible('#twice-screen'));
      t.ok(await page.isVisible('#keypad'), 'back to the keypad');
      await page.click('#tab-today');
      await page.waitForFunction(() => /hai lần/.test(document.getElementById('feed')!.textContent!));
      t.pass("the second payment is in today's list, waiting for staff");
      await page.close();
    },
  );

  t.test(
    'an underpaid code stays on screen with a warning; money to the poster QR shows as received',
    { skip: !liveFeed && 'waiting for WS /ws/merchant' },
    async (t) => {
      const page = await signedIn();
      await page.waitForFunction(() => document.getElementById('live')!.classList.contains('on'));
      await type(page, ['6', '0', '000']);
      await page.click('#create-qr');
      await page.waitForSelector('#qr-screen', { state: 'visible' });
      const pr = await ctx.database.db
        .selectFrom('payment_requests')
        .select('id')
        .where('reference', '=', (await page.textContent('#qr-reference'))!)
        .executeTakeFirstOrThrow();
      const payload = (await ctx.call({ method: 'GET', url: `/api/v1/payment-requests/${pr.id}`, token: stall.apiKey }))
        .body.qr.payload;
      await ctx.call({
        method: 'POST',
        url: '/sandbox/transfers',
        payload: { payload, amount: 50000, payerBank: 'MOMO' },
      });
      await page.waitForFunction(() => /thiếu/.test(document.getElementById('qr-status')!.textContent!));
      t.match(await page.textContent('#qr-status'), /Khách chuyển thiếu: mới nhận 50\.000\u00a0₫/);
      t.notOk(await page.isVisible('#paid-screen'), 'underpaid is not "paid"');
      await page.screenshot({ path: `${ARTIFACTS}merchant-underpaid.png` });
      await page.click('#qr-cancel');
      await page.waitForSelector('#qr-screen', { state: 'hidden' });

      const staticQr = (
        await ctx.call({ method: 'GET', url: `/api/v1/merchants/${stall.merchant.id}/qr.txt`, token: stall.apiKey })
      ).raw;
      await ctx.call({
        method: 'POST',
        url: '/sandbox/transfers',
        payload: { payload: staticQr, amount: 30000, payerBank: 'VCB' },
      });
      await page.waitForSelector('#paid-screen', { state: 'visible' });
      t.equal(await page.textContent('#paid-amount'), '30.000\u00a0₫');
      t.match(await page.textContent('#paid-detail'), /QR tĩnh/);
      t.same((await page.evaluate(() => (window as any).__spoken)).at(-1), {
        text: 'Đã nhận ba mươi nghìn đồng',
        lang: 'vi-VN',
      });
      await page.click('#paid-done');
      await page.close();
    },
  );

  t.test(
    'a dropped connection comes back with a fresh ticket and catches up on a payment it missed',
    { skip: !liveFeed && 'waiting for WS /ws/merchant' },
    async (t) => {
      // The phone loses its connection, and the shopper pays while it is away.
      const { page, payload } = await codeOnScreenThenOffline(['2', '5', '000']);
      t.match(await page.textContent('#qr-status'), /Mất kết nối/);
      await ctx.call({ method: 'POST', url: '/sandbox/transfers', payload: { payload, payerBank: 'VCB' } });
      await page.waitForSelector('#paid-screen', { state: 'visible', timeout: 15_000 });
      t.equal(await page.textContent('#paid-amount'), '25.000\u00a0₫');
      t.equal(await page.evaluate(() => (window as any).__sockets.length), 2, 'reconnected once');
      await page.close();
    },
  );

  t.test(
    'money paid short while the phone was away shows on the code when it reconnects, and stays in the feed after a reload',
    { skip: !liveFeed && 'waiting for WS /ws/merchant' },
    async (t) => {
      const { page, payload } = await codeOnScreenThenOffline(['4', '2', '000']);
      const short = await ctx.call({
        method: 'POST',
        url: '/sandbox/transfers',
        payload: { payload, amount: 40000, payerBank: 'VCB' },
      });
      t.equal(short.body.payment.outcome, 'underpaid');
      // The event went out while no socket listened: only the catch-up after reconnecting can tell the merchant.
      await page.waitForFunction(() => /thiếu/.test(document.getElementById('qr-status')!.textContent!), undefined, {
        timeout: 15_000,
      });
      t.match(await page.textContent('#qr-status'), /Khách chuyển thiếu: mới nhận 40\.000\u00a0₫/);
      t.ok(await page.isVisible('#qr-screen'), 'the code stays up: it is not paid');

      await page.reload();
      await page.waitForFunction(() => document.getElementById('live')!.classList.contains('on'));
      await page.click('#tab-today');
      await page.waitForSelector('#feed li.warn');
      const notes = await page.$$eval('#feed li.warn', (lis) => lis.map((li) => li.textContent));
      t.ok(
        notes.some((n) => /Khách chuyển thiếu: 40\.000\u00a0₫/.test(n!)),
        `the short payment is in today's feed after a reload: ${JSON.stringify(notes)}`,
      );
      await page.close();
    },
  );

  t.test(
    'the phone going offline is shown at once (not "Live"), and it comes back on its own',
    { skip: !liveFeed && 'waiting for WS /ws/merchant' },
    async (t) => {
      const page = await phone();
      await page.goto(`${base}/m#key=${stall.apiKey}`);
      await page.waitForFunction(() => document.getElementById('live')!.classList.contains('on'));
      await type(page, ['1', '8', '000']);
      await page.click('#create-qr');
      await page.waitForSelector('#qr-screen', { state: 'visible' });
      // An offline phone's socket is not closed for minutes; the browser's "offline" is the news to act on.
      await page.context().setOffline(true);
      await page.waitForFunction(() => !document.getElementById('live')!.classList.contains('on'), undefined, {
        timeout: 3000,
      });
      t.equal(await page.textContent('#live'), 'Đang kết nối…');
      t.match(await page.textContent('#qr-status'), /Mất kết nối: chưa thể báo tiền về/);
      await page.context().setOffline(false);
      await page.waitForFunction(() => document.getElementById('live')!.classList.contains('on'), undefined, {
        timeout: 10_000,
      });
      t.match(await page.textContent('#qr-status'), /Đang chờ khách chuyển tiền/);
      await page.close();
    },
  );

  t.test('a pending QR can be cancelled', async (t) => {
    const page = await signedIn();
    await type(page, ['1', '5', '000']);
    await page.click('#create-qr');
    await page.waitForSelector('#qr-screen', { state: 'visible' });
    const reference = (await page.textContent('#qr-reference'))!;
    await page.click('#qr-cancel');
    await page.waitForSelector('#qr-screen', { state: 'hidden' });
    const pr = await ctx.database.db
      .selectFrom('payment_requests')
      .select('status')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    t.equal(pr.status, 'cancelled');
    await page.close();
  });

  t.test("a cash sale from the keypad counts in today's totals, and can be refunded from the feed", async (t) => {
    const page = await signedIn();
    const before = await todayNet(page);
    await type(page, ['2', '0', '000']);
    await page.click('#cash-sale');
    await page.click('#cash-confirm');
    await page.waitForFunction(() => document.getElementById('toast')!.textContent!.includes('20.000'));
    t.equal(await page.textContent('#amount'), '0\u00a0₫', 'the keypad is cleared');
    await page.waitForFunction(
      (want) => document.getElementById('today-total')!.textContent === want,
      vnd(before + 20000),
    );
    await page.click('#tab-today');
    t.equal(await page.textContent('#sum-cash'), '20.000\u00a0₫');
    const sale = await ctx.database.db
      .selectFrom('sales')
      .select('id')
      .where('method', '=', 'cash')
      .executeTakeFirstOrThrow();
    await page.click(`#feed li[data-sale-id="${sale.id}"] button.refund`);
    await page.fill('#refund-amount', '5000');
    await page.fill('#refund-reason', 'Khách trả lại một phần');
    await page.click('#refund-confirm');
    await page.waitForFunction(() => document.getElementById('sum-cash')!.textContent === '15.000\u00a0₫');
    t.match(await page.textContent(`#feed li[data-sale-id="${sale.id}"]`), /Đã hoàn 5\.000\u00a0₫/);
    // Another phone refunds part: this one learns it from the feed; asking for more than is left says how much is.
    await ctx.call({
      method: 'POST',
      url: `/api/v1/sales/${sale.id}/refunds`,
      token: stall.apiKey,
      payload: { amount: 3000 },
    });
    await page.waitForFunction(() => document.getElementById('sum-cash')!.textContent === '12.000\u00a0₫');
    await page.click(`#feed li[data-sale-id="${sale.id}"] button.refund`);
    t.match(await page.textContent('#refund-sale'), /còn hoàn được 12\.000\u00a0₫/, 'the dialog says what is left');
    await page.fill('#refund-amount', '13000');
    await page.click('#refund-confirm');
    await page.waitForFunction(() => document.getElementById('refund-error')!.textContent !== '');
    t.equal(
      await page.textContent('#refund-error'),
      'Số tiền hoàn lớn hơn số còn lại của giao dịch. Chỉ còn hoàn được 12.000\u00a0₫.',
    );
    await page.click('#refund-close');
    const stored = await ctx.database.db
      .selectFrom('sales')
      .select('refunded_amount')
      .where('id', '=', sale.id)
      .executeTakeFirstOrThrow();
    t.equal(Number(stored.refunded_amount), 8000, 'the two refunds, nothing from the refused one');
    await page.screenshot({ path: `${ARTIFACTS}merchant-today.png` });
    await page.close();
  });

  t.test('invoices link to their receipts, the poster opens, English is one tap away', async (t) => {
    await ctx.call({
      method: 'POST',
      url: '/api/v1/sales',
      token: stall.apiKey,
      payload: { amount: 12000, method: 'cash' },
    });
    const page = await signedIn();
    await page.click('#tab-invoices');
    await page.waitForSelector('#invoices li a');
    const href = (await page.getAttribute('#invoices li a', 'href'))!;
    t.match(href, /\/i\/[A-Za-z0-9_-]{20}$/);
    t.equal((await ctx.call({ method: 'GET', url: new URL(href).pathname })).status, 200, 'the receipt link works');
    await page.screenshot({ path: `${ARTIFACTS}merchant-invoices.png` });

    await page.click('#tab-today');
    const violations = watchCsp(page, []);
    const [poster] = await Promise.all([page.waitForEvent('popup'), page.click('#poster')]);
    await poster.waitForFunction(() => document.querySelector('h1')?.textContent === 'Bánh cuốn Bà Hoa');
    t.ok(await poster.isVisible('.qr svg'), 'the poster shows the static QR');
    const fits = await poster.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: window.innerWidth,
      qr: document.querySelector('.qr svg')!.getBoundingClientRect().width,
    }));
    t.ok(fits.page <= fits.screen, `the poster fits the phone's screen (${fits.page} ≤ ${fits.screen} px)`);
    t.ok(fits.qr > 200, 'its QR code stays large enough to scan');
    t.same(violations, [], "the poster and its print button run under the page's content-security policy");
    await poster.close();

    await page.click('#lang');
    t.equal(await page.textContent('#tab-invoices'), 'Invoices');
    // Today's figures are written again once their module (loaded after the keypad) has answered the toggle.
    await page.waitForFunction(() => /sales?$/.test(document.getElementById('sum-count')!.textContent ?? ''));
    t.match(await page.textContent('#sum-count'), /sales?$/);
    await page.click('#lang');
    await page.close();
  });

  t.test('the spoken amount reads like the invoice total in words', async (t) => {
    const page = await phone();
    await page.goto(`${base}/m`);
    const samples = [
      0, 1, 5, 10, 11, 14, 15, 21, 24, 25, 101, 105, 110, 114, 1000, 1005, 10500, 45000, 201000, 1_005_000, 15_000_000,
      100_000_000, 1_000_000_000, 1_500_000_000_000,
    ];
    const got = await page.evaluate(async (ns) => {
      const m = await import('/assets/merchant.js' as string);
      return ns.map((n: number) => [m.amountInWords(n), m.spokenReceipt(n)]);
    }, samples);
    const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
    t.same(
      got,
      samples.map((n) => [amountInWords(n), `Đã nhận ${lower(amountInWords(n))}`]),
    );
    await page.close();
  });

  t.test('no page broke the content-security policy', async (t) => {
    t.same(cspViolations, []);
  });
}

/** Content-security-policy violations reported by a page and any window it opens. */
function watchCsp(page: Page, violations: string[]): string[] {
  page.context().on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

function vnd(n: number) {
  return `${n.toLocaleString('vi-VN')}\u00a0₫`;
}

async function todayNet(page: Page): Promise<number> {
  await page.waitForFunction(() => document.getElementById('today-total')!.textContent !== '–');
  return Number((await page.textContent('#today-total'))!.replace(/\D/g, ''));
}
