import t from 'tap';
import { XMLParser } from 'fast-xml-parser';
import { runInvariantChecks } from '../../src/check/invariants.js';
import {
  messageIdFor,
  readReceipt,
  readResult,
  type TaxAuthorityTransport,
  TransportUnavailable,
  tvanSandbox,
} from '../../src/tax-authority/index.js';
import { startTestApp } from '../helpers/app.js';
import { legacyStall, onboardStall } from '../helpers/fixtures.js';
import { deliver, sandboxDelivery, SECRETS, sepayDelivery } from '../helpers/webhooks.js';

// Transmission through the simulated tax authority (docs/tax-authority.md): the authority accepts, rejects, is down
// and comes back. The transport is the sandbox behind a switch the tests turn: 'down' fails every call before it
// reaches the sandbox, 'lost' lets a message reach it and then loses the answer (a timeout after delivery).

const sandbox = tvanSandbox();
let mode: 'up' | 'down' | 'lost' = 'up';
const transport: TaxAuthorityTransport = {
  name: 'test-switch',
  async send(message) {
    if (mode === 'down') throw new TransportUnavailable('connect ECONNREFUSED');
    const receipt = await sandbox.send(message);
    if (mode === 'lost') throw new Error('timeout after 10000 ms');
    return receipt;
  },
  async lookup(id) {
    if (mode === 'down') throw new TransportUnavailable('connect ECONNREFUSED');
    return sandbox.lookup(id);
  },
};

// A long poll: passes run when a commit queues an invoice, and when a test asks for one (runOnce).
const ctx = await startTestApp(t, { ...SECRETS, TVAN_POLL_MS: '3600000' }, transport);
const { call, database, app } = ctx;
const db = database.db;
const withMst = await onboardStall(ctx, { name: 'Phở chua Cao Bằng', taxCode: '4701304564' });
// Onboarding now requires the MST and address: these stalls were stored before it did.
const noMst = await legacyStall(ctx, ['tax_code'], { name: 'Thổ cẩm Tày Nùng' });
const noAddress = await legacyStall(ctx, ['address'], { name: 'Miến dong Nguyên Bình' });

const cashSale = async (stall: { apiKey: string }, amount: number) => {
  const res = await call({
    method: 'POST',
    url: '/api/v1/sales',
    token: stall.apiKey,
    payload: { method: 'cash', amount },
  });
  if (res.status !== 201) throw new Error(`sale failed: ${res.raw}`);
  return res.body.invoice;
};
const invoiceJson = async (id: string) =>
  (await call({ method: 'GET', url: `/api/v1/invoices/${id}`, token: ctx.adminToken })).body;
const row = (id: string) =>
  db.selectFrom('invoice_transmissions').selectAll().where('invoice_id', '=', id).executeTakeFirstOrThrow();

/** Waits for the loop (woken by the sale's commit) to leave the invoice in one of `statuses`. */
async function settled(id: string, statuses: string[], until = (r: any) => statuses.includes(r.status)) {
  for (let i = 0; i < 200; i++) {
    const r = await row(id);
    if (until(r)) return r;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`invoice ${id} still ${(await row(id)).status}`);
}
const sendsOf = (messageId: string) => sandbox.received.filter((m) => m.messageId === messageId).length;
const HOUR = 3_600_000;

t.test('accepted: a cash sale is queued in its transaction, sent once as a 206 message, accepted', async (t) => {
  const invoice = await cashSale(withMst, 45000);
  t.same(invoice.transmission, { status: 'queued', messageId: null }, 'the sale answers with its invoice queued');
  await settled(invoice.id, ['accepted']);
  const json = await invoiceJson(invoice.id);
  const messageId = messageIdFor('SANDBOX', invoice.id);
  t.same(json.transmission, { status: 'accepted', messageId });
  t.equal(messageId.length, 39, 'MNGui (7) + 32 hex digits, within the 46 MTDiep allows');
  t.equal(sendsOf(messageId), 1, 'sent once');

  const sent = new XMLParser({ parseTagValue: false }).parse(
    sandbox.received.find((m) => m.messageId === messageId)!.xml,
  );
  t.same(sent.TDiep.TTChung, {
    PBan: '2.1.0',
    MNGui: 'SANDBOX',
    MNNhan: 'TCT',
    MLTDiep: '206',
    MTDiep: messageId,
    MST: '4701304564',
    SLuong: '1',
  });
  t.equal(sent.TDiep.DLieu.HDon.DLHDon.TTChung.SHDon, String(invoice.number), 'DLieu carries the invoice (HDon)');

  const stored = await row(invoice.id);
  t.match(readReceipt(stored.receipt_xml!), { answers: messageId, received: true, errors: [] }, '999 stored');
  t.match(readResult(stored.result_xml!), { answers: messageId, valid: true, errors: [] }, '204 stored');
  t.ok(stored.sent_at && stored.decided_at);
});

t.test('rejected: the authority refuses a message without the seller MST; code and text in the JSON', async (t) => {
  const invoice = await cashSale(noMst, 30000);
  await settled(invoice.id, ['rejected']);
  const json = await invoiceJson(invoice.id);
  t.same(json.transmission, {
    status: 'rejected',
    messageId: messageIdFor('SANDBOX', invoice.id),
    error: { code: 'S105', text: 'Thiếu mã số thuế (MST) người nộp thuế' },
  });
  const list = await call({
    method: 'GET',
    url: `/api/v1/invoices?merchantId=${noMst.merchant.id}`,
    token: ctx.adminToken,
  });
  t.equal(list.body.items[0].transmission.status, 'rejected', 'the list shows it too');
  const receipt = readReceipt((await row(invoice.id)).receipt_xml!);
  t.match(receipt, { received: false, errors: [{ code: 'S105' }] }, 'refused by the technical receipt (TTTNhan 1)');
});

t.test(
  'rejected: a stall stored without an address gets its invoice (money kept) but the authority refuses it',
  async (t) => {
    const invoice = await cashSale(noAddress, 25000);
    t.equal(invoice.totals.total, 25000, 'the sale and its invoice are made');
    await settled(invoice.id, ['rejected']);
    t.same((await invoiceJson(invoice.id)).transmission.error, {
      code: 'S203',
      text: 'Thiếu địa chỉ người bán (NBan/DChi)',
    });
  },
);

const unaccepted = (token = ctx.adminToken) => call({ method: 'GET', url: '/api/v1/tax-authority/unaccepted', token });

t.test("staff see a rejected invoice with the authority's reason; a stall's key may not look", async (t) => {
  const res = await unaccepted();
  t.equal(res.status, 200);
  const rejected = res.body.items.filter((i: any) => i.status === 'rejected' && i.error.code === 'S105');
  t.equal(rejected.length, 1);
  t.ok(
    res.body.items.some((i: any) => i.stallCode === noAddress.merchant.stallCode && i.error?.code === 'S203'),
    'the one without an address too, with its reason',
  );
  t.match(rejected[0], {
    stallCode: noMst.merchant.stallCode,
    stallName: 'Thổ cẩm Tày Nùng',
    total: 30000,
    error: { code: 'S105', text: 'Thiếu mã số thuế (MST) người nộp thuế' },
  });
  t.notOk(
    res.body.items.some((i: any) => i.status === 'accepted'),
    'accepted ones are not listed',
  );
  t.equal((await unaccepted(withMst.apiKey)).status, 403);
});

t.test('the authority down, then the answer lost, then back: retried with backoff, sent once, one id', async (t) => {
  mode = 'down';
  const invoice = await cashSale(withMst, 12000);
  const first = await settled(invoice.id, [], (r) => r.attempts === 1 && r.last_error !== null);
  const messageId = messageIdFor('SANDBOX', invoice.id);
  t.match(first, { status: 'queued', message_id: messageId, last_error: /ECONNREFUSED/ });
  t.ok(first.next_attempt_at.getTime() > Date.now(), 'the retry waits (backoff kept in the table)');
  t.same((await app.taxAuthority!.runOnce()).taken, 0, 'nothing due before the backoff ends');
  const listed = (await unaccepted()).body.items.find((i: any) => i.invoiceId === invoice.id);
  t.match(
    listed,
    { status: 'queued', messageId, attempts: 1, lastError: /ECONNREFUSED/, error: null },
    "today's, not yet accepted",
  );

  mode = 'lost';
  const second = await app.taxAuthority!.runOnce(new Date(Date.now() + HOUR));
  t.match(second, { taken: 1, unreachable: 1 }, 'the message reached the authority, its answer did not');
  t.equal(sendsOf(messageId), 1);
  const afterLost = await row(invoice.id);
  t.match(afterLost, { status: 'queued', attempts: 2, message_id: messageId });
  t.ok(afterLost.next_attempt_at.getTime() - first.next_attempt_at.getTime() > HOUR, 'the next wait is longer');

  mode = 'up';
  const third = await app.taxAuthority!.runOnce(new Date(Date.now() + 2 * HOUR));
  t.match(third, { taken: 1, accepted: 1 }, 'found by its id at the authority: accepted without sending again');
  t.equal(sendsOf(messageId), 1, 'sent once in all');
  t.same((await invoiceJson(invoice.id)).transmission, { status: 'accepted', messageId });
});

t.test(
  'every invoice is queued, in its own write: refunds, replacements, bank-confirmed sales; never test ones',
  async (t) => {
    const sale = await call({
      method: 'POST',
      url: '/api/v1/sales',
      token: withMst.apiKey,
      payload: { method: 'cash', amount: 50000 },
    });
    const refund = await call({
      method: 'POST',
      url: `/api/v1/sales/${sale.body.sale.id}/refunds`,
      token: withMst.apiKey,
      payload: { amount: 10000, reason: 'Thiếu một bát' },
    });
    t.equal(refund.status, 201);
    const adjustment = refund.body.adjustment;
    t.same(adjustment.transmission, { status: 'queued', messageId: null });
    const replaced = await call({
      method: 'POST',
      url: `/i/${sale.body.invoice.lookupCode}/buyer`,
      payload: { name: 'Công ty TNHH Hoa Mai', taxCode: '0100233488' },
    });
    t.equal(replaced.status, 201);

    const account = withMst.merchant.payout.accountNumber;
    const pay = async (provider: 'sandbox' | 'sepay') => {
      const pr = await call({
        method: 'POST',
        url: '/api/v1/payment-requests',
        token: withMst.apiKey,
        payload: { amount: 25000 },
      });
      const make = provider === 'sandbox' ? sandboxDelivery : sepayDelivery;
      const res = await deliver(
        ctx,
        provider,
        make({ accountNumber: account, amount: 25000, description: `${pr.body.reference} FT1` }),
      );
      t.equal(res.status, 200);
      return db
        .selectFrom('invoices')
        .select(['id', 'test'])
        .where('sale_id', 'in', db.selectFrom('sales').select('id').where('payment_request_id', '=', pr.body.id))
        .executeTakeFirstOrThrow();
    };
    const bank = await pay('sepay');
    const testMoney = await pay('sandbox');
    t.equal(testMoney.test, true, 'the sandbox bank makes a test invoice');

    for (const id of [adjustment.id, replaced.body.id, bank.id]) await settled(id, ['accepted']);
    t.equal(
      await db
        .selectFrom('invoice_transmissions')
        .select('invoice_id')
        .where('invoice_id', '=', testMoney.id)
        .executeTakeFirst(),
      undefined,
      'never queued',
    );
    t.equal((await invoiceJson(testMoney.id)).transmission, null);
  },
);

t.test('npm run check: an invoice of a past Vietnam day not accepted breaks the same-day rule', async (t) => {
  const only = ['invoices_transmitted_same_day'];
  const clean = await runInvariantChecks(db, only);
  t.same(clean.violations, [], "today's invoices, accepted or not, break nothing yet");
  t.ok(clean.results[0]!.checked > 0);

  const rejected = await db
    .selectFrom('invoice_transmissions')
    .select('invoice_id')
    .where('status', '=', 'rejected')
    .executeTakeFirstOrThrow();
  const accepted = await db
    .selectFrom('invoice_transmissions')
    .select('invoice_id')
    .where('status', '=', 'accepted')
    .executeTakeFirstOrThrow();
  const yesterday = new Date(Date.now() - 26 * HOUR);
  await db
    .updateTable('invoices')
    .set({ issued_at: yesterday })
    .where('id', 'in', [rejected.invoice_id, accepted.invoice_id])
    .execute();
  const report = await runInvariantChecks(db, only);
  t.equal(report.violations.length, 1, 'only the one not accepted');
  t.match(report.violations[0], {
    check: 'invoices_transmitted_same_day',
    message: /not accepted by the tax authority: rejected \(S105: Thiếu mã số thuế/,
    details: { invoiceId: rejected.invoice_id, status: 'rejected' },
  });
});
