import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { onboardStall } from '../helpers/fixtures.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';

t.setTimeout(480_000); // two real server starts, slow on a busy box

// The real server process is stopped and started again on the same port and data (as `npm start` after a deploy or
// a crash): the board and the stall app are live again within 2 s of the new process being ready, on their own.
const browser = await launchBrowser(t);
if (browser) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cs-restart-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const adminToken = 'css_restart-admin-token-0123456789abcdef';
  const env = { DATA_DIR: dataDir, ADMIN_TOKEN: adminToken };
  let server: RunningServer = await startServer(env, 180_000); // a busy machine starts it slowly
  t.teardown(() => server.stop());
  const port = new URL(server.url).port;
  const base = `http://127.0.0.1:${port}`;

  const call = async ({
    method,
    url,
    token,
    payload,
  }: {
    method: string;
    url: string;
    token?: string;
    payload?: unknown;
  }) => {
    const res = await fetch(base + url, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const raw = await res.text();
    return { status: res.status, raw, body: raw ? JSON.parse(raw) : null, headers: Object.fromEntries(res.headers) };
  };
  const stall = await onboardStall({ call: call as never, adminToken });

  const boardLive = () => document.getElementById('status')!.textContent === '● Trực tiếp';
  const phoneLive = () => document.getElementById('live')!.classList.contains('on');

  t.test('after a real restart, /m and the board are live within 2 s of the server being ready', async (t) => {
    const board = await browser.newPage({ viewport: { width: 412, height: 915 } });
    await board.goto(`${base}/board`);
    await board.waitForFunction(boardLive);
    const phone = await browser.newPage({ viewport: { width: 360, height: 640 } });
    await phone.goto(`${base}/m#key=${stall.apiKey}`);
    await phone.waitForFunction(phoneLive);

    await server.stop();
    await board.waitForFunction(() => !document.getElementById('status')!.textContent!.includes('Trực tiếp'));
    await phone.waitForFunction(() => !document.getElementById('live')!.classList.contains('on'));
    await new Promise((r) => setTimeout(r, 5000)); // an outage as long as a real restart's, for any backoff to grow

    server = await startServer({ ...env, PORT: port }, 180_000);
    const ready = Date.now(); // the "running at" line: listening, database migrated
    const health = await fetch(`${base}/readyz`);
    t.equal(health.status, 200, 'the server answers /readyz');
    const [boardAt, phoneAt] = await Promise.all(
      [
        [board, boardLive],
        [phone, phoneLive],
      ].map(async ([page, live]) => {
        await (page as typeof board).waitForFunction(live as () => boolean, undefined, {
          timeout: 15_000,
          polling: 50,
        });
        return Date.now() - ready;
      }),
    );
    t.ok(boardAt <= 2000, `the board is live ${boardAt} ms after the server is ready`);
    t.ok(phoneAt <= 2000, `/m is live ${phoneAt} ms after the server is ready`);
    await phone.screenshot({ path: `${ARTIFACTS}m-live-after-restart.png` });
    await board.close();
    await phone.close();
  });
}
