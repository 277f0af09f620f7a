import type { Timestamp } from '../timestamp.js';

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

export interface IdempotencyTables {
  idempotency_keys: IdempotencyKeysTable;
}
