import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { CatalogItemsTable, Executor } from '../db/index.js';

export type CatalogItemRow = Selectable<CatalogItemsTable>;

/** A stall's items: by sort order, then the most used, then by name. */
export async function listItems(db: Executor, merchantId: string): Promise<CatalogItemRow[]> {
  return db
    .selectFrom('catalog_items')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('sort_order')
    .orderBy('usage_count', 'desc')
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
}

export async function findItem(db: Executor, id: string): Promise<CatalogItemRow | undefined> {
  return db.selectFrom('catalog_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The stall's items among these ids (others' items are simply not found). */
export async function itemsOfStall(db: Executor, merchantId: string, ids: string[]): Promise<CatalogItemRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('catalog_items')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('id', 'in', ids)
    .execute();
}

export async function countItems(db: Executor, merchantId: string): Promise<number> {
  const row = await db
    .selectFrom('catalog_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('merchant_id', '=', merchantId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Serialises a stall's catalog changes (the 500-item limit is counted, then written) on the stall's row. A read
 * lock of the merchants table, not a write: the row stays the merchants module's.
 */
export async function lockStall(trx: Executor, merchantId: string): Promise<boolean> {
  const r = await sql`select id from merchants where id = ${merchantId} for update`.execute(trx);
  return r.rows.length > 0;
}

export async function insertItem(db: Executor, values: Insertable<CatalogItemsTable>): Promise<CatalogItemRow> {
  return db.insertInto('catalog_items').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateItem(
  db: Executor,
  id: string,
  values: Updateable<CatalogItemsTable>,
): Promise<CatalogItemRow | undefined> {
  return db
    .updateTable('catalog_items')
    .set({ ...values, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteItem(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('catalog_items').where('id', '=', id).execute();
}

/** Adds units sold to each item's usage count, in one statement. */
export async function addUsage(db: Executor, merchantId: string, usage: ReadonlyMap<string, number>): Promise<void> {
  if (usage.size === 0) return;
  const rows = [...usage].map(([id, n]) => sql`(${id}::uuid, ${n}::bigint)`);
  await sql`update catalog_items set usage_count = catalog_items.usage_count + u.n
    from (values ${sql.join(rows)}) as u(id, n)
    where catalog_items.id = u.id and catalog_items.merchant_id = ${merchantId}`.execute(db);
}
