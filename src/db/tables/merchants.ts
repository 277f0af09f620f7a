import type { Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';

export interface MerchantsTable {
  id: Generated<string>;
  stall_code: string;
  name: string;
  qr_name: string;
  category: string;
  mcc: string;
  ward: string;
  /** The street or market the stall stands in (`sites`). */
  site_id: string;
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
