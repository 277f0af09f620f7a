import { sql } from 'kysely';
import type { Executor } from '../db/index.js';

// The country's provinces side by side (a province's sites: scope-figures.ts): one grouped query over the stalls,
// today's day × stall rollup and the stalls' running totals (one row each), so the cost follows the number of stalls,
// never the length of the history.

export interface AreaFigures {
  stalls: number;
  activeStalls: number;
  todayValue: number;
  todayCount: number;
  todayCashlessValue: number;
  allTimeValue: number;
}

interface FigureRow {
  stalls: unknown;
  active_stalls: unknown;
  today_value: unknown;
  today_count: unknown;
  today_cashless_value: unknown;
  all_time_value: unknown;
}

const figures = (r: FigureRow): AreaFigures => ({
  stalls: Number(r.stalls),
  activeStalls: Number(r.active_stalls),
  todayValue: Number(r.today_value),
  todayCount: Number(r.today_count),
  todayCashlessValue: Number(r.today_cashless_value),
  allTimeValue: Number(r.all_time_value),
});

/** The figures of each group of stalls (sites joined to their stalls, today's rollup and the running totals). */
const grouped = (day: string) => sql`
  count(m.id) as stalls,
  count(*) filter (where d.bank_qr_count + d.mobile_money_count > 0) as active_stalls,
  coalesce(sum(d.sales_value), 0)::bigint as today_value,
  coalesce(sum(d.sales_count), 0)::bigint as today_count,
  coalesce(sum(d.bank_qr_value + d.mobile_money_value), 0)::bigint as today_cashless_value,
  coalesce(sum(t.sales_value), 0)::bigint as all_time_value
  from sites s
  left join merchants m on m.site_id = s.id
  left join merchant_daily d on d.merchant_id = m.id and d.day = ${day}
  left join merchant_totals t on t.merchant_id = m.id`;

/** Every province that has a site, with its number of sites and its figures for `day` and all time. */
export async function provinceFigures(db: Executor, day: string) {
  const { rows } = await sql<FigureRow & { province_code: string; sites: unknown }>`
    select s.province_code, count(distinct s.id) as sites, ${grouped(day)}
     group by s.province_code
     order by s.province_code`.execute(db);
  return rows.map((r) => ({ code: r.province_code, sites: Number(r.sites), ...figures(r) }));
}
