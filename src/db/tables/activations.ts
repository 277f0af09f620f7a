import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';
import type { TeamTables } from './teams.js';

export interface ActivationsTable {
  id: Generated<string>;
  /** Insertion order, for cursor pages and exports. */
  seq: ColumnType<number, never, never>;
  provider: string;
  /** hex HMAC-SHA256(PII key, normalised phone): the number itself is never stored. */
  phone_hash: string;
  /** `*******678` (last three digits): the only form of the number any response shows. */
  phone_masked: string;
  /** The ward as typed (staff only); since migration 0019 the official name of `ward_code`. */
  ward: string;
  /** The official ward code (admin_wards); null for a text that matched no ward before 0019. */
  ward_code: string | null;
  team_id: string | null;
  recorded_by: string | null;
  source: 'api' | 'import';
  activated_at: Timestamp;
  created_at: Timestamp;
}

/** Activations per Vietnam day × provider × ward × team: what summaries and the live board read. */
export interface ActivationDailyTable {
  /** A `date`; written as `YYYY-MM-DD`, read back through `to_char` so no time zone gets in the way. */
  day: ColumnType<unknown, string, string>;
  provider: string;
  /** Null: activations whose ward matched no official ward (before migration 0019). */
  ward_code: string | null;
  team_id: string | null;
  count: ColumnType<number, number, number>;
}

export interface ActivationTables extends TeamTables {
  activations: ActivationsTable;
  activation_daily: ActivationDailyTable;
}
