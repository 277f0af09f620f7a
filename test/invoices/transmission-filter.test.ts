import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// The staff invoices list filtered by where each invoice stands with the tax authority. Transmission is off here, so
// every invoice stays queued until the test moves it, as the sender would, to the status it needs.

const ctx = await startTestApp(t, { TVAN: 'off' });
const { call, database } = ctx;
const stall = await onboardStall(ctx, { name: 'Phở chua Cao Bằng' });
const other = await onboardStall(ctx, { name: 'Thổ cẩm Tày Nùng' });

const sale = async (s: { apiKey: string }, amount: number): Promise<string> => {
  const res = await call({
    method: 'POST',
    url: '/api/v1/sales',
    token: s.apiKey,
    payload: { method: 'cash', amount },
  });
  if (res.status !== 201) throw new Error(res.raw);
  return res.body.invoice.id;
};
const move = async (id: string, status: 'sent' | 'accepted' | 'rejected') => {
  const decided = status !== 'sent';
  await database.db
    .updateTable('invoice_transmissions')
    .set({
      status,
      message_id: `TEST${id.replaceAll('-', '').toUpperCase()}`,
      sent_at: new Date(),
      decided_at: decided ? new Date() : null,
      ...(status === 'rejected' ? { error_code: 'S105', error_text: 'Thiếu mã số thuế (MST) người nộp thuế' } : {}),
    })
    .where('invoice_id', '=', id)
    .execute();
};
const list = (query: string, token = ctx.adminToken) =>
  call({ method: 'GET', url: `/api/v1/invoices?${query}`, token });
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

const queued = await sale(stall, 10000);
const sent = await sale(stall, 20000);
const accepted = [await sale(stall, 30000), await sale(stall, 31000), await sale(other, 32000)];
const rejected = await sale(other, 40000);
await move(sent, 'sent');
for (const id of accepted) await move(id, 'accepted');
await move(rejected, 'rejected');

t.test('each status lists exactly its invoices, newest first, with the status in their JSON', async (t) => {
  t.same(ids(await list('transmission=queued')), [queued]);
  t.same(ids(await list('transmission=sent')), [sent]);
  t.same(ids(await list('transmission=accepted')), [...accepted].reverse());
  const refused = await list('transmission=rejected');
  t.same(ids(refused), [rejected]);
  t.match(refused.body.items[0].transmission, {
    status: 'rejected',
    error: { code: 'S105', text: 'Thiếu mã số thuế (MST) người nộp thuế' },
  });
  t.equal((await list('')).body.items.length, 6, 'without the filter, every invoice');
});

t.test('the filter pages with the cursor and goes with merchantId and with a stall key', async (t) => {
  const first = await list('transmission=accepted&limit=2');
  t.same(ids(first), [accepted[2], accepted[1]]);
  const second = await list(`transmission=accepted&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
  t.same(ids(second), [accepted[0]]);
  t.equal(second.body.nextCursor, null);
  t.same(ids(await list(`transmission=accepted&merchantId=${stall.merchant.id}`)), [accepted[1], accepted[0]]);
  t.same(ids(await list('transmission=accepted', other.apiKey)), [accepted[2]], 'a stall sees only its own');
  t.same(ids(await list('transmission=queued', other.apiKey)), [], "another stall's queued invoice stays invisible");
});

t.test('any other status is a 400 with a stable code naming the field', async (t) => {
  for (const bad of ['pending', 'ACCEPTED', '', 'accepted,rejected']) {
    const res = await list(`transmission=${encodeURIComponent(bad)}`);
    t.equal(res.status, 400, bad);
    t.equal(res.body.error.code, 'validation_failed');
    t.match(res.body.error.details, [{ field: 'querystring.transmission' }]);
  }
});
