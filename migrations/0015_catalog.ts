import { sql, type Kysely } from 'kysely';

// A stall's catalog: the goods it sells, so a sale names them (name, unit, price, VAT rate) instead of being a bare
// amount. Sales keep their lines by value, so deleting or repricing an item never touches a past sale or invoice.
// One active item per name and stall (case-insensitive): the cart and the CSV import find items by name.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalog_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('merchant_id', 'uuid', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('vat_rate', 'text')
    .addColumn('category', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('usage_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index catalog_items_active_name on catalog_items (merchant_id, lower(name)) where active`.execute(
    db,
  );
  await db.schema.createIndex('catalog_items_merchant').on('catalog_items').column('merchant_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('catalog_items').execute();
}
