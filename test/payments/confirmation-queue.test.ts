import t from 'tap';
import { ANSWER_HOLD_LIMIT_MS, ConfirmationQueue } from '../../src/payments/confirmation-queue.js';
import { confirmCredits, type Confirmation, type Delivery } from '../../src/payments/confirm-credits.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { newTxId } from '../helpers/webhooks.js';

const ctx = await startTestApp(t);
const stall = await onboardStall(ctx);
const account = stall.merchant.payout.accountNumber as string;

const delivery = (amount: number, description: string): Delivery => {
  const credit = {
    providerTxId: newTxId(),
    bin: '970436',
    accountNumber: account,
    amount,
    description,
    payerBank: 'MBB',
    payerName: 'NGUYEN VAN A',
    occurredAt: new Date().toISOString(),
  };
  return { provider: 'sandbox', credit, rawBody: JSON.stringify(credit) };
};

t.test(
  'many credits to many stalls, two batches at a time: each confirmed once, each answered with its own payment',
  async (t) => {
    const others = [stall, await onboardStall(ctx), await onboardStall(ctx), await onboardStall(ctx)];
    const queue = new ConfirmationQueue(ctx.app.db, { concurrency: 2, maxBatch: 8 });
    const deliveries = Array.from({ length: 40 }, (_, i) => {
      const d = delivery(10_000 + i, `chuyen tien ${i}`);
      d.credit.accountNumber = others[i % others.length].merchant.payout.accountNumber;
      return d;
    });
    const results = await Promise.all(deliveries.map((d) => queue.submit(d)));
    t.same(
      results.map((r) => r.payment.provider_tx_id),
      deliveries.map((d) => d.credit.providerTxId),
    );
    t.ok(
      results.every((r) => r.payment.outcome === 'matched' && r.payment.sale_id),
      'static-QR credits to known stalls are sales',
    );
    const again = await queue.submit(deliveries[7]);
    t.equal(again.repeated, true);
    t.equal(again.payment.id, results[7].payment.id);
  },
);

t.test(
  'a bad credit in a batch fails alone: the others are confirmed, its raw notification is kept as failed',
  async (t) => {
    const queue = new ConfirmationQueue(ctx.app.db, { concurrency: 1, maxBatch: 8 });
    const good = [delivery(15_000, 'chuyen tien a'), delivery(16_000, 'chuyen tien b')];
    const bad = delivery(17_000, 'chuyen tien c');
    bad.credit.amount = -1; // the sales and payments checks refuse it
    const settled = await Promise.allSettled([good[0], bad, good[1]].map((d) => queue.submit(d)));
    t.same(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const kept = await ctx.app.db
      .selectFrom('notifications')
      .select(['status'])
      .where('provider_tx_id', '=', bad.credit.providerTxId)
      .executeTakeFirst();
    t.equal(kept?.status, 'failed');
  },
);

t.test('a failed batch is confirmed again in halves, one at a time, until the bad credit stands alone', async (t) => {
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const sizes: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const queue = new ConfirmationQueue(ctx.app.db, {
    concurrency: 1,
    maxBatch: 8,
    // The first batch (one delivery) waits at the gate, so the next eight all arrive and form one batch.
    confirm: async (db, deliveries, hooks) => {
      sizes.push(deliveries.length);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        if (sizes.length === 1) await gate;
        return await confirmCredits(db, deliveries, hooks);
      } finally {
        inFlight--;
      }
    },
  });
  const opener = queue.submit(delivery(18_000, 'chuyen tien mo'));
  const eight = Array.from({ length: 8 }, (_, i) => delivery(18_100 + i, `chuyen tien ${i}`));
  eight[2].credit.amount = -1; // refused by the checks
  const settled = Promise.allSettled(eight.map((d) => queue.submit(d)));
  openGate();
  await opener;
  t.same(
    (await settled).map((s) => s.status),
    ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'],
  );
  // 8 fails; its first half [0-3] fails; [0,1] is written; [2,3] fails; [2] fails alone; [3] and [4-7] are written.
  t.same(sizes, [1, 8, 4, 2, 2, 1, 1, 4], 'halves, not one transaction per delivery');
  t.equal(mostInFlight, 1, 'one batch at a time, as the queue is configured');
  const payments = await ctx.app.db
    .selectFrom('payments')
    .select('provider_tx_id')
    .where(
      'provider_tx_id',
      'in',
      eight.map((d) => d.credit.providerTxId),
    )
    .execute();
  t.equal(payments.length, 7, 'each good credit recorded once');
});

/** A queue whose write path is the real one, with each batch's write and commit noted in `log`. */
function watchedQueue(log: string[]) {
  let batches = 0;
  return new ConfirmationQueue(ctx.app.db, {
    concurrency: 1,
    maxBatch: 8,
    confirm: async (db, deliveries, hooks) => {
      const name = `batch ${++batches}`;
      const results = await confirmCredits(db, deliveries, {
        onWriteSent: () => {
          log.push(`${name} write sent`);
          hooks?.onWriteSent?.();
        },
      });
      log.push(`${name} committed`);
      return results;
    },
  });
}

t.test(
  'a committed batch is answered once the next batch has sent its write, and at once when nothing waits',
  async (t) => {
    const log: string[] = [];
    const queue = watchedQueue(log);
    const note = (name: string) => (c: Confirmation) => {
      log.push(`${name} answered`);
      return c;
    };
    // The first delivery starts a batch at once; the next two arrive while it runs and form the second batch.
    const first = queue.submit(delivery(21_000, 'chuyen tien 1')).then(note('first'));
    const rest = [delivery(22_000, 'chuyen tien 2'), delivery(23_000, 'chuyen tien 3')].map((d, i) =>
      queue.submit(d).then(note(`next ${i + 1}`)),
    );
    const results = await Promise.all([first, ...rest]);
    t.ok(
      results.every((r) => r.payment.outcome === 'matched' && !r.repeated),
      'every delivery has its own payment',
    );
    t.same(log, [
      'batch 1 write sent',
      'batch 1 committed',
      'batch 2 write sent',
      'first answered', // after its commit, while the second batch's write is under way
      'batch 2 committed',
      'next 1 answered', // nothing waits: at once
      'next 2 answered',
    ]);
  },
);

t.test('answers held for the next batch still go out when that batch fails', async (t) => {
  const log: string[] = [];
  const queue = watchedQueue(log);
  const first = queue.submit(delivery(24_000, 'chuyen tien 4'));
  const bad = delivery(25_000, 'chuyen tien 5');
  bad.credit.amount = -1; // refused by the checks: the second batch fails before its write is sent
  const settled = Promise.allSettled([first, queue.submit(bad)]);
  const late = new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 5_000).unref());
  const outcome = await Promise.race([settled, late]);
  t.not(outcome, 'still waiting', 'the first delivery is answered although no later batch wrote anything');
  if (outcome !== 'still waiting')
    t.same(
      outcome.map((s) => s.status),
      ['fulfilled', 'rejected'],
    );
  t.same(log, ['batch 1 write sent', 'batch 1 committed'], 'the failed batch never sent its write');
});

t.test('answers held for the next batch go out when that batch has nothing new to write', async (t) => {
  const log: string[] = [];
  const queue = watchedQueue(log);
  const d = delivery(27_000, 'chuyen tien 7');
  const [first, again] = await Promise.all([queue.submit(d), queue.submit(structuredClone(d))]);
  t.equal(again.repeated, true, 'the second delivery of one transaction repeats the first');
  t.equal(again.payment.id, first.payment.id);
  t.same(log, ['batch 1 write sent', 'batch 1 committed', 'batch 2 committed'], 'the repeat writes nothing');
});

t.test('held answers go out after ANSWER_HOLD_LIMIT_MS when the next batch is held up before its write', async (t) => {
  const log: string[] = [];
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  let batches = 0;
  const queue = new ConfirmationQueue(ctx.app.db, {
    concurrency: 1,
    maxBatch: 8,
    // The second batch stands for one waiting on a lock held elsewhere: it reaches the database only once the gate opens.
    confirm: async (db, deliveries, hooks) => {
      if (++batches === 2) await gate;
      return confirmCredits(db, deliveries, hooks);
    },
  });
  const first = queue.submit(delivery(28_000, 'chuyen tien 8')).then((c) => (log.push('first answered'), c));
  const second = queue.submit(delivery(29_000, 'chuyen tien 9'));
  const late = new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 5_000).unref());
  const started = Date.now();
  const outcome = await Promise.race([first, late]);
  t.not(outcome, 'still waiting', 'the first delivery is answered while the next batch is still held up');
  t.ok(Date.now() - started >= ANSWER_HOLD_LIMIT_MS - 1, 'after the hold limit, not before');
  openGate();
  t.equal((await second).repeated, false, 'the next batch goes on once free');
});

t.test('a hook that throws while the write fails leaves no rejection unhandled', async (t) => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  t.teardown(() => void process.off('unhandledRejection', onUnhandled));
  // A NUL in the memo passes the inbox (its raw body here has none) and fails the batch write itself: Postgres text
  // cannot hold it. The webhook route cleans memos first; this calls the write path directly.
  const bad = { ...delivery(30_000, 'chuyen tien 10\u0000'), rawBody: '{}' };
  let hookCalled = false;
  const failing = confirmCredits(ctx.app.db, [bad], {
    onWriteSent: () => {
      hookCalled = true;
      throw new Error('hook failed');
    },
  });
  await t.rejects(failing);
  t.ok(hookCalled, 'the write was sent before the hook threw');
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.same(unhandled, [], 'the failed write was awaited');
});

t.test('a failing after-commit notice does not turn a committed batch into a failed one', async (t) => {
  const queue = new ConfirmationQueue(ctx.app.db, {
    concurrency: 1,
    maxBatch: 8,
    onCommitted: () => {
      throw new Error('board unavailable');
    },
  });
  const results = await Promise.all(
    [delivery(31_000, 'chuyen tien 11'), delivery(32_000, 'chuyen tien 12')].map((d) => queue.submit(d)),
  );
  t.same(
    results.map((r) => r.repeated),
    [false, false],
    'answered as first deliveries, not as repeats of a failed batch',
  );
});
