import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';

/**
 * A province-scale deployment built straight in SQL (generate_series), on Postgres or PGlite alike: `sites` sites spread
 * over `provinces`, `stalls` stalls spread over the sites, today's rollups for every stall (a row per stall, three hour
 * rows and two payer rows each), recent sale events for the ticker, and `history` past day × stall rollup rows (each
 * with a payer row) over the last three years. The running totals are then rebuilt from the rollups, as migration
 * 0021 backfills them. `addHistory` grows the history later, so one database is measured small, then large.
 */
export const PROVINCES = ['04', '96', '01', '79'];
export const YEARS_OF_DAYS = 3 * 365;

export async function buildProvince(db: Db, o: { sites: number; stalls: number; events: number }) {
  await sql`
    insert into sites (slug, name, kind, province_code, ward_code)
    select 'site-' || g, 'Điểm ' || g, 'market', p.code,
           (select w.code from admin_wards w where w.province_code = p.code order by w.code limit 1)
      from generate_series(1, ${o.sites}::int) g
      join lateral (select (${PROVINCES}::text[])[1 + (g - 1) % ${PROVINCES.length}] as code) p on true`.execute(db);
  await sql`
    insert into merchants (stall_code, name, qr_name, category, mcc, ward, site_id, payout_bin, payout_account,
                           tax_method, invoice_letters)
    select 'P-' || lpad(g::text, 5, '0'), 'Quầy ' || g, 'QUAY ' || g, 'food', '5812', '01273', s.id,
           '970436', '0452' || lpad(g::text, 8, '0'), 'household', 'KD'
      from generate_series(1, ${o.stalls}::int) g
      join sites s on s.slug = 'site-' || (1 + (g - 1) % ${o.sites})`.execute(db);
  await sql`create table bench_stalls as
    select (row_number() over (order by stall_code) - 1)::int as k, id from merchants where stall_code like 'P-%'`.execute(
    db,
  );
  const today = sql`((now() at time zone 'UTC') + interval '7 hours')::date`;
  await sql`
    insert into merchant_daily (day, merchant_id, sales_count, sales_value, cash_count, cash_value, bank_qr_count,
                                bank_qr_value, mobile_money_count, mobile_money_value, invoice_count)
    select ${today}, id, 10, 900000 + k, 3, 200000, 5, 500000 + k, 2, 200000, 10 from bench_stalls`.execute(db);
  await sql`
    insert into merchant_hourly (hour, merchant_id, sales_count, sales_value, cashless_count, cashless_value)
    select date_trunc('hour', now()) - h * interval '1 hour', id, 3, 300000, 2, 230000
      from bench_stalls cross join generate_series(0, 2) h`.execute(db);
  await sql`
    insert into payer_daily (day, merchant_id, payer, method, count, value)
    select ${today}, id, p.payer, p.method, 3, 300000
      from bench_stalls cross join (values ('VCB', 'bank_qr'), ('MOMO', 'mobile_money')) p(payer, method)`.execute(db);
  await sql`
    insert into events (type, merchant_id, data, created_at)
    select 'sale.recorded', s.id, jsonb_build_object('saleId', gen_random_uuid(), 'stallCode', 'P-' || lpad((s.k + 1)::text, 5, '0'),
           'amount', 50000, 'method', 'bank_qr'), now() - (${o.events}::int - g) * interval '100 ms'
      from generate_series(1, ${o.events}::int) g join bench_stalls s on s.k = (g * 7919) % ${o.stalls}`.execute(db);
}

/** Past rollup rows `from`…`to` (each a distinct day × stall in the last three years, with one payer row). */
export async function addHistory(db: Db, from: number, to: number, stalls: number) {
  const pick = sql`from generate_series(${from}::int, ${to}::int) g
    join bench_stalls s on s.k = (g / ${YEARS_OF_DAYS}::int) % ${stalls}::int`;
  const day = sql`((now() at time zone 'UTC') + interval '7 hours')::date - 1 - (g % ${YEARS_OF_DAYS}::int)`;
  await sql`
    insert into merchant_daily (day, merchant_id, sales_count, sales_value, cash_count, cash_value, bank_qr_count,
                                bank_qr_value, invoice_count)
    select ${day}, s.id, 4, 400000, 1, 100000, 3, 300000, 4 ${pick}`.execute(db);
  await sql`insert into payer_daily (day, merchant_id, payer, method, count, value)
    select ${day}, s.id, 'TCB', 'bank_qr', 3, 300000 ${pick}`.execute(db);
}

/** The running totals rebuilt from the rollups (what migration 0021 does), then fresh planner statistics. */
export async function rebuildTotals(db: Db) {
  await sql`delete from merchant_totals`.execute(db);
  await sql`delete from payer_totals`.execute(db);
  await sql`
    insert into merchant_totals (merchant_id, sales_count, sales_value, cash_count, cash_value, bank_qr_count,
                                 bank_qr_value, mobile_money_count, mobile_money_value, refund_count, refund_value,
                                 invoice_count)
    select merchant_id, sum(sales_count), sum(sales_value), sum(cash_count), sum(cash_value), sum(bank_qr_count),
           sum(bank_qr_value), sum(mobile_money_count), sum(mobile_money_value), sum(refund_count), sum(refund_value),
           sum(invoice_count)
      from merchant_daily group by merchant_id`.execute(db);
  await sql`insert into payer_totals (merchant_id, payer, method, count, value)
    select merchant_id, payer, method, sum(count), sum(value) from payer_daily group by 1, 2, 3`.execute(db);
  await sql`vacuum analyze`.execute(db);
}
