import t from 'tap';
import WebSocket from 'ws';
import { startSecondInstance, startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// Two app instances on one database (on Postgres two pools, as two processes behind a load balancer would have).
// A websocket ticket opens one socket, once, whichever instance it is used on; rotating a stall's key closes its open
// merchant feeds on every instance and voids its unspent tickets within a second.
const first = await startTestApp(t);
const second = await startSecondInstance(t, first);
const firstUrl = (await first.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
const secondUrl = (await second.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');

/** Opens the merchant feed; `result` settles on hello ('hello') or on a close before it (the close code). */
function feed(base: string, ticket: string) {
  const socket = new WebSocket(`${base}/ws/merchant?ticket=${encodeURIComponent(ticket)}`);
  socket.on('error', () => {});
  const closed = new Promise<{ code: number; at: number }>((resolve) =>
    socket.on('close', (code) => resolve({ code, at: Date.now() })),
  );
  const result = new Promise<'hello' | number>((resolve) => {
    socket.on('message', (raw) => JSON.parse(String(raw)).type === 'hello' && resolve('hello'));
    void closed.then(({ code }) => resolve(code));
  });
  return { socket, closed, result };
}

const ticketFor = async (apiKey: string) => {
  const res = await first.call({ method: 'POST', url: '/api/v1/ws-tickets', token: apiKey });
  if (res.status !== 201) throw new Error(`no ticket: ${res.status} ${res.raw}`);
  return res.body.ticket as string;
};

t.test('a ticket opens one socket, once, on whichever instance', async (t) => {
  const stall = await onboardStall(first);
  const ticket = await ticketFor(stall.apiKey);
  const one = feed(secondUrl, ticket);
  t.equal(await one.result, 'hello', 'the first use opens the feed (on the other instance)');
  for (const [where, base] of [
    ['the same instance', secondUrl],
    ['the issuing instance', firstUrl],
  ]) {
    const again = feed(base, ticket);
    t.equal(await again.result, 4401, `a second use on ${where} is refused with 4401`);
  }
  // Two sockets racing with one fresh ticket: exactly one wins.
  const raced = await ticketFor(stall.apiKey);
  const racers = [feed(firstUrl, raced), feed(secondUrl, raced)];
  const results = await Promise.all(racers.map((r) => r.result));
  t.same(results.slice().sort(), [4401, 'hello'].sort(), `one of two racing sockets opens (${results.join(', ')})`);
  for (const s of [one, ...racers]) s.socket.close();
});

t.test(
  "rotating a key closes the stall's feeds on both instances and voids its unspent tickets within a second",
  async (t) => {
    const stall = await onboardStall(first);
    const other = await onboardStall(first);
    const onFirst = feed(firstUrl, await ticketFor(stall.apiKey));
    const onSecond = feed(secondUrl, await ticketFor(stall.apiKey));
    const bystander = feed(secondUrl, await ticketFor(other.apiKey));
    for (const s of [onFirst, onSecond, bystander]) t.equal(await s.result, 'hello');
    const unspent = await ticketFor(stall.apiKey);
    const otherUnspent = await ticketFor(other.apiKey);

    // Rotated through the second instance: the first learns of it through the database only.
    const rotated = await second.inject({
      method: 'POST',
      url: `/api/v1/merchants/${stall.merchant.id}/api-keys`,
      headers: { authorization: `Bearer ${first.adminToken}` },
    });
    t.equal(rotated.statusCode, 201);
    const at = Date.now();
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), 3000));
    for (const [where, s] of [
      ['the first instance', onFirst],
      ['the second instance', onSecond],
    ] as const) {
      const closed = await Promise.race([s.closed, timeout]);
      t.ok(closed, `the feed on ${where} is closed`);
      if (closed) {
        t.equal(closed.code, 4401, `with 4401 on ${where}`);
        t.ok(closed.at - at < 1000, `on ${where} within ${closed.at - at} ms`);
      }
    }
    t.equal(await feed(firstUrl, unspent).result, 4401, 'a ticket bought with the old key and not yet used is void');
    t.equal(bystander.socket.readyState, WebSocket.OPEN, "another stall's feed stays open");
    const stillValid = feed(secondUrl, otherUnspent);
    t.equal(await stillValid.result, 'hello', "another stall's tickets still work");
    const renewed = feed(firstUrl, await ticketFor(rotated.json().apiKey));
    t.equal(await renewed.result, 'hello', 'the new key buys a working ticket');
    t.equal(
      (await first.call({ method: 'POST', url: '/api/v1/ws-tickets', token: stall.apiKey })).status,
      401,
      'the old key buys none',
    );
    for (const s of [bystander, stillValid, renewed]) s.socket.close();
  },
);
