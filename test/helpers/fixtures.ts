import { taxCodeWithCheckDigit } from '../../src/tax/index.js';
import type { TestApp } from './app.js';

let stallSeq = 0;

/** A valid tax code (MST) of its own for each test stall: `47` (Cao Bằng) then the sequence, with its check digit. */
export function stallTaxCode(seq: number): string {
  for (let n = seq; ; n += 1_000_000) {
    const code = taxCodeWithCheckDigit(`47${String(n).padStart(7, '0')}`);
    if (code) return code;
  }
}

/** Onboards a stall through the API (as staff would) and returns it with its key. */
export async function onboardStall(
  { call, adminToken }: Pick<TestApp, 'call' | 'adminToken'>,
  overrides: Record<string, unknown> = {},
): Promise<{ merchant: any; apiKey: string }> {
  stallSeq += 1;
  const res = await call({
    method: 'POST',
    url: '/api/v1/merchants',
    token: adminToken,
    payload: {
      stallCode: `KD-${String(stallSeq).padStart(3, '0')}`,
      name: 'Bánh cuốn Bà Hoa',
      category: 'food',
      ward: 'Thục Phán',
      payout: { bin: '970436', accountNumber: `10${String(1000000 + stallSeq)}` },
      taxMethod: 'household',
      taxCode: stallTaxCode(stallSeq),
      address: `Gian ${stallSeq}, phố đi bộ Kim Đồng, phường Thục Phán, tỉnh Cao Bằng`,
      ...overrides,
    },
  });
  if (res.status !== 201) throw new Error(`onboarding failed: ${res.status} ${res.raw}`);
  return res.body;
}

/**
 * A stall as stored before onboarding required its MST and address: onboarded, then the fields (`tax_code`,
 * `address`) named in `without` emptied in the database, before anything reads it through the merchant cache.
 */
export async function legacyStall(
  ctx: Pick<TestApp, 'call' | 'adminToken' | 'database'>,
  without: Array<'tax_code' | 'address'>,
  overrides: Record<string, unknown> = {},
): Promise<{ merchant: any; apiKey: string }> {
  const stall = await onboardStall(ctx, overrides);
  await ctx.database.db
    .updateTable('merchants')
    .set(Object.fromEntries(without.map((column) => [column, null])))
    .where('id', '=', stall.merchant.id)
    .execute();
  return stall;
}
