import t from 'tap';
import { REJECTIONS_KEPT_PER_MINUTE } from '../../src/payments/payments.repository.js';
import { startTestApp } from '../helpers/app.js';
import { sandboxDelivery, SECRETS } from '../helpers/webhooks.js';

const ctx = await startTestApp(t, { SANDBOX_WEBHOOK_SECRET: SECRETS.SANDBOX_WEBHOOK_SECRET });
const db = ctx.database.db;

const forged = (i: number) =>
  sandboxDelivery(
    { accountNumber: '0123456789', amount: 1000 + i, description: 'forged' },
    'not-the-sandbox-secret-0123456789',
  );
const send = (ip: string, i: number) => {
  const d = forged(i);
  return ctx.app.inject({
    method: 'POST',
    url: '/webhooks/sandbox',
    headers: d.headers,
    payload: d.body,
    remoteAddress: ip,
  });
};

t.test(
  '500 bad signatures from one source: at most the bound kept in detail per minute, all 500 counted',
  async (t) => {
    const flooder = '203.0.113.7';
    // In waves of 50 at once: concurrent refusals must not slip past the bound.
    for (let wave = 0; wave < 10; wave++) {
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => send(flooder, wave * 50 + i)));
      t.ok(
        answers.every((a) => a.statusCode === 401 && a.json().error.code === 'invalid_signature'),
        `wave ${wave}: all refused`,
      );
    }
    const counts = await db.selectFrom('webhook_rejection_counts').selectAll().where('source', '=', flooder).execute();
    t.equal(
      counts.reduce((sum, c) => sum + c.rejected, 0),
      500,
      'the count says 500',
    );
    // Normally one minute; a run that crosses a minute boundary has two rows, each bounded on its own.
    t.ok(counts.length >= 1 && counts.length <= 2);
    const kept = await db
      .selectFrom('webhook_rejections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ip', '=', flooder)
      .executeTakeFirstOrThrow();
    const bound = counts.reduce((sum, c) => sum + Math.min(c.rejected, REJECTIONS_KEPT_PER_MINUTE), 0);
    t.equal(Number(kept.n), bound, `${kept.n} rows kept in detail`);
    t.ok(Number(kept.n) <= REJECTIONS_KEPT_PER_MINUTE * counts.length);
  },
);

t.test('another source is still logged in detail while one floods', async (t) => {
  const other = '198.51.100.20';
  for (let i = 0; i < 3; i++) t.equal((await send(other, i)).statusCode, 401);
  const kept = await db
    .selectFrom('webhook_rejections')
    .select(['provider', 'reason'])
    .where('ip', '=', other)
    .execute();
  t.equal(kept.length, 3);
  t.ok(kept.every((r) => r.provider === 'sandbox' && r.reason.length > 0));
  const counted = await db
    .selectFrom('webhook_rejection_counts')
    .select('rejected')
    .where('source', '=', other)
    .execute();
  t.same(
    counted.map((c) => c.rejected),
    [3],
  );
});
