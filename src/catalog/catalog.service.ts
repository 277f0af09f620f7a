import type { Db, Executor, SaleItem } from '../db/index.js';
import { badRequest, conflict, notFound } from '../http/index.js';
import {
  addUsage,
  countItems,
  deleteItem,
  findItem,
  insertItem,
  itemsOfStall,
  listItems,
  lockStall,
  updateItem,
  type CatalogItemRow,
} from './catalog.repository.js';
import {
  MAX_ITEMS_PER_STALL,
  type CatalogEntry,
  type CatalogItemResponse,
  type ItemPatch,
  type NewItem,
} from './catalog.schemas.js';

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === '23505';

export const itemExists = (name: string) =>
  conflict('catalog_item_exists', `The stall already sells an active item named "${name}"`, [
    { field: 'body.name', message: 'an active item has this name' },
  ]);
export const catalogFull = () =>
  conflict('catalog_full', `A stall's catalog holds at most ${MAX_ITEMS_PER_STALL} items`, {
    limit: MAX_ITEMS_PER_STALL,
  });

/** Runs a change of one stall's catalog in a transaction that holds the stall (so the item limit holds). */
export async function inStall<T>(db: Db, merchantId: string, work: (trx: Executor) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (!(await lockStall(trx, merchantId))) throw notFound('merchant');
    return work(trx);
  });
}

export const itemValues = (merchantId: string, input: NewItem) => ({
  merchant_id: merchantId,
  name: input.name,
  unit: input.unit ?? null,
  price: input.price,
  vat_rate: input.vatRate ?? null,
  category: input.category ?? null,
  active: input.active,
  sort_order: input.sortOrder,
});

export async function createItem(db: Db, merchantId: string, input: NewItem): Promise<CatalogItemRow> {
  return inStall(db, merchantId, async (trx) => {
    if ((await countItems(trx, merchantId)) >= MAX_ITEMS_PER_STALL) throw catalogFull();
    try {
      return await insertItem(trx, itemValues(merchantId, input));
    } catch (error) {
      if (isUniqueViolation(error)) throw itemExists(input.name);
      throw error;
    }
  });
}

export async function patchItem(db: Db, item: CatalogItemRow, patch: ItemPatch): Promise<CatalogItemRow> {
  try {
    const updated = await updateItem(db, item.id, {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.unit !== undefined && { unit: patch.unit }),
      ...(patch.price !== undefined && { price: patch.price }),
      ...(patch.vatRate !== undefined && { vat_rate: patch.vatRate }),
      ...(patch.category !== undefined && { category: patch.category }),
      ...(patch.active !== undefined && { active: patch.active }),
      ...(patch.sortOrder !== undefined && { sort_order: patch.sortOrder }),
    });
    if (!updated) throw notFound('catalog item');
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) throw itemExists(patch.name ?? item.name);
    throw error;
  }
}

export { deleteItem, findItem, listItems };

/** An entry of a cart: a catalog item by id, or a free line the client wrote out. */
export type CartEntry = CatalogEntry | SaleItem;
const isCatalogEntry = (e: CartEntry): e is CatalogEntry => 'itemId' in e;

export interface Cart {
  /** Full lines, as sales and invoices store them. */
  items: SaleItem[];
  total: number;
  /** Units per catalog item, for the usage counts. */
  usage: Map<string, number>;
}

/**
 * Turns cart entries into full lines: a catalog entry takes its name, unit, price and VAT rate from the stall's
 * active item (an unknown, inactive or other stall's item is a 400 unknown_catalog_item); a free line is kept as sent.
 */
export async function resolveCart(db: Executor, merchantId: string, entries: readonly CartEntry[]): Promise<Cart> {
  const ids = [...new Set(entries.filter(isCatalogEntry).map((e) => e.itemId.toLowerCase()))];
  const found = new Map((await itemsOfStall(db, merchantId, ids)).filter((i) => i.active).map((i) => [i.id, i]));
  const unknown = entries.flatMap((e, i) =>
    isCatalogEntry(e) && !found.has(e.itemId.toLowerCase())
      ? [{ field: `body.items.${i}.itemId`, message: 'no active item of this stall has this id' }]
      : [],
  );
  if (unknown.length) throw badRequest('unknown_catalog_item', "An item is not in the stall's catalog", unknown);
  const usage = new Map<string, number>();
  const items = entries.map((e): SaleItem => {
    if (!isCatalogEntry(e)) return e;
    const item = found.get(e.itemId.toLowerCase())!;
    usage.set(item.id, (usage.get(item.id) ?? 0) + e.quantity);
    return {
      name: item.name,
      quantity: e.quantity,
      unitPrice: Number(item.price),
      ...(item.unit !== null && { unit: item.unit }),
      ...(item.vat_rate !== null && { vatRate: item.vat_rate }),
    };
  });
  return { items, total: items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0), usage };
}

/** Counts units sold against their items, in the caller's transaction. */
export async function recordUsage(db: Executor, merchantId: string, usage: ReadonlyMap<string, number>): Promise<void> {
  await addUsage(db, merchantId, usage);
}

export function itemToResponse(r: CatalogItemRow): CatalogItemResponse {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    name: r.name,
    unit: r.unit,
    price: Number(r.price),
    vatRate: r.vat_rate,
    category: r.category,
    active: r.active,
    sortOrder: r.sort_order,
    usageCount: Number(r.usage_count),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
