import { sql, type Kysely } from 'kysely';

// All-time running totals per stall (and per stall × payer × method), kept by the same statement that writes the
// daily rollups in each sale's and refund's transaction. The board's all-time figures read these instead of summing
// every day's rollups, so a snapshot's cost no longer grows with the length of the history. Backfilled from the
// rollups, which the invariant check holds equal to these (merchant_totals_rollup, payer_totals_rollup).
export async function up(db: Kysely<any>): Promise<void> {
  const counters = ['sales', 'cash', 'bank_qr', 'mobile_money', 'refund'];
  let table = db.schema
    .createTable('merchant_totals')
    .addColumn('merchant_id', 'uuid', (c) => c.notNull().primaryKey().references('merchants.id'));
  for (const name of counters)
    table = table
      .addColumn(`${name}_count`, 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn(`${name}_value`, 'bigint', (c) => c.notNull().defaultTo(0));
  await table.addColumn('invoice_count', 'bigint', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('payer_totals')
    .addColumn('merchant_id', 'uuid', (c) => c.notNull().references('merchants.id'))
    .addColumn('payer', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('value', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('payer_totals_pk', ['merchant_id', 'payer', 'method'])
    .execute();

  await sql`
    insert into merchant_totals (merchant_id, sales_count, sales_value, cash_count, cash_value, bank_qr_count,
                                 bank_qr_value, mobile_money_count, mobile_money_value, refund_count, refund_value,
                                 invoice_count)
    select merchant_id, sum(sales_count), sum(sales_value), sum(cash_count), sum(cash_value), sum(bank_qr_count),
           sum(bank_qr_value), sum(mobile_money_count), sum(mobile_money_value), sum(refund_count), sum(refund_value),
           sum(invoice_count)
      from merchant_daily group by merchant_id`.execute(db);
  await sql`
    insert into payer_totals (merchant_id, payer, method, count, value)
    select merchant_id, payer, method, sum(count), sum(value) from payer_daily group by merchant_id, payer, method`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('payer_totals').execute();
  await db.schema.dropTable('merchant_totals').execute();
}
