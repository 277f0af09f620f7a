import type { Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';

export interface StaffTable {
  id: Generated<string>;
  name: string;
  role: 'admin' | 'staff';
  created_at: Timestamp;
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
  credentials: CredentialsTable;
}
