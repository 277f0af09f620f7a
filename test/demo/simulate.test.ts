import t from 'tap';
import { formatSummary, simulate } from '../../scripts/simulate.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

t.test('the simulator pays, logs cash sales and records activations over HTTP without errors', async (t) => {
  const ctx = await startTestApp(t);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(ctx.app.server.address() as { port: number }).port}`;

  const kept = await onboardStall(ctx, { name: 'Bánh cuốn Bà Hoa', isDemo: true });
  const demo = [];
  for (const name of ['Phở chua Cao Bằng', 'Trà mận Bảo Lạc', 'Hạt dẻ Trùng Khánh'])
    demo.push(await onboardStall(ctx, { name, isDemo: true }));
  const real = await onboardStall(ctx, {
    name: 'Quầy thật',
    category: 'other',
    payout: { bin: '971005', accountNumber: '0912345678' },
  });
  // A second site: the simulator spreads its traffic over both.
  const market = await ctx.call({
    method: 'POST',
    url: '/api/v1/sites',
    token: ctx.adminToken,
    payload: { slug: 'cho-ca-mau', name: 'Chợ Cà Mau', kind: 'market', provinceCode: '96', ward: 'An Xuyên' },
  });
  t.equal(market.status, 201, market.raw);
  for (const name of ['Khô cá sặc Út Hiền', 'Bánh tằm cay Ngan Dừa'])
    await onboardStall(ctx, { name, isDemo: true, siteId: market.body.id, ward: 'An Xuyên' });

  const count = async (table: 'sales' | 'payments' | 'activations') =>
    Number(
      (
        await ctx.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = {
    sales: await count('sales'),
    payments: await count('payments'),
    activations: await count('activations'),
  };

  const summary = await simulate({
    url,
    token: ctx.adminToken,
    rate: 20,
    duration: 2,
    activationShare: 0.15,
    keepKeys: [kept.merchant.stallCode],
    progress: null,
  });
  t.comment(formatSummary(summary));
  t.equal(summary.errors, 0, `no errors ${JSON.stringify(summary.errorReasons)}`);
  t.ok(summary.sent >= 35 && summary.sent <= 40, `about 20/s for 2 s (${summary.sent})`);
  t.equal(summary.ok, summary.sent);
  t.same(summary.stalls, { total: 7, withKeys: 5 }, 'keys re-issued for the demo stalls it may touch only');
  t.same(Object.keys(summary.bySite).sort(), ['cho-ca-mau', 'kim-dong'], 'traffic on both sites');
  t.ok(summary.bySite['cho-ca-mau'] > 3, `the 2-stall market gets its share (${JSON.stringify(summary.bySite)})`);

  const { bank_qr, wallet_qr, cash, activation } = summary.byKind;
  t.ok(bank_qr.ok > 0, 'bank app payments happened');
  const after = {
    sales: await count('sales'),
    payments: await count('payments'),
    activations: await count('activations'),
  };
  t.equal(after.payments - before.payments, bank_qr.ok + wallet_qr.ok, 'one payment per QR event');
  t.equal(after.sales - before.sales, bank_qr.ok + wallet_qr.ok + cash.ok, 'one sale per payment or cash event');
  t.ok(
    after.activations - before.activations <= activation.ok,
    'activations recorded (a random repeat phone counts once)',
  );
  const paidRequests = await ctx.database.db
    .selectFrom('payment_requests')
    .select('id')
    .where('status', '=', 'paid')
    .execute();
  t.ok(paidRequests.length > 0, 'some shoppers paid dynamic codes');
  const unmatched = await ctx.database.db
    .selectFrom('payments')
    .select('id')
    .where('outcome', '!=', 'matched')
    .execute();
  t.equal(unmatched.length, 0, 'every payment matched its stall');

  const me = (key: string) => ctx.call({ url: '/api/v1/merchants/me', token: key });
  t.equal((await me(kept.apiKey)).status, 200, 'the kept showcase key still works');
  t.equal((await me(real.apiKey)).status, 200, 'a real stall key is never touched');
  t.equal((await me(demo[0]!.apiKey)).status, 401, 'other demo stall keys were re-issued');
});
