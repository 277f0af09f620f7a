import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per merchant + template + series + year: incremented inside the sale's transaction, so numbers are
  // gapless (a rollback returns the number) and strictly continuous (the row lock orders concurrent sales).
  await db.schema
    .createTable('invoice_counters')
    .addColumn('merchant_id', 'uuid', (c) => c.notNull().references('merchants.id'))
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_counters_pk', ['merchant_id', 'template', 'series', 'year'])
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('merchant_id', 'uuid', (c) => c.notNull().references('merchants.id'))
    .addColumn('sale_id', 'uuid', (c) => c.notNull().references('sales.id'))
    .addColumn('refund_id', 'uuid', (c) => c.references('refunds.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('original', 'replacement', 'adjustment')`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('issued')
        .check(sql`status in ('issued', 'replaced')`),
    )
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('payment_method', 'text', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('lookup_code', 'text', (c) => c.notNull().unique())
    .addColumn('related_invoice_id', 'uuid', (c) => c.references('invoices.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('invoices_number', ['merchant_id', 'template', 'series', 'year', 'number'])
    .execute();
  await db.schema.createIndex('invoices_sale').on('invoices').column('sale_id').execute();
  await db.schema.createIndex('invoices_merchant_time').on('invoices').columns(['merchant_id', 'issued_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invoices').execute();
  await db.schema.dropTable('invoice_counters').execute();
}
