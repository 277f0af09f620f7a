// The stall app's recorded voice: on a phone with no speech synthesis, a payment is announced by playing the word
// clips of src/web/assets/voice/ in the order the amount is read (voice-words.js), each clip fetched once and decoded
// with Web Audio; the merchant's setting can choose the phone's own voice instead, or none.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { receiptWords } from '../../src/web/assets/shared/voice-words.js';
import { startTestApp } from '../helpers/app.js';
import { ARTIFACTS, launchBrowser, watchCsp } from '../helpers/browser.js';
import { onboardStall } from '../helpers/fixtures.js';

const { files } = JSON.parse(
  readFileSync(new URL('../../src/web/assets/voice/manifest.json', import.meta.url), 'utf8'),
) as { files: Record<string, string> };
/** The clip files an amount's words need, each once, in the order first said. */
const clipsFor = (amount: number) => [...new Set(receiptWords(amount).map((w) => files[w]))];

const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
const liveFeed = browser && (await ctx.call({ method: 'POST', url: '/api/v1/ws-tickets' })).status !== 404;
if (browser && liveFeed) {
  const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const stall = await onboardStall(ctx, { name: 'Phở Cô Lan' });
  const staticQr = (
    await ctx.call({ method: 'GET', url: `/api/v1/merchants/${stall.merchant.id}/qr.txt`, token: stall.apiKey })
  ).raw;

  /** A signed-in stall phone, live, that records which voice clips it asks for and what it would speak. */
  async function phone(speech: 'absent' | 'present' | 'vietnamese') {
    const page = await browser!.newPage({ viewport: { width: 360, height: 740 }, hasTouch: true });
    const csp = watchCsp(page);
    const clips: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/assets/voice/') && path.endsWith('.opus')) clips.push(path.slice('/assets/voice/'.length));
    });
    await page.addInitScript((speech: string) => {
      const w = window as any;
      w.__spoken = [];
      // a cheap phone with no speech engine at all
      if (speech === 'absent') delete w.speechSynthesis;
      else w.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => w.__spoken.push(u.text);
      if (speech !== 'vietnamese') return; // headless Chromium has speech synthesis but no voice at all
      // A phone with a Vietnamese voice: the browser only takes its own voice objects, so the utterance is plain too.
      w.speechSynthesis.getVoices = () => [{ name: 'Linh', lang: 'vi_VN' }];
      w.SpeechSynthesisUtterance = class {
        constructor(public text: string) {}
      };
    }, speech);
    await page.goto(`${base}/m#key=${stall.apiKey}`);
    await page.waitForFunction(() => document.getElementById('live')!.classList.contains('on'));
    await page.click('#amount'); // the merchant's first tap, anywhere, unlocks audio
    return { page, clips, csp };
  }

  /** Money to the stall's poster QR; resolves once the phone shows it. */
  async function pay(t: Test, page: Page, amount: number) {
    await page.evaluate(() => document.getElementById('paid-screen')!.classList.add('hidden'));
    const paid = await ctx.call({
      method: 'POST',
      url: '/sandbox/transfers',
      payload: { payload: staticQr, amount, payerBank: 'VCB' },
    });
    t.equal(paid.body.payment?.outcome, 'matched', `the sandbox paid ${amount}`);
    await page.waitForSelector('#paid-screen', { state: 'visible' });
  }

  /** What the page's voice module says it announced last (the module the page itself loaded). */
  const announced = (page: Page) =>
    page.evaluate(async () => {
      const voice = await import('/assets/merchant-voice.js' as string);
      return voice.lastAnnouncement;
    });

  t.test('no speech synthesis: the recorded words play, each clip fetched once', async (t) => {
    const { page, clips, csp } = await phone('absent');
    t.equal(await page.inputValue('#voice-mode'), 'auto', 'automatic unless the merchant chose');

    await pay(t, page, 1_015_000); // một triệu không trăm mười lăm nghìn: "không trăm" inside a group, "lăm" after mười
    await page.waitForFunction(async () => {
      const voice = await import('/assets/merchant-voice.js' as string);
      return voice.lastAnnouncement?.clips || voice.lastAnnouncement?.error;
    });
    t.same(clips, clipsFor(1_015_000), 'exactly these clip files, in the order of the words');
    t.same(clips.slice(0, 3), ['da-nhan.opus', 'mot.opus', 'trieu.opus']);
    const first = await announced(page);
    t.equal(first.mode, 'clips');
    t.notOk(first.error, 'every clip decoded');
    t.same(
      first.clips.map((c: { word: string }) => c.word),
      receiptWords(1_015_000),
    );
    for (const [i, c] of first.clips.entries()) {
      t.ok(c.duration > 0.1 && c.duration < 1.5, `${c.word}: a decoded word (${c.duration.toFixed(2)} s)`);
      if (i > 0) {
        const previous = first.clips[i - 1];
        const gap = c.at - (previous.at + previous.duration);
        t.ok(gap >= 0 && gap < 0.1, `${c.word} follows ${previous.word} back to back (${gap.toFixed(3)} s between)`);
      }
    }
    await page.screenshot({ path: `${ARTIFACTS}voice-paid.png` });

    clips.length = 0;
    await pay(t, page, 22_000); // hai mươi hai nghìn: "hai" twice, "đã nhận", "nghìn" and "đồng" already here
    await page.waitForFunction(async () => {
      const voice = await import('/assets/merchant-voice.js' as string);
      return voice.lastAnnouncement?.amount === 22000 && voice.lastAnnouncement.clips;
    });
    t.same(clips, ['hai.opus', 'muoi-tens.opus'], 'only the clips not heard before are fetched');
    t.same(
      (await announced(page)).clips.map((c: { word: string }) => c.word),
      ['đã nhận', 'hai', 'mươi', 'hai', 'nghìn', 'đồng'],
    );

    // Two payments a moment apart: the second's words wait for the first's, they never talk over each other.
    await pay(t, page, 7_000_000);
    await page.evaluate(async () => {
      (window as any).__first = (await import('/assets/merchant-voice.js' as string)).lastAnnouncement;
    });
    await pay(t, page, 8_000);
    await page.waitForFunction(async () => {
      const voice = await import('/assets/merchant-voice.js' as string);
      return voice.lastAnnouncement?.amount === 8000 && voice.lastAnnouncement.clips && (window as any).__first.clips;
    });
    const [before, after] = [await page.evaluate(() => (window as any).__first), await announced(page)];
    t.equal(before.amount, 7_000_000);
    const end = before.clips.at(-1).at + before.clips.at(-1).duration;
    t.ok(
      after.clips[0].at >= end,
      `the second starts (${after.clips[0].at.toFixed(2)} s) after the first ends (${end.toFixed(2)} s)`,
    );
    t.same(csp, [], 'no content-security violations');
    await page.close();
  });

  t.test('a phone with a Vietnamese voice speaks with it, unless the merchant chose the recorded one', async (t) => {
    const { page, clips } = await phone('vietnamese');
    await pay(t, page, 45_000);
    await page.waitForFunction(() => (window as any).__spoken.length > 0);
    t.same(await page.evaluate(() => (window as any).__spoken), ['Đã nhận bốn mươi lăm nghìn đồng']);
    t.equal((await announced(page)).mode, 'speech');
    t.same(clips, [], 'no clip fetched');

    await page.click('#paid-done');
    await page.click('#tab-today');
    await page.selectOption('#voice-mode', 'clips');
    await pay(t, page, 15_000);
    await page.waitForFunction(async () => {
      const voice = await import('/assets/merchant-voice.js' as string);
      return voice.lastAnnouncement?.clips || voice.lastAnnouncement?.error;
    });
    t.same(clips, clipsFor(15_000), 'the recorded words: đã nhận mười lăm nghìn đồng');
    t.equal(await page.evaluate(() => (window as any).__spoken.length), 1, 'and not the phone voice as well');
    await page.close();
  });

  t.test("the merchant's choice: the phone's voice, or none", async (t) => {
    const { page, clips } = await phone('present');
    await page.click('#tab-today');
    await page.selectOption('#voice-mode', 'speech');
    t.equal(await page.evaluate(() => localStorage.getItem('merchantVoice')), 'speech', 'kept on the phone');
    await page.reload();
    await page.waitForFunction(() => document.getElementById('live')!.classList.contains('on'));
    t.equal(await page.inputValue('#voice-mode'), 'speech', 'still chosen after a reload');
    await page.click('#lang'); // a tap, as the merchant's would be; the page is in English now
    await page.click('#lang');

    await pay(t, page, 45_000);
    await page.waitForFunction(() => (window as any).__spoken.length > 0);
    t.same(await page.evaluate(() => (window as any).__spoken), ['Đã nhận bốn mươi lăm nghìn đồng']);
    t.same(clips, [], 'no clip fetched');
    t.equal((await announced(page)).mode, 'speech');

    await page.click('#paid-done');
    await page.click('#tab-today');
    await page.selectOption('#voice-mode', 'off');
    await pay(t, page, 30_000);
    t.equal((await announced(page)).mode, 'off');
    t.equal(await page.evaluate(() => (window as any).__spoken.length), 1, 'nothing more said');
    t.same(clips, [], 'and no clip played');
    await page.close();
  });
} else if (browser) t.comment('skipped: waiting for POST /api/v1/ws-tickets and WS /ws/merchant');
