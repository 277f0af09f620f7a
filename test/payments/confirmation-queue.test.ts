import t from 'tap';
import { ConfirmationQueue } from '../../src/payments/confirmation-queue.js';
import type { Delivery } from '../../src/payments/confirm-credits.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { newTxId } from '../helpers/webhooks.js';

const ctx = await startTestApp(t);
const stall = await onboardStall(ctx);
const account = stall.merchant.payout.accountNumber as string;

const delivery = (amount: number, description: string): Delivery => {
  const credit = { providerTxId: newTxId(), bin: '970436', accountNumber: account, amount, description, payerBank: 'MBB', payerName: 'NGUYEN VAN A', occurredAt: new Date().toISOString() };
  return { provider: 'sandbox', credit, rawBody: JSON.stringify(credit) };
};

t.test('many credits to many stalls, two batches at a time: each confirmed once, each answered with its own payment', async (t) => {
  const others = [stall, await onboardStall(ctx), await onboardStall(ctx), await onboardStall(ctx)];
  const queue = new ConfirmationQueue(ctx.app.db, { concurrency: 2, maxBatch: 8 });
  const deliveries = Array.from({ length: 40 }, (_, i) => {
    const d = delivery(10_000 + i, `chuyen tien ${i}`);
    d.credit.accountNumber = others[i % others.length].merchant.payout.accountNumber;
    return d;
  });
  const results = await Promise.all(deliveries.map((d) => queue.submit(d)));
  t.same(results.map((r) => r.payment.provider_tx_id), deliveries.map((d) => d.credit.providerTxId));
  t.ok(results.every((r) => r.payment.outcome === 'matched' && r.payment.sale_id), 'static-QR credits to known stalls are sales');
  const again = await queue.submit(deliveries[7]);
  t.equal(again.repeated, true);
  t.equal(again.payment.id, results[7].payment.id);
});

t.test('a bad credit in a batch fails alone: the others are confirmed, its raw notification is kept as failed', async (t) => {
  const queue = new ConfirmationQueue(ctx.app.db, { concurrency: 1, maxBatch: 8 });
  const good = [delivery(15_000, 'chuyen tien a'), delivery(16_000, 'chuyen tien b')];
  const bad = delivery(17_000, 'chuyen tien c');
  bad.credit.amount = -1; // the sales and payments checks refuse it
  const settled = await Promise.allSettled([good[0], bad, good[1]].map((d) => queue.submit(d)));
  t.same(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled']);
  const kept = await ctx.app.db.selectFrom('notifications').select(['status']).where('provider_tx_id', '=', bad.credit.providerTxId).executeTakeFirst();
  t.equal(kept?.status, 'failed');
});
