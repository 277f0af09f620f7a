import t from 'tap';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config/config.js';
import { startTestApp } from '../helpers/app.js';

// One client address may hold only so many websockets open: the rest are refused at the upgrade with HTTP 429 and a
// stable error code, and a closed socket gives its place back. Other addresses are not affected.

/** Opens a websocket; resolves with the socket once open, or with the HTTP status and body the upgrade got instead. */
function open(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ socket?: WebSocket; closed?: Promise<number>; status?: number; body?: any }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const closed = new Promise<number>((r) => socket.once('close', r));
    socket.once('open', () => resolve({ socket, closed }));
    socket.once('unexpected-response', (_req, res) => {
      let raw = '';
      res.on('data', (d) => (raw += d));
      res.on('end', () => resolve({ status: res.statusCode, body: raw ? JSON.parse(raw) : undefined }));
    });
    socket.once('error', (e) => reject(e));
  });
}

const closeAll = (sockets: Array<WebSocket | undefined>) =>
  Promise.all(
    sockets.map(
      (s) =>
        s &&
        new Promise<void>((r) => (s.readyState === WebSocket.CLOSED ? r() : (s.once('close', () => r()), s.close()))),
    ),
  );

t.test('the default cap is 100 websockets per address', async (t) => {
  t.equal(loadConfig({}).WS_MAX_PER_IP, 100);
  const ctx = await startTestApp(t);
  const base = (await ctx.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  const opened = [];
  for (let i = 0; i < 100; i++) opened.push(await open(`${base}/ws/board`));
  t.ok(
    opened.every((o) => o.socket),
    '100 open',
  );
  const refused = await open(`${base}/ws/board`);
  t.equal(refused.status, 429, 'the 101st is refused');
  t.equal(refused.body?.error?.code, 'too_many_websockets');
  await closeAll(opened.map((o) => o.socket));
});

t.test('a configured cap counts every websocket route, frees a place on close, and is per address', async (t) => {
  const ctx = await startTestApp(t, { WS_MAX_PER_IP: '3', TRUST_PROXY: '1' });
  const base = (await ctx.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const a = [await open(`${base}/ws/board`, from('203.0.113.7')), await open(`${base}/ws/board`, from('203.0.113.7'))];
  // An upgrade to the merchant feed counts too (its ticket is refused just after).
  const feed = await open(`${base}/ws/merchant?ticket=bad`, from('203.0.113.7'));
  t.ok(
    [...a, feed].every((o) => o.socket),
    'three open',
  );
  const over = await open(`${base}/ws/board`, from('203.0.113.7'));
  t.equal(over.status, 429);
  t.match(over.body, { error: { code: 'too_many_websockets', message: /At most 3 websockets/ } });
  const other = await open(`${base}/ws/board`, from('198.51.100.20'));
  t.ok(other.socket, 'another address still connects');

  // The feed's bad ticket gets it closed by the server (4401), and the client closes one board socket: two places.
  const feedClosed = await feed.closed;
  t.equal(feedClosed, 4401);
  await closeAll([a[0].socket]);
  await new Promise((r) => setTimeout(r, 100));
  const again = [
    await open(`${base}/ws/board`, from('203.0.113.7')),
    await open(`${base}/ws/merchant?ticket=bad`, from('203.0.113.7')),
  ];
  t.ok(
    again.every((o) => o.socket),
    'closed sockets give their places back',
  );
  t.equal((await open(`${base}/ws/board`, from('203.0.113.7'))).status, 429, 'and the cap holds again');
  await closeAll([a[1].socket, other.socket, ...again.map((o) => o.socket)]);
});

t.test('the setting is bounded', async (t) => {
  t.throws(() => loadConfig({ WS_MAX_PER_IP: '0' }), /WS_MAX_PER_IP/);
  t.equal(loadConfig({ WS_MAX_PER_IP: '5000' }).WS_MAX_PER_IP, 5000);
});
