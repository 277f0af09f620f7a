import { sql } from 'kysely';
import type { Executor } from '../db/index.js';
import { payerCode } from '../payments/index.js';
import { recomputeMerchantDaily } from '../stats/index.js';
import { vietnamDaySql } from '../time/index.js';
import { num, ROW_LIMIT, rows, type Check, type Violation } from './check.js';

// Rollups written beside each sale, refund and activation must equal a recomputation from the base tables.

type Figures = Record<string, number>;
interface Keyed {
  label: string;
  figures: Figures;
}

/** The Vietnam calendar day (UTC+7, no daylight saving) of a timestamptz column, as the write path computes it. */
const vietnamDayOf = vietnamDaySql;

async function stallCodes(db: Executor): Promise<Map<string, string>> {
  const found = await db.selectFrom('merchants').select(['id', 'stall_code']).execute();
  return new Map(found.map((m) => [m.id, m.stall_code]));
}

/** Every key on either side whose figures differ; a rollup row of zeros counts as no row. */
function compare(
  check: string,
  table: string,
  fields: readonly string[],
  stored: Map<string, Keyed>,
  truth: Map<string, Keyed>,
): Violation[] {
  const violations: Violation[] = [];
  const zero = Object.fromEntries(fields.map((f) => [f, 0]));
  for (const key of new Set([...stored.keys(), ...truth.keys()])) {
    const s = stored.get(key);
    const t = truth.get(key);
    const diffs = fields
      .map((f) => ({ f, got: (s?.figures ?? zero)[f] ?? 0, want: (t?.figures ?? zero)[f] ?? 0 }))
      .filter((d) => d.got !== d.want);
    if (diffs.length === 0) continue;
    const label = (s ?? t)!.label;
    const what = !s ? 'no rollup row; ' : !t ? 'nothing in the base tables; ' : '';
    violations.push({
      check,
      message: `${table} ${label}: ${what}${diffs.map((d) => `${d.f} ${d.got} in the rollup, ${d.want} recomputed`).join(', ')}`,
      details: { table, key: label },
    });
    if (violations.length >= ROW_LIMIT) break;
  }
  return violations;
}

function add(map: Map<string, Keyed>, key: string, label: string, figures: Figures) {
  const hit = map.get(key);
  if (!hit) map.set(key, { label, figures: { ...figures } });
  else for (const [k, v] of Object.entries(figures)) hit.figures[k] = (hit.figures[k] ?? 0) + v;
}

const DAILY_FIELDS = [
  'sales_count',
  'sales_value',
  'cash_count',
  'cash_value',
  'bank_qr_count',
  'bank_qr_value',
  'mobile_money_count',
  'mobile_money_value',
  'refund_count',
  'refund_value',
  'invoice_count',
] as const;

export const merchantDailyRollup: Check = {
  name: 'merchant_daily_rollup',
  rule: 'merchant_daily (day × stall) equals its recomputation from sales, refunds and invoices',
  unit: 'rollup rows',
  async run(db) {
    const codes = await stallCodes(db);
    const stored = new Map<string, Keyed>();
    const found = await rows(
      db,
      sql<Record<string, unknown> & { merchant_id: string; day: string }>`
      select merchant_id, to_char(day, 'YYYY-MM-DD') as day, ${sql.join(DAILY_FIELDS.map((f) => sql.ref(f)))} from merchant_daily`,
    );
    for (const r of found) {
      add(
        stored,
        `${r.merchant_id} ${r.day}`,
        `${codes.get(r.merchant_id) ?? r.merchant_id} ${r.day}`,
        Object.fromEntries(DAILY_FIELDS.map((f) => [f, num(r[f])])),
      );
    }
    const truth = new Map<string, Keyed>();
    for (const r of await recomputeMerchantDaily(db)) {
      add(
        truth,
        `${r.merchant_id} ${r.day}`,
        `${codes.get(r.merchant_id) ?? r.merchant_id} ${r.day}`,
        Object.fromEntries(DAILY_FIELDS.map((f) => [f, num(r[f])])),
      );
    }
    return { checked: found.length, violations: compare(this.name, 'merchant_daily', DAILY_FIELDS, stored, truth) };
  },
};

const HOURLY_FIELDS = ['sales_count', 'sales_value', 'cashless_count', 'cashless_value'] as const;

export const merchantHourlyRollup: Check = {
  name: 'merchant_hourly_rollup',
  rule: 'merchant_hourly (hour × stall) equals the sales of that hour',
  unit: 'rollup rows',
  async run(db) {
    const codes = await stallCodes(db);
    const label = (merchantId: string, hour: number) =>
      `${codes.get(merchantId) ?? merchantId} ${new Date(hour * 1000).toISOString().slice(0, 13)}:00Z`;
    const stored = new Map<string, Keyed>();
    const found = await rows(
      db,
      sql<Record<string, unknown> & { merchant_id: string; hour: unknown }>`
      select merchant_id, floor(extract(epoch from hour))::bigint as hour, sales_count, sales_value, cashless_count, cashless_value from merchant_hourly`,
    );
    for (const r of found)
      add(
        stored,
        `${r.merchant_id} ${num(r.hour)}`,
        label(r.merchant_id, num(r.hour)),
        Object.fromEntries(HOURLY_FIELDS.map((f) => [f, num(r[f])])),
      );
    const truth = new Map<string, Keyed>();
    const sales = await rows(
      db,
      sql<Record<string, unknown> & { merchant_id: string; hour: unknown }>`
      select merchant_id, (floor(extract(epoch from occurred_at) / 3600) * 3600)::bigint as hour,
             count(*) as sales_count, sum(amount) as sales_value,
             count(*) filter (where method <> 'cash') as cashless_count, coalesce(sum(amount) filter (where method <> 'cash'), 0) as cashless_value
      from sales group by 1, 2`,
    );
    for (const r of sales)
      add(
        truth,
        `${r.merchant_id} ${num(r.hour)}`,
        label(r.merchant_id, num(r.hour)),
        Object.fromEntries(HOURLY_FIELDS.map((f) => [f, num(r[f])])),
      );
    return { checked: found.length, violations: compare(this.name, 'merchant_hourly', HOURLY_FIELDS, stored, truth) };
  },
};

export const payerDailyRollup: Check = {
  name: 'payer_daily_rollup',
  rule: "payer_daily (day × stall × payer × method) equals the cashless sales by their payment's payer bank or wallet",
  unit: 'rollup rows',
  async run(db) {
    const codes = await stallCodes(db);
    const key = (r: { merchant_id: string; day: string; method: string }, payer: string) =>
      `${r.merchant_id} ${r.day} ${payer} ${r.method}`;
    const label = (r: { merchant_id: string; day: string; method: string }, payer: string) =>
      `${codes.get(r.merchant_id) ?? r.merchant_id} ${r.day} ${payer} ${r.method}`;
    const stored = new Map<string, Keyed>();
    const found = await rows(
      db,
      sql<{ merchant_id: string; day: string; payer: string; method: string; count: unknown; value: unknown }>`
      select merchant_id, to_char(day, 'YYYY-MM-DD') as day, payer, method, count, value from payer_daily`,
    );
    for (const r of found)
      add(stored, key(r, r.payer), label(r, r.payer), { count: num(r.count), value: num(r.value) });
    const truth = new Map<string, Keyed>();
    const sales = await rows(
      db,
      sql<{
        merchant_id: string;
        day: string;
        payer_bank: string | null;
        method: string;
        count: unknown;
        value: unknown;
      }>`
      select s.merchant_id, ${vietnamDayOf('s.occurred_at')} as day, p.payer_bank, s.method, count(*) as count, sum(s.amount) as value
      from sales s join payments p on p.sale_id = s.id
      where s.method <> 'cash'
      group by 1, 2, 3, 4`,
    );
    // The payer code is what the write path derives from the payment's payer bank (an alias, a BIN or a code).
    for (const r of sales)
      add(truth, key(r, payerCode(r.payer_bank)), label(r, payerCode(r.payer_bank)), {
        count: num(r.count),
        value: num(r.value),
      });
    return { checked: found.length, violations: compare(this.name, 'payer_daily', ['count', 'value'], stored, truth) };
  },
};

export const activationDailyRollup: Check = {
  name: 'activation_daily_rollup',
  rule: 'activation_daily (day × provider × ward code × team) equals the count of activations grouped the same way',
  unit: 'rollup rows',
  async run(db) {
    const key = (r: { day: string; provider: string; ward_code: string | null; team_id: string | null }) =>
      JSON.stringify([r.day, r.provider, r.ward_code, r.team_id]);
    const label = (r: { day: string; provider: string; ward_code: string | null; team_id: string | null }) =>
      `${r.day} ${r.provider} ward ${r.ward_code ?? 'unknown'} team ${r.team_id ?? 'none'}`;
    const stored = new Map<string, Keyed>();
    const found = await rows(
      db,
      sql<{ day: string; provider: string; ward_code: string | null; team_id: string | null; count: unknown }>`
      select to_char(day, 'YYYY-MM-DD') as day, provider, ward_code, team_id, count from activation_daily`,
    );
    for (const r of found) add(stored, key(r), label(r), { count: num(r.count) });
    const truth = new Map<string, Keyed>();
    const activations = await rows(
      db,
      sql<{ day: string; provider: string; ward_code: string | null; team_id: string | null; count: unknown }>`
      select ${vietnamDayOf('activated_at')} as day, provider, ward_code, team_id, count(*) as count from activations group by 1, 2, 3, 4`,
    );
    for (const r of activations) add(truth, key(r), label(r), { count: num(r.count) });
    return { checked: found.length, violations: compare(this.name, 'activation_daily', ['count'], stored, truth) };
  },
};
