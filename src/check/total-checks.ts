import { sql } from 'kysely';
import { limited, num, ROW_LIMIT, rows, type Check, type Violation } from './check.js';

// The all-time running totals are kept beside the daily rollups in the same statement; they must equal the rollups'
// sums, key by key (a missing row on either side counts as zeros). The rollups themselves are checked against the base
// tables by rollup-checks, so together the board's all-time figures are checked against the truth.

const MERCHANT_FIELDS = [
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

type Diff = Record<string, unknown> & { label: string };

function violations(check: string, table: string, fields: readonly string[], found: Diff[]): Violation[] {
  return [
    ...found.map((r) => ({
      check,
      message: `${table} ${r.label}: ${fields
        .filter((f) => num(r[`t_${f}`]) !== num(r[`r_${f}`]))
        .map((f) => `${f} ${num(r[`t_${f}`])} in the running total, ${num(r[`r_${f}`])} summed from the rollups`)
        .join(', ')}`,
      details: { table, key: r.label },
    })),
    ...limited(check, found, 'running totals differ'),
  ];
}

/** `select` of both sides' figures (t_ from the totals, r_ from the rollups' sums) for keys whose figures differ. */
function differing(fields: readonly string[], keys: readonly string[], totals: string, rollup: string) {
  const on = sql.join(
    keys.map((k) => sql`t.${sql.ref(k)} = r.${sql.ref(k)}`),
    sql` and `,
  );
  const key = (k: string) => sql`coalesce(t.${sql.ref(k)}::text, r.${sql.ref(k)}::text)`;
  return sql<Diff>`
    with r as (select ${sql.join(keys.map((k) => sql.ref(k)))}, ${sql.join(
      fields.map((f) => sql`sum(${sql.ref(f)}) as ${sql.ref(f)}`),
    )} from ${sql.table(rollup)} group by ${sql.join(keys.map((k) => sql.ref(k)))})
    select concat_ws(' ', ${sql.join([sql`coalesce(m.stall_code, ${key(keys[0])})`, ...keys.slice(1).map(key)])}) as label,
           ${sql.join(fields.map((f) => sql`coalesce(t.${sql.ref(f)}, 0) as ${sql.ref(`t_${f}`)}, coalesce(r.${sql.ref(f)}, 0) as ${sql.ref(`r_${f}`)}`))}
      from ${sql.table(totals)} t full join r on ${on}
      left join merchants m on m.id = coalesce(t.merchant_id, r.merchant_id)
     where ${sql.join(
       fields.map((f) => sql`coalesce(t.${sql.ref(f)}, 0) <> coalesce(r.${sql.ref(f)}, 0)`),
       sql` or `,
     )}
     limit ${ROW_LIMIT}`;
}

export const merchantTotalsRollup: Check = {
  name: 'merchant_totals_rollup',
  rule: 'merchant_totals (all time × stall) equals the sum of the stall’s merchant_daily rows',
  unit: 'running total rows',
  async run(db) {
    const found = await rows(db, differing(MERCHANT_FIELDS, ['merchant_id'], 'merchant_totals', 'merchant_daily'));
    const checked = num((await rows(db, sql<{ n: unknown }>`select count(*) as n from merchant_totals`))[0]?.n);
    return { checked, violations: violations(this.name, 'merchant_totals', MERCHANT_FIELDS, found) };
  },
};

export const payerTotalsRollup: Check = {
  name: 'payer_totals_rollup',
  rule: 'payer_totals (all time × stall × payer × method) equals the sum of the matching payer_daily rows',
  unit: 'running total rows',
  async run(db) {
    const keys = ['merchant_id', 'payer', 'method'];
    const found = await rows(db, differing(['count', 'value'], keys, 'payer_totals', 'payer_daily'));
    const checked = num((await rows(db, sql<{ n: unknown }>`select count(*) as n from payer_totals`))[0]?.n);
    return { checked, violations: violations(this.name, 'payer_totals', ['count', 'value'], found) };
  },
};
