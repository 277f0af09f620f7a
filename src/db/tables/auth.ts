import type { Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';

export interface StaffTable {
  id: Generated<string>;
  name: string;
  role: 'admin' | 'staff';
  /** What a staff member's lists and actions reach: every site, the sites in `staff_sites`, or one province. */
  scope_kind: Generated<'all' | 'sites' | 'province'>;
  /** The province of a `province` scope (an admin-units code); null otherwise. */
  scope_province_code: string | null;
  created_at: Timestamp;
}

/** The sites of a staff member whose scope is `sites`. */
export interface StaffSitesTable {
  staff_id: string;
  site_id: string;
}

export interface CredentialsTable {
  id: string;
  secret_hash: Buffer;
  staff_id: string | null;
  merchant_id: string | null;
  label: string | null;
  created_at: Timestamp;
  revoked_at: Date | null;
}

export interface AuthTables {
  staff: StaffTable;
  staff_sites: StaffSitesTable;
  credentials: CredentialsTable;
}
