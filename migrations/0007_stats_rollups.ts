import type { Kysely } from 'kysely';

// Finer rollups for the live board, written in the same transaction as each sale: sales per hour, and the mix of
// payer banks and wallets. Keyed by stall, so no row is shared by every payment.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('merchant_hourly')
    .addColumn('hour', 'timestamptz', (c) => c.notNull())
    .addColumn('merchant_id', 'uuid', (c) => c.notNull().references('merchants.id'))
    .addColumn('sales_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sales_value', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('cashless_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cashless_value', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('merchant_hourly_pk', ['hour', 'merchant_id'])
    .execute();

  await db.schema
    .createTable('payer_daily')
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('merchant_id', 'uuid', (c) => c.notNull().references('merchants.id'))
    .addColumn('payer', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('value', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('payer_daily_pk', ['day', 'merchant_id', 'payer', 'method'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('payer_daily').execute();
  await db.schema.dropTable('merchant_hourly').execute();
}
