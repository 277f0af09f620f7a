import type { TestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

/**
 * The report suites' sites: Kim Đồng (made by the migration, Cao Bằng), a second Cao Bằng site and a Cà Mau market,
 * added as an admin would (straight into the table here: the suites test reports, not the sites API).
 */
export async function reportSites(ctx: Pick<TestApp, 'database'>) {
  const { db } = ctx.database;
  const migrated = await db.selectFrom('sites').select(['id', 'slug']).where('slug', '=', 'kim-dong').executeTakeFirstOrThrow();
  const kimDong = { ...migrated, ward: 'Thục Phán' };
  const add = (slug: string, name: string, province: string, ward: string) =>
    db
      .insertInto('sites')
      .values({ slug, name, kind: 'market', province_code: province, ward_code: ward, address: null, created_at: new Date() })
      .returning(['id', 'slug'])
      .executeTakeFirstOrThrow();
  const tanGiang = { ...(await add('cho-tan-giang', 'Chợ Tân Giang', '04', '01288')), ward: 'Tân Giang' };
  const caMau = { ...(await add('cho-ca-mau', 'Chợ Cà Mau', '96', '32002')), ward: 'An Xuyên' };
  return { kimDong, tanGiang, caMau };
}

/** A stall onboarded through the API into a site (and its ward, which onboarding checks against the province). */
export async function stallAt(
  ctx: Pick<TestApp, 'call' | 'adminToken' | 'database'>,
  site: { id: string; ward: string },
  overrides: Record<string, unknown> = {},
) {
  return onboardStall(ctx, { siteId: site.id, ward: site.ward, ...overrides });
}

/** A bank-QR sale: a payment request paid through the sandbox bank by `payerBank` (test money); answers its sale. */
export async function qrSale(
  ctx: Pick<TestApp, 'call' | 'database'>, stall: { apiKey: string }, amount: number, payerBank = 'VCB', items?: unknown) {
  const pr = await ctx.call({
    method: 'POST',
    url: '/api/v1/payment-requests',
    token: stall.apiKey,
    payload: items ? { items } : { amount },
  });
  if (pr.status !== 201) throw new Error(`payment request: ${pr.status} ${pr.raw}`);
  const paid = await ctx.call({ method: 'POST', url: '/sandbox/transfers', payload: { payload: pr.body.qr.payload, payerBank } });
  if (paid.body?.payment?.outcome !== 'matched') throw new Error(`transfer: ${paid.status} ${paid.raw}`);
  const { sale_id } = await ctx.database.db
    .selectFrom('payments')
    .select('sale_id')
    .where('id', '=', paid.body.payment.id)
    .executeTakeFirstOrThrow();
  return { sale: { id: sale_id! }, payment: paid.body.payment };
}

export async function cashSale(ctx: Pick<TestApp, 'call'>, stall: { apiKey: string }, payload: Record<string, unknown>) {
  const res = await ctx.call({ method: 'POST', url: '/api/v1/sales', token: stall.apiKey, payload: { method: 'cash', ...payload } });
  if (res.status !== 201) throw new Error(`cash sale: ${res.status} ${res.raw}`);
  return res.body;
}

/** A small RFC 4180 reader: enough to see each cell exactly as a spreadsheet would receive it. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
