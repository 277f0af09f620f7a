import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Inbox: every verified provider notification, raw, deduplicated on (provider, provider transaction id).
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_tx_id', 'text', (c) => c.notNull())
    .addColumn('raw_body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('processed', 'failed')`))
    .addColumn('error', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('notifications_provider_tx', ['provider', 'provider_tx_id'])
    .execute();

  // Signature failures and other refused deliveries, for the security log. Never money.
  await db.schema
    .createTable('webhook_rejections')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('sales')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('merchant_id', 'uuid', (c) => c.notNull().references('merchants.id'))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('bank_qr', 'mobile_money', 'cash')`))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('refunded_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('items', 'jsonb')
    .addColumn('buyer', 'jsonb')
    .addColumn('payment_request_id', 'uuid', (c) => c.references('payment_requests.id').unique())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Refunds can never exceed the sale, whatever the concurrency: the database says no.
    .addCheckConstraint('sales_refund_within_amount', sql`refunded_amount >= 0 and refunded_amount <= amount`)
    .execute();
  await db.schema
    .createIndex('sales_merchant_time')
    .on('sales')
    .columns(['merchant_id', 'occurred_at', 'id'])
    .execute();
  await db.schema.createIndex('sales_time').on('sales').columns(['occurred_at', 'id']).execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('notification_id', 'bigint', (c) => c.notNull().references('notifications.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_tx_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('matched', 'unmatched', 'overpaid', 'underpaid', 'late', 'duplicate')`),
    )
    .addColumn('merchant_id', 'uuid', (c) => c.references('merchants.id'))
    .addColumn('payment_request_id', 'uuid', (c) => c.references('payment_requests.id'))
    .addColumn('sale_id', 'uuid', (c) => c.references('sales.id').unique())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('bin', 'text')
    .addColumn('account_number', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('payer_bank', 'text')
    .addColumn('payer_name', 'text')
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('payments_provider_tx', ['provider', 'provider_tx_id'])
    .execute();
  await db.schema.createIndex('payments_outcome').on('payments').columns(['outcome', 'created_at']).execute();
  await db.schema.createIndex('payments_request').on('payments').column('payment_request_id').execute();

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('sale_id', 'uuid', (c) => c.notNull().references('sales.id'))
    .addColumn('merchant_id', 'uuid', (c) => c.notNull().references('merchants.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('refunds_sale').on('refunds').column('sale_id').execute();

  // Rollup per Vietnam day × stall, written in the same transaction as each sale or refund. The board reads these,
  // so its cost does not grow with history, and there is no single row that every payment updates.
  await db.schema
    .createTable('merchant_daily')
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('merchant_id', 'uuid', (c) => c.notNull().references('merchants.id'))
    .addColumn('sales_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sales_value', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('cash_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cash_value', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('bank_qr_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bank_qr_value', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('mobile_money_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mobile_money_value', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('refund_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refund_value', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('invoice_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('merchant_daily_pk', ['day', 'merchant_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['merchant_daily', 'refunds', 'payments', 'sales', 'webhook_rejections', 'notifications']) {
    await db.schema.dropTable(t).execute();
  }
}
