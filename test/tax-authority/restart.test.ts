import t from 'tap';
import { messageIdFor } from '../../src/tax-authority/index.js';
import { startSecondInstance, startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// A restart while invoices are queued: the first instance has no way to the authority (TVAN=off), so its invoices
// wait in the queue; it stops, and a new instance on the same database (the sandbox by default on the embedded
// trial) sends them from its own loop, started with the app: nobody asks it to.

const first = await startTestApp(t, { TVAN: 'off' });
const { call, database } = first;
const stall = await onboardStall(first, { taxCode: '4701304564' });

t.test('invoices queued before a restart are sent by the next instance, each once', async (t) => {
  t.equal(first.app.taxAuthority, null, 'TVAN=off: no sender');
  const ids: string[] = [];
  for (const amount of [15000, 27000]) {
    const res = await call({
      method: 'POST',
      url: '/api/v1/sales',
      token: stall.apiKey,
      payload: { method: 'cash', amount },
    });
    ids.push(res.body.invoice.id);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const waiting = await database.db
    .selectFrom('invoice_transmissions')
    .selectAll()
    .where('invoice_id', 'in', ids)
    .execute();
  t.same(
    waiting.map((r) => [r.status, r.attempts, r.message_id]),
    [
      ['queued', 0, null],
      ['queued', 0, null],
    ],
    'queued in the sales, never attempted',
  );
  await first.app.close(); // the restart: this instance is gone

  const next = await startSecondInstance(t, first);
  await next.ready();
  let rows = waiting;
  for (let i = 0; i < 200 && !rows.every((r) => r.status === 'accepted'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    rows = await database.db.selectFrom('invoice_transmissions').selectAll().where('invoice_id', 'in', ids).execute();
  }
  t.same(
    rows.map((r) => [r.status, r.attempts, r.message_id]).sort(),
    ids.map((id) => ['accepted', 1, messageIdFor('SANDBOX', id)]).sort(),
    'accepted after one attempt each',
  );
  const sandbox = next.taxAuthority!.transport as { received?: Array<{ messageId: string }> };
  t.same(
    sandbox.received?.map((m) => m.messageId).sort(),
    ids.map((id) => messageIdFor('SANDBOX', id)).sort(),
    'sent once each',
  );
});
