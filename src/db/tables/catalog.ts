import type { Generated } from 'kysely';
import type { Timestamp } from '../timestamp.js';
import type { VatRate } from './invoice-document.js';

/** One thing a stall sells. Prices are VAT-inclusive whole đồng, as the stall shows them. */
export interface CatalogItemsTable {
  id: Generated<string>;
  merchant_id: string;
  name: string;
  unit: string | null;
  price: number;
  vat_rate: VatRate | null;
  category: string | null;
  active: Generated<boolean>;
  sort_order: Generated<number>;
  /** How many units were sold (cash sales) or asked for (payment requests): the cart shows the most used first. */
  usage_count: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CatalogTables {
  catalog_items: CatalogItemsTable;
}
