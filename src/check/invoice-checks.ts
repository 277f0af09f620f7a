import { sql } from 'kysely';
import { countOf, limited, num, ROW_LIMIT, rows, type Check, type Violation } from './check.js';

// E-invoices: one standing invoice per sale, adjustments per refund, and numbers 1..N per series with no gap.

export const saleHasStandingInvoice: Check = {
  name: 'sale_has_standing_invoice',
  rule: 'every sale has exactly one original invoice and exactly one standing invoice (original or replacement, issued), of its stall, for its amount',
  unit: 'sales',
  async run(db) {
    const checked = await countOf(db, sql<{ n: unknown }>`select count(*) as n from sales`);
    const found = await rows(
      db,
      sql<{
        id: string;
        stall_code: string;
        amount: unknown;
        standing: unknown;
        originals: unknown;
        other_stall: unknown;
        wrong_total: unknown;
      }>`
        select s.id, m.stall_code, s.amount,
               count(i.id) filter (where i.kind in ('original', 'replacement') and i.status = 'issued') as standing,
               count(i.id) filter (where i.kind = 'original') as originals,
               count(i.id) filter (where i.merchant_id <> s.merchant_id) as other_stall,
               count(i.id) filter (where i.kind in ('original', 'replacement') and i.total <> s.amount) as wrong_total
        from sales s
        join merchants m on m.id = s.merchant_id
        left join invoices i on i.sale_id = s.id
        group by s.id, m.stall_code
        having count(i.id) filter (where i.kind in ('original', 'replacement') and i.status = 'issued') <> 1
            or count(i.id) filter (where i.kind = 'original') <> 1
            or count(i.id) filter (where i.merchant_id <> s.merchant_id) > 0
            or count(i.id) filter (where i.kind in ('original', 'replacement') and i.total <> s.amount) > 0
        order by m.stall_code, s.id
        limit ${ROW_LIMIT}`,
    );
    const violations: Violation[] = found.map((s) => {
      const extra = [
        num(s.other_stall) ? `${num(s.other_stall)} of another stall` : '',
        num(s.wrong_total) ? `${num(s.wrong_total)} with a total other than the sale's` : '',
      ].filter(Boolean);
      return {
        check: this.name,
        message: `sale ${s.id} of ${s.stall_code} (${num(s.amount)} đ): ${num(s.standing)} standing invoice(s), ${num(s.originals)} original(s)${extra.length ? `, ${extra.join(', ')}` : ''}`,
        details: { saleId: s.id },
      };
    });
    return { checked, violations: [...violations, ...limited(this.name, found, 'sales')] };
  },
};

export const invoiceLinks: Check = {
  name: 'invoice_links',
  rule: 'each refund has exactly one adjustment invoice for its amount; each replaced invoice exactly one replacement of the same sale',
  unit: 'invoices',
  async run(db) {
    const checked = await countOf(db, sql<{ n: unknown }>`select count(*) as n from invoices`);
    const violations: Violation[] = [];
    const refunds = await rows(
      db,
      sql<{ id: string; sale_id: string; amount: unknown; adjustments: unknown; right: unknown }>`
        select r.id, r.sale_id, r.amount, count(i.id) as adjustments,
               count(i.id) filter (where i.kind = 'adjustment' and i.sale_id = r.sale_id and i.total = r.amount) as right
        from refunds r left join invoices i on i.refund_id = r.id
        group by r.id
        having count(i.id) <> 1 or count(i.id) filter (where i.kind = 'adjustment' and i.sale_id = r.sale_id and i.total = r.amount) <> 1
        limit ${ROW_LIMIT}`,
    );
    for (const r of refunds) {
      violations.push({
        check: this.name,
        message: `refund ${r.id} of sale ${r.sale_id} (${num(r.amount)} đ) has ${num(r.adjustments)} adjustment invoice(s), ${num(r.right)} matching it`,
        details: { refundId: r.id },
      });
    }
    const orphans = await rows(
      db,
      sql<{ id: string; series: string; number: unknown }>`
        select id, series, number from invoices where kind = 'adjustment' and refund_id is null
        union all
        select id, series, number from invoices where kind <> 'adjustment' and refund_id is not null
        limit ${ROW_LIMIT}`,
    );
    for (const i of orphans)
      violations.push({
        check: this.name,
        message: `invoice ${i.series} no. ${num(i.number)} is an adjustment without a refund, or a sale invoice with one`,
        details: { invoiceId: i.id },
      });
    const replaced = await rows(
      db,
      sql<{ id: string; series: string; number: unknown; replacements: unknown }>`
        select i.id, i.series, i.number, count(x.id) as replacements
        from invoices i left join invoices x on x.related_invoice_id = i.id and x.kind = 'replacement'
        where i.status = 'replaced' or x.id is not null
        group by i.id
        having count(x.id) <> (case when i.status = 'replaced' then 1 else 0 end)
            or bool_or(x.sale_id <> i.sale_id) or i.kind = 'adjustment'
        limit ${ROW_LIMIT}`,
    );
    for (const i of replaced) {
      violations.push({
        check: this.name,
        message: `invoice ${i.series} no. ${num(i.number)}: ${num(i.replacements)} replacement(s) point to it, which does not fit its status`,
        details: { invoiceId: i.id },
      });
    }
    return { checked, violations: [...violations, ...limited(this.name, refunds, 'refunds')] };
  },
};

export const invoiceNumbersContinuous: Check = {
  name: 'invoice_numbers_continuous',
  rule: 'per stall + template + series + year, invoice numbers are exactly 1..N (no gap, no duplicate) and invoice_counters.last_number = N',
  unit: 'series',
  async run(db) {
    const found = await rows(
      db,
      sql<{
        merchant_id: string;
        stall_code: string | null;
        template: string;
        series: string;
        year: unknown;
        n: unknown;
        distinct_n: unknown;
        lo: unknown;
        hi: unknown;
        last_number: unknown;
        ok: boolean;
      }>`
        with g as (
          select merchant_id, template, series, year, count(*) as n, count(distinct number) as distinct_n, min(number) as lo, max(number) as hi
          from invoices group by merchant_id, template, series, year
        ), both_sides as (
          select coalesce(g.merchant_id, c.merchant_id) as merchant_id, coalesce(g.template, c.template) as template,
                 coalesce(g.series, c.series) as series, coalesce(g.year, c.year) as year,
                 coalesce(g.n, 0) as n, coalesce(g.distinct_n, 0) as distinct_n, g.lo, g.hi, c.last_number
          from g full outer join invoice_counters c
            on c.merchant_id = g.merchant_id and c.template = g.template and c.series = g.series and c.year = g.year
        )
        select b.*, m.stall_code,
               (b.n = b.distinct_n and (b.n = 0 or (b.lo = 1 and b.hi = b.n)) and coalesce(b.last_number, 0) = b.n) as ok
        from both_sides b left join merchants m on m.id = b.merchant_id
        order by m.stall_code, b.template, b.series, b.year`,
    );
    const violations: Violation[] = [];
    for (const s of found.filter((g) => !g.ok).slice(0, ROW_LIMIT)) {
      const where = `${s.stall_code ?? s.merchant_id} ${s.template}${s.series}/${num(s.year)}`;
      const problems: string[] = [];
      if (num(s.n) !== num(s.distinct_n)) problems.push(`${num(s.n) - num(s.distinct_n)} duplicate number(s)`);
      if (num(s.n) > 0 && (num(s.lo) !== 1 || num(s.hi) !== num(s.n))) {
        const missing = await missingNumbers(db, s, num(s.hi));
        problems.push(
          `numbers ${num(s.lo)}..${num(s.hi)} for ${num(s.n)} invoices${missing.length ? `, missing ${missing.join(', ')}${missing.length === 10 ? ', …' : ''}` : ''}`,
        );
      }
      if (s.last_number === null) problems.push('no invoice_counters row');
      else if (num(s.last_number) !== num(s.n))
        problems.push(`counter at ${num(s.last_number)} for ${num(s.n)} invoices`);
      violations.push({
        check: this.name,
        message: `${where}: ${problems.join('; ')}`,
        details: { merchantId: s.merchant_id, template: s.template, series: s.series, year: num(s.year) },
      });
    }
    return { checked: found.length, violations };
  },
};

async function missingNumbers(
  db: Parameters<Check['run']>[0],
  s: { merchant_id: string; template: string; series: string; year: unknown },
  hi: number,
) {
  const found = await rows(
    db,
    sql<{ n: unknown }>`
      select g.n from generate_series(1, ${Math.max(hi, 1)}::int) as g(n)
      where not exists (select 1 from invoices i where i.merchant_id = ${s.merchant_id} and i.template = ${s.template}
                          and i.series = ${s.series} and i.year = ${num(s.year)} and i.number = g.n)
      order by g.n limit 10`,
  );
  return found.map((r) => num(r.n));
}
