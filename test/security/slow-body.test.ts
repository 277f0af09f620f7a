import { connect } from 'node:net';
import t from 'tap';
import { startTestApp } from '../helpers/app.js';

// A client that opens a request and never finishes it (slowloris) must not hold the connection: short limits here,
// the defaults (30 s for the request, 10 s for its headers) are checked in test/config.
const ctx = await startTestApp(t, { REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000' });
const address = new URL(await ctx.app.listen({ port: 0, host: '127.0.0.1' }));
const port = Number(address.port);

interface Trickle {
  /** ms from the first byte until the server closed the connection, or null if it still held it at `giveUpMs`. */
  closedAfterMs: number | null;
  reply: string;
  sentBytes: number;
}

/** Sends `head` at once, then `rest` one byte every `everyMs`; reports when (if) the server hangs up. */
function trickle(head: string, rest: string, everyMs: number, giveUpMs: number): Promise<Trickle> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    let sent = 0;
    let timer: NodeJS.Timeout;
    const started = Date.now();
    const finish = (closedAfterMs: number | null) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ closedAfterMs, reply, sentBytes: sent });
    };
    const giveUp = setTimeout(() => finish(null), giveUpMs);
    socket.on('data', (d) => (reply += d));
    socket.on('close', () => finish(Date.now() - started));
    socket.on('error', () => {});
    socket.on('connect', () => {
      socket.write(head);
      sent = head.length;
      timer = setInterval(() => {
        if (sent - head.length < rest.length && !socket.destroyed) socket.write(rest[sent++ - head.length]);
      }, everyMs);
    });
  });
}

t.test('the configured limits reach the HTTP server', async (t) => {
  t.equal(ctx.app.server.requestTimeout, 1500);
  t.equal(ctx.app.server.headersTimeout, 1000);
});

t.test('a body trickled a byte at a time is cut at the request timeout with 408', async (t) => {
  const body = JSON.stringify({ id: 'TX1', amount: 1000, description: 'x'.repeat(200) });
  const head = `POST /webhooks/sandbox HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  const result = await trickle(head, body, 100, 6_000);
  t.not(result.closedAfterMs, null, 'the server hung up');
  t.ok(
    result.closedAfterMs! >= 1_400 && result.closedAfterMs! < 3_000,
    `cut after ${result.closedAfterMs} ms (limit 1500)`,
  );
  t.ok(result.sentBytes < head.length + body.length, 'before the body was complete');
  t.match(result.reply, /^HTTP\/1\.1 408/);
});

t.test('headers that never end are cut at the headers timeout', async (t) => {
  const head = 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n';
  const result = await trickle(head, 'X-Slow: ' + 'a'.repeat(200), 100, 6_000);
  t.not(result.closedAfterMs, null, 'the server hung up');
  t.ok(
    result.closedAfterMs! >= 900 && result.closedAfterMs! < 2_500,
    `cut after ${result.closedAfterMs} ms (limit 1000)`,
  );
  t.match(result.reply, /^HTTP\/1\.1 408/);
});

t.test('a request that arrives in time is answered as usual', async (t) => {
  const res = await fetch(`${address.origin}/healthz`);
  t.equal(res.status, 200);
});
