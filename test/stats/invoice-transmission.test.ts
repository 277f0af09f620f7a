import t from 'tap';
import { sql } from 'kysely';
import { startOfVietnamDay, vietnamDay } from '../../src/time/vietnam.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// The board's e-invoice tile: today's invoices (Vietnam day) by where they stand with the tax authority. Transmission
// is off, so the test moves each invoice to its status as the sender would.

const ctx = await startTestApp(t, { TVAN: 'off' });
const { call, database } = ctx;
const db = database.db;
const stall = await onboardStall(ctx, { name: 'Phở chua Cao Bằng' });
const sale = async (amount: number): Promise<string> =>
  (await call({ method: 'POST', url: '/api/v1/sales', token: stall.apiKey, payload: { method: 'cash', amount } })).body
    .invoice.id;
const set = (id: string, status: 'sent' | 'accepted' | 'rejected') =>
  db
    .updateTable('invoice_transmissions')
    .set({ status, sent_at: new Date(), decided_at: status === 'sent' ? null : new Date() })
    .where('invoice_id', '=', id)
    .execute();

t.test("the snapshot counts today's invoices accepted, sent, queued and rejected; not yesterday's", async (t) => {
  const [a1, a2, s1, r1] = [await sale(10000), await sale(20000), await sale(30000), await sale(40000)];
  await sale(50000); // stays queued
  const yesterday = await sale(60000);
  await set(a1, 'accepted');
  await set(a2, 'accepted');
  await set(s1, 'sent');
  await set(r1, 'rejected');
  // Issued a millisecond before today began in Vietnam (queued_at is the invoice's issued_at), and accepted.
  await set(yesterday, 'accepted');
  const dayStart = startOfVietnamDay(vietnamDay(new Date()));
  await db
    .updateTable('invoice_transmissions')
    .set({ queued_at: new Date(dayStart.getTime() - 1) })
    .where('invoice_id', '=', yesterday)
    .execute();
  const snap = (await call({ method: 'GET', url: '/api/v1/stats' })).body;
  t.same(snap.invoiceTransmission, { issued: 5, queued: 1, sent: 1, accepted: 2, rejected: 1 });
  t.equal(snap.today.invoices, 6, "the sales rollup still counts the day's invoices by their sale's day");
});

t.test('a test invoice (the sandbox bank) is never counted: it is never sent', async (t) => {
  const before = (await call({ method: 'GET', url: '/api/v1/stats' })).body.invoiceTransmission.issued;
  const pr = (
    await call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount: 7000 } })
  ).body;
  const paid = await call({
    method: 'POST',
    url: '/sandbox/transfers',
    payload: { payload: pr.qr.payload, payerBank: 'VCB' },
  });
  t.equal(paid.body.payment.outcome, 'matched');
  await new Promise((r) => setTimeout(r, 300)); // past the stats endpoint's shared snapshot (250 ms)
  t.equal((await call({ method: 'GET', url: '/api/v1/stats' })).body.invoiceTransmission.issued, before);
});

t.test('the count reads only the (status, queued_at) index, never the table', async (t) => {
  const dayStart = startOfVietnamDay(vietnamDay(new Date()));
  // So few rows would be scanned whole: forbid that to see the plan the index gives a busy day.
  await sql`set enable_seqscan = off`.execute(db);
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain
    select status, count(*) from invoice_transmissions
    where status in ('queued', 'sent', 'accepted', 'rejected') and queued_at >= ${dayStart}
      and queued_at < ${new Date(dayStart.getTime() + 86_400_000)}
    group by status`.execute(db);
  await sql`reset enable_seqscan`.execute(db);
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  t.match(plan, /Index Only Scan using invoice_transmissions_status_day/, plan);
});
