import type { InjectOptions } from 'fastify';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { ensureFirstAdmin } from '../../src/auth/staff.service.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { ADMIN_TOKEN, type TestApp } from '../helpers/app.js';
import { createTestDatabase, deploymentSecretsEnv } from '../helpers/database.js';
import { onboardStall } from '../helpers/fixtures.js';
import { deliver, newTxId, sandboxDelivery } from '../helpers/webhooks.js';

/**
 * Like `startTestApp`, but the app logs its errors into `errors`: when a request answers 500, the suite can say
 * which internal error it was (the response itself rightly says nothing).
 */
export async function startLoggedApp(
  t: Test,
  env: Record<string, string> = {},
): Promise<TestApp & { errors: string[] }> {
  const database = await createTestDatabase();
  const config: Config = loadConfig({
    DATA_DIR: 'memory://',
    DEMO: '0',
    LOG_LEVEL: 'silent',
    ...deploymentSecretsEnv,
    ...env,
  });
  await ensureFirstAdmin(database.db, ADMIN_TOKEN);
  const errors: string[] = [];
  const stream = {
    write(line: string) {
      try {
        const entry = JSON.parse(line) as { msg?: string; err?: { type?: string; message?: string } };
        // Bundled drivers have minified class names ("C"): name only the standard JS errors.
        const type = /^[A-Z][A-Za-z]*Error$/.test(entry.err?.type ?? '') ? `${entry.err!.type}: ` : '';
        errors.push(`${type}${entry.err?.message ?? entry.msg ?? line}`.slice(0, 300));
      } catch {
        errors.push(line.slice(0, 300));
      }
    },
  };
  const app = await buildApp({ config, database, logger: { level: 'error', stream } as never });
  t.teardown(async () => {
    await app.close();
    await database.close();
  });
  return {
    app,
    database,
    adminToken: ADMIN_TOKEN,
    errors,
    async call({ token, headers, ...options }: InjectOptions & { token?: string }) {
      const res = await app.inject({
        ...options,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      });
      let body: unknown = undefined;
      if (String(res.headers['content-type'] ?? '').includes('json') && res.body) {
        try {
          body = JSON.parse(res.body);
        } catch {
          body = undefined;
        }
      }
      return { status: res.statusCode, body, headers: res.headers, raw: res.body };
    },
  };
}

export interface Stall {
  merchant: { id: string; stallCode: string; payout: { bin: string; accountNumber: string } };
  apiKey: string;
}

/** What the security suites act on: principals of every kind, and rows of two stalls. */
export interface World {
  adminToken: string;
  staffToken: string;
  staffId: string;
  teamId: string;
  a: Stall;
  b: Stall;
  /** A stall whose API key the fuzzer may rotate freely. */
  c: Stall;
  /** Ids by name, for path parameters and template bodies. */
  ids: Record<string, string>;
}

export async function ok<T = any>(
  res: { status: number; raw: string; body: any },
  expected: number,
  what: string,
): Promise<T> {
  if (res.status !== expected)
    throw new Error(`${what}: expected ${expected}, got ${res.status} ${res.raw.slice(0, 300)}`);
  return res.body as T;
}

/** A pending payment request of a stall. */
export async function newPaymentRequest(ctx: Pick<TestApp, 'call'>, stall: Stall, amount = 25000) {
  return ok(
    await ctx.call({ method: 'POST', url: '/api/v1/payment-requests', token: stall.apiKey, payload: { amount } }),
    201,
    'payment request',
  );
}

/** A cash sale of a stall with its e-invoice. */
export async function newCashSale(
  ctx: Pick<TestApp, 'call'>,
  stall: Stall,
  amount = 30000,
  extra: Record<string, unknown> = {},
) {
  return ok<{ sale: { id: string; amount: number }; invoice: { id: string; lookupCode: string } }>(
    await ctx.call({
      method: 'POST',
      url: '/api/v1/sales',
      token: stall.apiKey,
      payload: { amount, method: 'cash', ...extra },
    }),
    201,
    'cash sale',
  );
}

/** Money that came short for a stall's payment request: a payment of that stall waiting for staff review. */
export async function newUnderpaidPayment(ctx: Pick<TestApp, 'call'>, stall: Stall): Promise<string> {
  const pr = await newPaymentRequest(ctx, stall, 25000);
  const res = await deliver(
    ctx,
    'sandbox',
    sandboxDelivery({
      id: newTxId(),
      accountNumber: stall.merchant.payout.accountNumber,
      bin: stall.merchant.payout.bin,
      amount: 20000,
      description: `ck ${pr.reference as string}`,
    }),
  );
  const body = await ok(res, 200, 'underpaid delivery');
  return body.results[0].paymentId;
}

/** Money that reached no stall: a payment waiting for staff review. */
export async function newUnmatchedPayment(ctx: Pick<TestApp, 'call'>, amount = 7000): Promise<string> {
  const res = await deliver(
    ctx,
    'sandbox',
    sandboxDelivery({ id: newTxId(), accountNumber: '555444333222', amount, description: 'ck khong noi dung' }),
  );
  const body = await ok(res, 200, 'unmatched delivery');
  return body.results[0].paymentId;
}

export async function buildWorld(ctx: Pick<TestApp, 'call' | 'adminToken'>): Promise<World> {
  const { call, adminToken } = ctx;
  const staff = await ok(
    await call({
      method: 'POST',
      url: '/api/v1/staff',
      token: adminToken,
      payload: { name: 'Anh Minh', role: 'staff' },
    }),
    201,
    'staff',
  );
  const team = await ok(
    await call({
      method: 'POST',
      url: '/api/v1/teams',
      token: adminToken,
      payload: { name: `Tổ số ${Math.random().toString(36).slice(2, 8)}`, ward: 'Thục Phán' },
    }),
    201,
    'team',
  );
  const a = (await onboardStall(ctx, { payout: { bin: '970436', accountNumber: '0451000111111' } })) as Stall;
  const b = (await onboardStall(ctx, { payout: { bin: '970418', accountNumber: '0451000222222' } })) as Stall;
  const c = (await onboardStall(ctx, { payout: { bin: '970422', accountNumber: '0451000333333' } })) as Stall;
  const prA = await newPaymentRequest(ctx, a);
  const prB = await newPaymentRequest(ctx, b);
  const saleA = await newCashSale(ctx, a);
  const saleB = await newCashSale(ctx, b);
  const qr = await call({ method: 'GET', url: `/api/v1/merchants/${a.merchant.id}/qr.txt`, token: a.apiKey });
  // The stalls stand in the only site there is (Kim Đồng); routes that onboard name it, as suites may add sites.
  const [site] = (await call({ method: 'GET', url: '/api/v1/sites' })).body.sites as Array<{ id: string }>;
  const catalogItem = async (stall: Stall) =>
    (
      await ok(
        await call({
          method: 'POST',
          url: '/api/v1/catalog',
          token: stall.apiKey,
          payload: { name: 'Bún chả', unit: 'suất', price: 45000 },
        }),
        201,
        'catalog item',
      )
    ).item.id as string;
  return {
    adminToken,
    staffToken: staff.token,
    staffId: staff.staff.id,
    teamId: team.id,
    a,
    b,
    c,
    ids: {
      merchantA: a.merchant.id,
      merchantB: b.merchant.id,
      merchantC: c.merchant.id,
      prA: prA.id,
      prB: prB.id,
      saleA: saleA.sale.id,
      saleB: saleB.sale.id,
      invoiceA: saleA.invoice.id,
      invoiceB: saleB.invoice.id,
      lookupA: saleA.invoice.lookupCode,
      lookupB: saleB.invoice.lookupCode,
      paymentId: await newUnmatchedPayment(ctx),
      staffId: staff.staff.id,
      teamId: team.id,
      qrPayload: qr.raw,
      siteId: site.id,
      catalogItemA: await catalogItem(a),
      catalogItemB: await catalogItem(b),
    },
  };
}
