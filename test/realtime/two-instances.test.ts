import t from 'tap';
import { startSecondInstance, startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { openSocket } from '../helpers/ws.js';

// Two app instances on one database (on Postgres: two pools, as two processes behind a load balancer would have).
const first = await startTestApp(t);
const second = await startSecondInstance(t, first);
const secondUrl = (await second.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');

t.test("a payment through one instance shows on the other instance's board within a second", async (t) => {
  const stall = await onboardStall(first);
  const viewer = await openSocket(`${secondUrl}/ws/board`);
  await viewer.next((m) => m.type === 'snapshot');
  const pr = (
    await first.call({
      method: 'POST',
      url: '/api/v1/payment-requests',
      token: stall.apiKey,
      payload: { amount: 64000 },
    })
  ).body;
  const paid = await first.call({
    method: 'POST',
    url: '/sandbox/transfers',
    payload: { payload: pr.qr.payload, payerBank: 'BIDV' },
  });
  const acknowledged = Date.now();
  t.equal(paid.body.payment.outcome, 'matched');
  await viewer.next((m) => m.type === 'delta' && m.ticker.some((i: any) => i.amount === 64000), 3000);
  const latency = Date.now() - acknowledged;
  t.ok(latency < 1000, `delivered ${latency} ms after the acknowledgement`);
  await viewer.next((m) => m.type === 'delta' && m.changed.today?.salesCount === 1, 3000);
  viewer.close();
});

t.test('both instances give the same snapshot', async (t) => {
  const a = (await first.call({ method: 'GET', url: '/api/v1/stats' })).body;
  const b = (await second.inject({ method: 'GET', url: '/api/v1/stats' })).json();
  delete a.generatedAt;
  delete b.generatedAt;
  t.same(b, a);
});
