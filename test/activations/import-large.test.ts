import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import t from 'tap';
import { startTestApp } from '../helpers/app.js';

const { app, call, adminToken, database } = await startTestApp(t);
const staff = await call({
  method: 'POST',
  url: '/api/v1/staff',
  token: adminToken,
  payload: { name: 'Lục Văn Hải', role: 'staff' },
});
const token: string = staff.body.token;

// A collectable baseline makes the heap measurement mean something (tap does not pass --expose-gc).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const LINES = 50_000;
const providers = ['viettel_money', 'vnpt_money', 'mobifone_money'];
const wards = [
  'Phường Thục Phán',
  'Phường Nùng Trí Cao',
  'Phường Tân Giang',
  'Xã Bảo Lâm',
  'Xã Lý Bôn',
  'Xã Quảng Uyên',
  'Xã Nam Quang',
  'Xã Cô Ba',
];
const countActivations = async () =>
  Number(
    (
      await database.db
        .selectFrom('activations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

t.test(`a ${LINES.toLocaleString('en')}-line import is processed as it streams in, with bounded memory`, async (t) => {
  let sentBytes = 0;
  let heapBefore = 0;
  let heapPeak = 0;
  let createdWhenHalfSent = -1;
  // The file is generated as it is sent: the test never holds it either.
  async function* file() {
    yield 'provider,phone,ward,team,activated_at\n';
    let chunk = '';
    for (let i = 0; i < LINES; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      chunk += `${providers[i % 3]},09${String(i).padStart(8, '0')},${wards[i % wards.length]},,2026-02-${day} 08:${String(i % 60).padStart(2, '0')}\n`;
      if (chunk.length > 16_384) {
        sentBytes += Buffer.byteLength(chunk);
        yield chunk;
        chunk = '';
      }
      if (i === LINES / 2) createdWhenHalfSent = await countActivations();
      if (i % 10_000 === 0) {
        gc(); // what is still held, not garbage waiting to be collected
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      }
    }
    sentBytes += Buffer.byteLength(chunk);
    yield chunk;
  }

  gc();
  heapBefore = process.memoryUsage().heapUsed;
  heapPeak = heapBefore;
  const started = Date.now();
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/activations/import',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    payload: Readable.from(file()),
  });
  const seconds = (Date.now() - started) / 1000;
  t.equal(res.statusCode, 200, res.body.slice(0, 300));
  t.same(JSON.parse(res.body), { totalLines: LINES, created: LINES, duplicates: 0, rejectedCount: 0, rejected: [] });
  t.ok(sentBytes > 3_000_000, `a ${(sentBytes / 1e6).toFixed(1)} MB file`);
  t.ok(
    createdWhenHalfSent > 0,
    `activations were committed before half the file was sent (${createdWhenHalfSent} by then)`,
  );
  const growthMb = (heapPeak - heapBefore) / 1024 / 1024;
  t.ok(growthMb < 24, `live heap grew by at most ${growthMb.toFixed(1)} MB while importing`);
  t.comment(`imported in ${seconds.toFixed(1)} s`);

  t.equal(await countActivations(), LINES);
  const summary = await call({ method: 'GET', url: '/api/v1/activations/summary?days=366', token });
  t.equal(summary.body.total, LINES);
  t.same(
    summary.body.byProvider.map((p: { count: number }) => p.count),
    [16_667, 16_667, 16_666],
  );
  t.equal(summary.body.perDay.length, 28);
  const events = await database.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'activation.recorded')
    .executeTakeFirstOrThrow();
  t.equal(Number(events.n), LINES, 'one event per activation');
});
