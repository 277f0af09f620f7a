import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('merchants')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('stall_code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('qr_name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('mcc', 'text', (c) => c.notNull())
    .addColumn('ward', 'text', (c) => c.notNull())
    .addColumn('payout_bin', 'text', (c) => c.notNull())
    .addColumn('payout_account', 'text', (c) => c.notNull())
    .addColumn('tax_code', 'text')
    .addColumn('tax_method', 'text', (c) => c.notNull().check(sql`tax_method in ('household', 'vat')`))
    .addColumn('address', 'text')
    .addColumn('invoice_letters', 'text', (c) => c.notNull())
    .addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A transfer names the receiving account: find the stall by it.
  await db.schema.createIndex('merchants_payout').on('merchants').columns(['payout_account', 'payout_bin']).execute();

  await db.schema
    .alterTable('credentials')
    .addForeignKeyConstraint('credentials_merchant_fk', ['merchant_id'], 'merchants', ['id'], (c) =>
      c.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('payment_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('merchant_id', 'uuid', (c) => c.notNull().references('merchants.id'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('description', 'text')
    .addColumn('items', 'jsonb')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'paid', 'cancelled')`),
    )
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('paid_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('payment_requests_merchant')
    .on('payment_requests')
    .columns(['merchant_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('payment_requests').execute();
  await db.schema.alterTable('credentials').dropConstraint('credentials_merchant_fk').execute();
  await db.schema.dropTable('merchants').execute();
}
