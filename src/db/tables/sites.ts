import type { Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';

export type SiteKind = 'street' | 'market' | 'night-market' | 'other';

/** A cashless street or market: every stall belongs to one. Province and ward are official codes (admin units). */
export interface SitesTable {
  id: Generated<string>;
  /** Lower-case kebab, unique: the site's name in board URLs (`/board/kim-dong`). */
  slug: string;
  name: string;
  kind: SiteKind;
  province_code: string;
  ward_code: string;
  address: string | null;
  created_at: Timestamp;
}

export interface SiteTables {
  sites: SitesTable;
}
