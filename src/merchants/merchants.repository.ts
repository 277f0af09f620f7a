import type { Insertable, Selectable } from 'kysely';
import type { Executor, MerchantsTable } from '../db/index.js';
import { siteInScopeFilter, type StaffScope } from '../auth/index.js';

export type MerchantRow = Selectable<MerchantsTable>;

// Named columns, never selectAll(): a new column does not leak into responses by accident.
export const merchantColumns = [
  'id',
  'stall_code',
  'name',
  'qr_name',
  'category',
  'mcc',
  'ward',
  'site_id',
  'ward_code',
  'payout_bin',
  'payout_account',
  'tax_code',
  'tax_method',
  'address',
  'invoice_letters',
  'is_demo',
  'created_at',
] as const;

export async function insertMerchant(db: Executor, values: Insertable<MerchantsTable>): Promise<MerchantRow> {
  return db.insertInto('merchants').values(values).returning(merchantColumns).executeTakeFirstOrThrow();
}

export async function findMerchant(db: Executor, id: string): Promise<MerchantRow | undefined> {
  return db.selectFrom('merchants').select(merchantColumns).where('id', '=', id).executeTakeFirst();
}

/** Stalls by stall code, a page at a time, within a staff member's scope. */
export async function listMerchants(
  db: Executor,
  opts: { after?: string; limit: number; scope: StaffScope },
): Promise<MerchantRow[]> {
  let q = db
    .selectFrom('merchants')
    .select(merchantColumns)
    .where(siteInScopeFilter(opts.scope))
    .orderBy('stall_code')
    .limit(opts.limit);
  if (opts.after) q = q.where('stall_code', '>', opts.after);
  return q.execute();
}
