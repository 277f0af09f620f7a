import type { Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';

export interface MerchantsTable {
  id: Generated<string>;
  stall_code: string;
  name: string;
  qr_name: string;
  category: string;
  mcc: string;
  /** The ward as typed at onboarding (staff only); since migration 0019 the official name of `ward_code`. */
  ward: string;
  /** The street or market the stall stands in (`sites`). */
  site_id: string;
  /** The official ward code (admin_wards); null for a text that matched no ward before 0019. */
  ward_code: string | null;
  payout_bin: string;
  payout_account: string;
  tax_code: string | null;
  tax_method: 'household' | 'vat';
  address: string | null;
  invoice_letters: string;
  is_demo: Generated<boolean>;
  created_at: Timestamp;
}

export interface MerchantTables {
  merchants: MerchantsTable;
}
