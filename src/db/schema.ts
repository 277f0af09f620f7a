import type { ColumnType, Generated } from 'kysely';

/** Timestamps come back as Date and may be written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  content_type: string | null;
  response_body: string | null;
  created_at: Timestamp;
  locked_until: Date | string;
}

export interface SettingsTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

export interface DB {
  staff: StaffTable;
  credentials: CredentialsTable;
  idempotency_keys: IdempotencyKeysTable;
  settings: SettingsTable;
}
