import pg from 'pg';
import { listWards } from '../../src/admin-units/index.js';

/**
 * Fills a migrated, empty database with a sales history straight in SQL (generate_series): stalls, sales, their
 * events (the outbox the ticker reads) and the board's rollups computed from those very sales, so the rollups are
 * consistent with the base tables by construction. Fast enough for a million sales in well under a minute.
 *
 * Sales fall uniformly at random on the last `days` days (Vietnam time) and the `stalls` stalls, between 0 and 15 h
 * before the time of day of `now`; 30 % cash, 50 % bank app (8 banks), 20 % wallet (3 wallets); each has its
 * e-invoice (counted in the rollup, as the write path does).
 *
 * With `padKeys`, every rollup holds the same keys whatever the number of sales: each day × stall, each
 * (day's 16 hour slots) × stall, each day × stall × payer, with zero figures where no sale fell (the project's
 * rollup check counts a row of zeros as no row). Two histories with the same days and stalls then differ only in
 * their sales and events. Without it, rollup rows exist only where a sale fell, as the write path leaves them.
 *
 * Tables the board snapshot never reads (payments, notifications, invoices, payment requests, activations) stay
 * empty; the activations' daily rollup gets the same fixed figures whatever the sales.
 */
export interface HistoryOptions {
  sales: number;
  days: number;
  stalls: number;
  now: Date;
  padKeys: boolean;
  /**
   * Outbox rows per sale: 1 = sale.recorded, one event per sale as the app writes since 2026-12-06; 3 = the outbox
   * of before (payment.received for cashless sales, sale.recorded, invoice.issued), a heavier outbox to read past.
   */
  eventsPerSale: 1 | 3;
}

export const BANKS = ['VCB', 'TCB', 'BID', 'MBB', 'ACB', 'VPB', 'AGRIBANK', 'TPB'];
export const WALLETS = ['MOMO', 'VIETTELMONEY', 'VNPTMONEY'];
// Ten official wards of Cao Bằng, by code: the activations' rollup is keyed by ward code.
const WARDS = listWards('04')
  .slice(0, 10)
  .map((w) => w.code);
const PROVIDERS = ['viettel_money', 'vnpt_money', 'mobifone_money'];
const HOUR_SLOTS = 16; // sales fall up to 14 h 59 min before `now`'s time of day: at most 16 distinct clock hours

export interface HistoryCounts {
  sales: number;
  events: number;
  merchant_daily: number;
  merchant_hourly: number;
  payer_daily: number;
  activation_daily: number;
  seconds: number;
  /** On-disk size of sales + events (with indexes), MB. */
  baseMb: number;
}

export async function buildHistory(url: string, o: HistoryOptions): Promise<HistoryCounts> {
  const t0 = performance.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`SET TIME ZONE 'UTC'`);
    await c.query(`SET synchronous_commit = off`);
    await c.query(`SELECT setseed(0.42)`);
    const now = o.now.toISOString();
    // The Vietnam day of a timestamptz, as the write path computes it.
    const vnDay = (col: string) => `((${col} at time zone 'UTC') + interval '7 hours')::date`;

    await c.query(
      `INSERT INTO merchants (stall_code, name, qr_name, category, mcc, ward, payout_bin, payout_account, tax_method, invoice_letters)
       SELECT 'KD-' || lpad(g::text, 3, '0'), 'Quầy ' || g, 'QUAY ' || g,
              (array['food','drinks','specialties','souvenirs','clothing'])[1 + g % 5], '5812', 'Thục Phán',
              '970436', '0451000' || lpad(g::text, 4, '0'), 'household', 'KD'
         FROM generate_series(1, $1::int) g`,
      [o.stalls],
    );
    await c.query(
      `CREATE TEMP TABLE stall_ix AS SELECT (row_number() OVER (ORDER BY stall_code) - 1)::int AS k, id, stall_code FROM merchants`,
    );

    // The sales, staged with what the rollups need (payer), in time order.
    await c.query(
      `CREATE TEMP TABLE gen AS
       WITH r AS (
         SELECT g, floor(random() * $2::int)::int AS d, floor(random() * 900)::int AS mins, floor(random() * $3::int)::int AS k,
                random() AS m, floor(random() * 8)::int AS b, floor(random() * 3)::int AS w, 10000 + 1000 * floor(random() * 291)::bigint AS amount
           FROM generate_series(1, $1::int) g
       )
       SELECT gen_random_uuid() AS id, s.id AS merchant_id, s.stall_code,
              CASE WHEN r.m < 0.3 THEN 'cash' WHEN r.m < 0.8 THEN 'bank_qr' ELSE 'mobile_money' END AS method,
              CASE WHEN r.m < 0.3 THEN NULL WHEN r.m < 0.8 THEN ($5::text[])[1 + r.b] ELSE ($6::text[])[1 + r.w] END AS payer,
              r.amount,
              $4::timestamptz - r.d * interval '1 day' - r.mins * interval '1 minute' AS at
         FROM r JOIN stall_ix s ON s.k = r.k
        ORDER BY at`,
      [o.sales, o.days, o.stalls, now, BANKS, WALLETS],
    );
    await c.query(
      `INSERT INTO sales (id, merchant_id, method, amount, occurred_at, created_at)
       SELECT id, merchant_id, method, amount, at, at FROM gen ORDER BY at`,
    );

    // The outbox, in time order (ids follow commits, as in production).
    const kinds =
      o.eventsPerSale === 3
        ? `(VALUES (1, 'payment.received'), (2, 'sale.recorded'), (3, 'invoice.issued'))`
        : `(VALUES (2, 'sale.recorded'))`;
    await c.query(
      `INSERT INTO events (type, merchant_id, data, created_at)
       SELECT t.type, g.merchant_id,
              CASE t.n
                WHEN 1 THEN jsonb_build_object('paymentId', gen_random_uuid(), 'stallCode', g.stall_code, 'amount', g.amount, 'outcome', 'matched',
                                               'paymentRequestId', NULL, 'saleId', g.id, 'occurredAt', g.at)
                WHEN 2 THEN jsonb_build_object('saleId', g.id, 'stallCode', g.stall_code, 'amount', g.amount, 'method', g.method, 'occurredAt', g.at)
                ELSE jsonb_build_object('invoiceId', gen_random_uuid(), 'saleId', g.id, 'stallCode', g.stall_code, 'total', g.amount, 'kind', 'original')
              END,
              g.at
         FROM gen g CROSS JOIN ${kinds} AS t(n, type)
        WHERE t.n <> 1 OR g.method <> 'cash'
        ORDER BY g.at, g.id, t.n`,
    );

    // Rollup keys: padded (the same whatever the sales) or only where a sale fell.
    const dayKeys = `SELECT (${vnDay(`$1::timestamptz`)} - i) AS day, m.id AS merchant_id FROM generate_series(0, $2::int) i CROSS JOIN merchants m`;
    const hourKeys = `SELECT DISTINCT date_trunc('hour', $1::timestamptz - d * interval '1 day' - j * interval '1 hour') AS hour, m.id AS merchant_id
                        FROM generate_series(0, $2::int - 1) d CROSS JOIN generate_series(0, ${HOUR_SLOTS - 1}) j CROSS JOIN merchants m`;
    const payerKeys = `SELECT k.day, k.merchant_id, p.payer, p.method FROM (${dayKeys}) k
                         CROSS JOIN (SELECT unnest($3::text[]) AS payer, 'bank_qr' AS method UNION ALL SELECT unnest($4::text[]), 'mobile_money') p`;
    const join = (keys: string, agg: string, on: string) =>
      o.padKeys ? `FROM (${keys}) k LEFT JOIN (${agg}) a USING (${on})` : `FROM (${agg}) a`;
    const keyCol = (col: string) => (o.padKeys ? `k.${col}` : `a.${col}`);
    const padParams = [now, o.days, BANKS, WALLETS];

    await c.query(
      `INSERT INTO merchant_daily (day, merchant_id, sales_count, sales_value, cash_count, cash_value, bank_qr_count, bank_qr_value,
                                   mobile_money_count, mobile_money_value, refund_count, refund_value, invoice_count)
       SELECT ${keyCol('day')}, ${keyCol('merchant_id')}, coalesce(a.n, 0), coalesce(a.v, 0), coalesce(a.cn, 0), coalesce(a.cv, 0),
              coalesce(a.bn, 0), coalesce(a.bv, 0), coalesce(a.mn, 0), coalesce(a.mv, 0), 0, 0, coalesce(a.n, 0)
       ${join(
         dayKeys,
         `SELECT ${vnDay('at')} AS day, merchant_id, count(*) n, sum(amount) v,
                 count(*) FILTER (WHERE method = 'cash') cn, coalesce(sum(amount) FILTER (WHERE method = 'cash'), 0) cv,
                 count(*) FILTER (WHERE method = 'bank_qr') bn, coalesce(sum(amount) FILTER (WHERE method = 'bank_qr'), 0) bv,
                 count(*) FILTER (WHERE method = 'mobile_money') mn, coalesce(sum(amount) FILTER (WHERE method = 'mobile_money'), 0) mv
            FROM gen GROUP BY 1, 2`,
         'day, merchant_id',
       )}`,
      o.padKeys ? padParams.slice(0, 2) : [],
    );
    await c.query(
      `INSERT INTO merchant_hourly (hour, merchant_id, sales_count, sales_value, cashless_count, cashless_value)
       SELECT ${keyCol('hour')}, ${keyCol('merchant_id')}, coalesce(a.n, 0), coalesce(a.v, 0), coalesce(a.cn, 0), coalesce(a.cv, 0)
       ${join(
         hourKeys,
         `SELECT date_trunc('hour', at) AS hour, merchant_id, count(*) n, sum(amount) v,
                 count(*) FILTER (WHERE method <> 'cash') cn, coalesce(sum(amount) FILTER (WHERE method <> 'cash'), 0) cv
            FROM gen GROUP BY 1, 2`,
         'hour, merchant_id',
       )}`,
      o.padKeys ? padParams.slice(0, 2) : [],
    );
    await c.query(
      `INSERT INTO payer_daily (day, merchant_id, payer, method, count, value)
       SELECT ${keyCol('day')}, ${keyCol('merchant_id')}, ${keyCol('payer')}, ${keyCol('method')}, coalesce(a.n, 0), coalesce(a.v, 0)
       ${join(
         payerKeys,
         `SELECT ${vnDay('at')} AS day, merchant_id, payer, method, count(*) n, sum(amount) v FROM gen WHERE method <> 'cash' GROUP BY 1, 2, 3, 4`,
         'day, merchant_id, payer, method',
       )}`,
      o.padKeys ? padParams : [],
    );
    // Activations' daily rollup: the same figures in every history (the snapshot reads it; it has nothing to do with sales).
    await c.query(
      `INSERT INTO activation_daily (day, provider, ward_code, team_id, count)
       SELECT ${vnDay(`$1::timestamptz`)} - i, p.provider, w.ward, NULL, 1 + (i * 7 + p.n * 3 + w.n) % 5
         FROM generate_series(0, $2::int - 1) i
        CROSS JOIN unnest($3::text[]) WITH ORDINALITY AS p(provider, n)
        CROSS JOIN unnest($4::text[]) WITH ORDINALITY AS w(ward, n)`,
      [now, o.days, PROVIDERS, WARDS],
    );
    await c.query(`DROP TABLE gen`);
    await c.query(`DROP TABLE stall_ix`);
    // Steady state, as autovacuum would leave it: visibility map set, statistics fresh.
    await c.query(`VACUUM (ANALYZE)`);

    const count = async (table: string) =>
      Number((await c.query(`SELECT count(*)::int8 AS n FROM ${table}`)).rows[0].n);
    const size = await c.query(
      `SELECT (pg_total_relation_size('sales') + pg_total_relation_size('events'))::float8 / 1048576 AS mb`,
    );
    return {
      sales: await count('sales'),
      events: await count('events'),
      merchant_daily: await count('merchant_daily'),
      merchant_hourly: await count('merchant_hourly'),
      payer_daily: await count('payer_daily'),
      activation_daily: await count('activation_daily'),
      seconds: (performance.now() - t0) / 1000,
      baseMb: Number(size.rows[0].mb),
    };
  } finally {
    await c.end();
  }
}
