// The browser's shared modules (src/web/assets/shared/ and the two the server shares) are plain ES modules with no
// browser-only code at import time, so they are tested here in Node, against a real HTTP server for the fetch wrapper.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { COMMON_ERRORS, errorMessage, GENERIC_ERROR, withTexts } from '../../src/web/assets/shared/errors.js';
import { api, ApiError, apiResponse } from '../../src/web/assets/shared/fetch.js';
import { lang, num, pick, setLanguage, t as tr } from '../../src/web/assets/shared/language.js';
import {
  formatVietnamTime,
  fromVietnamMinute,
  startOfVietnamDay,
  VIETNAM_OFFSET,
  vietnamDay,
  vietnamIso,
  vietnamMinute,
} from '../../src/time/vietnam.js';

t.test('language: Vietnamese first, lookups follow the switch', async (t) => {
  t.equal(lang.current, 'vi', 'no remembered choice (no localStorage in Node): Vietnamese');
  t.equal(pick(['Xin chào', 'Hello']), 'Xin chào');
  t.equal(pick(['Xin chào', 'Hello'], 'en'), 'Hello', 'an explicit language wins');
  t.equal(num(1234567), '1.234.567');
  setLanguage('en');
  t.teardown(() => setLanguage('vi'));
  t.equal(lang.current, 'en');
  t.equal(tr('Đã nhận', 'Received'), 'Received');
  t.equal(num(1234567), '1,234,567');
  setLanguage('fr' as 'en');
  t.equal(lang.current, 'vi', 'anything but en is Vietnamese');
});

t.test('errors: a message by code, in the asked language', async (t) => {
  t.equal(errorMessage('rate_limited', { language: 'vi' }), COMMON_ERRORS.rate_limited[0]);
  t.equal(errorMessage('rate_limited', { language: 'en' }), 'Too many requests: wait a moment and try again');
  t.equal(
    errorMessage('qr_expired', { fallback: 'QR expired', language: 'vi' }),
    'QR expired',
    "an unknown code shows the server's message",
  );
  t.equal(errorMessage('qr_expired', { language: 'en' }), GENERIC_ERROR[1], 'with no message either, the generic text');
  t.equal(errorMessage(undefined, { language: 'vi' }), GENERIC_ERROR[0]);
  t.equal(errorMessage('toString', { fallback: 'x' }), 'x', 'inherited property names are not codes');
  const texts = withTexts({
    unauthorized: ['Mã cán bộ không hợp lệ', 'The staff token is not valid'],
    csv_empty: ['Tệp trống', 'The file is empty'],
  });
  t.equal(
    errorMessage('unauthorized', { texts, language: 'en' }),
    'The staff token is not valid',
    "a page's wording overrides the common one",
  );
  t.equal(errorMessage('csv_empty', { texts, language: 'vi' }), 'Tệp trống');
  t.equal(
    errorMessage('internal_error', { texts, language: 'en' }),
    COMMON_ERRORS.internal_error[1],
    'common codes stay known',
  );
});

t.test('fetch: JSON and the token go out; refusals come back as ApiError by stable code', async (t) => {
  const seen: { method?: string; auth?: string; type?: string; body: string }[] = [];
  const routes: Record<string, (res: ServerResponse) => void> = {
    '/ok': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7}'),
    '/invalid': (res) =>
      res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' }).end(
        JSON.stringify({
          error: { code: 'validation_failed', message: 'body/phone is required', details: [{ field: 'body.phone' }] },
        }),
      ),
    '/expired': (res) =>
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"error":{"code":"unauthorized","message":"Token expired"}}'),
    '/gateway': (res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'),
    '/file.csv': (res) =>
      res
        .writeHead(200, { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="a.csv"' })
        .end('provider,phone\n'),
    '/missing': (res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('nope'),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, auth: req.headers.authorization, type: req.headers['content-type'], body });
      routes[req.url ?? '']?.(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  t.same(await api(`${base}/ok`, { token: 'k1', method: 'POST', body: { amount: 45000 } }), { id: 7 });
  t.same(seen[0], { method: 'POST', auth: 'Bearer k1', type: 'application/json', body: '{"amount":45000}' });
  await api(`${base}/ok`);
  t.same(seen[1], { method: 'GET', auth: undefined, type: undefined, body: '' }, 'no token, no body: neither header');

  const invalid = await api(`${base}/invalid`).catch((e: unknown) => e);
  t.ok(invalid instanceof ApiError);
  t.match(invalid, {
    status: 400,
    code: 'validation_failed',
    message: 'body/phone is required',
    details: [{ field: 'body.phone' }],
  });
  t.match((invalid as ApiError).data, { error: { code: 'validation_failed' } }, 'the whole answer is kept');

  const signedOut: ApiError[] = [];
  await t.rejects(api(`${base}/expired`, { token: 'old', onUnauthorized: (e) => signedOut.push(e) }), {
    status: 401,
    code: 'unauthorized',
  });
  t.equal(signedOut.length, 1, 'a 401 calls onUnauthorized before throwing');
  await t.rejects(api(`${base}/invalid`, { onUnauthorized: (e) => signedOut.push(e) }), {
    status: 400,
    code: 'validation_failed',
  });
  t.equal(signedOut.length, 1, 'other refusals do not');

  await t.rejects(api(`${base}/gateway`), { status: 502, code: 'internal_error' }, 'a proxy page is a server failure');
  await t.rejects(
    api(`${base}/missing`),
    { status: 404, code: 'http_404' },
    'an answer without our error body gets a code from its status',
  );

  const file = await apiResponse(`${base}/file.csv`, { token: 'k2' });
  t.equal(seen.at(-1)?.auth, 'Bearer k2', 'a download carries the token too');
  t.equal(await file.text(), 'provider,phone\n', 'a download answers the Response itself');
  await t.rejects(
    apiResponse(`${base}/invalid`),
    { status: 400, code: 'validation_failed' },
    'and is refused the same way',
  );

  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  await t.rejects(
    api(`http://127.0.0.1:${port}/ok`),
    { status: 0, code: 'network_error' },
    'no answer at all: status 0',
  );
});

t.test('Vietnam time: UTC+7 whatever the machine is set to', async (t) => {
  t.equal(VIETNAM_OFFSET, '+07:00');
  t.equal(vietnamDay(new Date('2026-12-31T16:59:59.999Z')), '2026-12-31');
  t.equal(vietnamDay(new Date('2026-12-31T17:00:00Z')), '2027-01-01', 'midnight in Hanoi is 17:00 UTC');
  t.equal(startOfVietnamDay('2027-01-01').toISOString(), '2026-12-31T17:00:00.000Z');
  t.equal(vietnamIso(new Date('2026-11-23T00:05:09.500Z')), '2026-11-23T07:05:09+07:00');
  t.equal(vietnamMinute(new Date('2026-11-23T18:30:59Z')), '2026-11-24T01:30', 'what a datetime-local input holds');
  t.equal(fromVietnamMinute('2026-11-24T01:30'), '2026-11-24T01:30:00+07:00');
  t.equal(
    Date.parse(fromVietnamMinute(vietnamMinute(new Date('2026-11-23T18:30:00Z')))),
    Date.parse('2026-11-23T18:30:00Z'),
    'a round trip is exact to the minute',
  );
  t.match(formatVietnamTime('2026-01-10T16:30:00Z', 'vi'), /23:30/);
  t.match(formatVietnamTime(new Date('2026-01-10T16:30:00Z'), 'en'), /10\/01\/2026, 23:30/);
});
