import type { AddressInfo } from 'node:net';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { startTestApp } from '../helpers/app.js';
import { deploymentSecretsEnv } from '../helpers/database.js';
import { launchBrowser } from '../helpers/browser.js';
import { onboardStall } from '../helpers/fixtures.js';

// The server goes away for a few seconds and comes back on the same address: the board and the merchant's phone
// are live again within 2 s of its return, on their own.
const ctx = await startTestApp(t);
const browser = await launchBrowser(t);
if (browser) {
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (ctx.app.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const stall = await onboardStall(ctx);

  t.test('the board and /m reconnect within 2 s of the server coming back', async (t) => {
    const board = await browser.newPage();
    await board.goto(`${base}/board`);
    await board.waitForFunction(() => document.getElementById('status')!.textContent === '● Trực tiếp');
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await phone.goto(`${base}/m#key=${stall.apiKey}`);
    await phone.waitForFunction(() => document.getElementById('live')!.classList.contains('on'));

    await ctx.app.close();
    await board.waitForFunction(() => document.getElementById('status')!.textContent !== '● Trực tiếp', undefined, {
      timeout: 5000,
    });
    await phone.waitForFunction(() => !document.getElementById('live')!.classList.contains('on'), undefined, {
      timeout: 5000,
    });
    await new Promise((r) => setTimeout(r, 4000)); // an outage long enough for a doubling backoff to grow

    const again = await buildApp({
      config: loadConfig({ DATA_DIR: 'memory://', DEMO: '0', LOG_LEVEL: 'silent', ...deploymentSecretsEnv }),
      database: ctx.database,
    });
    t.teardown(() => again.close());
    await again.listen({ port, host: '127.0.0.1' });
    const back = Date.now();
    await Promise.all([
      board.waitForFunction(() => document.getElementById('status')!.textContent === '● Trực tiếp', undefined, {
        timeout: 10_000,
        polling: 50,
      }),
      phone.waitForFunction(() => document.getElementById('live')!.classList.contains('on'), undefined, {
        timeout: 10_000,
        polling: 50,
      }),
    ]);
    const took = Date.now() - back;
    t.ok(took < 2000, `both live again ${took} ms after the server came back`);
    await board.close();
    await phone.close();
  });
}
