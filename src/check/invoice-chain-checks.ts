import { sql } from 'kysely';
import { countOf, limited, num, ROW_LIMIT, rows, type Check, type Violation } from './check.js';

// E-invoices after a refund or a buyer's request: a sale given back in full is never reissued, and a chain of
// replacements ends in exactly one standing invoice.

export const refundedSaleNotReissued: Check = {
  name: 'refunded_sale_not_reissued',
  rule: 'a sale refunded in full has its standing invoice adjusted by one of its refunds (no invoice issued after the money was all given back)',
  unit: 'fully refunded sales',
  async run(db) {
    const checked = await countOf(
      db,
      sql<{ n: unknown }>`select count(*) as n from sales where refunded_amount >= amount`,
    );
    // Every refund adjusts the invoice standing at that moment, and a replacement needs money left to invoice: so the
    // invoice standing for a fully refunded sale is one a refund adjusted. One that none adjusted came afterwards.
    const found = await rows(
      db,
      sql<{
        sale_id: string;
        stall_code: string;
        amount: unknown;
        id: string;
        kind: string;
        series: string;
        number: unknown;
      }>`
        select s.id as sale_id, m.stall_code, s.amount, i.id, i.kind, i.series, i.number
        from sales s
        join merchants m on m.id = s.merchant_id
        join invoices i on i.sale_id = s.id and i.kind in ('original', 'replacement') and i.status = 'issued'
        where s.refunded_amount >= s.amount
          and not exists (select 1 from invoices a where a.kind = 'adjustment' and a.sale_id = s.id and a.related_invoice_id = i.id)
        order by m.stall_code, s.id
        limit ${ROW_LIMIT}`,
    );
    const violations: Violation[] = found.map((r) => ({
      check: this.name,
      message: `sale ${r.sale_id} of ${r.stall_code} (${num(r.amount)} đ) was refunded in full, yet its ${r.kind} invoice ${r.series} no. ${num(r.number)} stands unadjusted`,
      details: { saleId: r.sale_id, invoiceId: r.id },
    }));
    return { checked, violations: [...violations, ...limited(this.name, found, 'sales')] };
  },
};

export const replacementChainEndsOnce: Check = {
  name: 'replacement_chain_ends_once',
  rule: "a sale's original and its replacements form one chain (each replaced by exactly the next) that ends in exactly one standing invoice",
  unit: 'chains',
  async run(db) {
    const checked = await countOf(db, sql<{ n: unknown }>`select count(*) as n from invoices where kind = 'original'`);
    // Walked from each sale's original along "replacement of" links: every invoice of the sale must be reached, the
    // walk must end once, at an issued invoice, and every invoice before it must be marked replaced.
    const found = await rows(
      db,
      sql<{
        sale_id: string;
        stall_code: string;
        members: unknown;
        reached: unknown;
        ends: unknown;
        standing: unknown;
        standing_ends: unknown;
      }>`
        with recursive chain as (
          select i.id, i.sale_id, i.status, 1 as depth from invoices i where i.kind = 'original'
          union all
          select x.id, x.sale_id, x.status, c.depth + 1
          from chain c join invoices x on x.related_invoice_id = c.id and x.kind = 'replacement' and x.sale_id = c.sale_id
          where c.depth < 10000
        ), walked as (
          select c.*, not exists (select 1 from invoices x where x.related_invoice_id = c.id and x.kind = 'replacement' and x.sale_id = c.sale_id) as is_end
          from chain c
        ), members as (
          select sale_id, count(*) as n from invoices where kind in ('original', 'replacement') group by sale_id
        )
        select mb.sale_id, m.stall_code, mb.n as members, count(w.id) as reached,
               count(w.id) filter (where w.is_end) as ends,
               count(w.id) filter (where w.status = 'issued') as standing,
               count(w.id) filter (where w.is_end and w.status = 'issued') as standing_ends
        from members mb
        join sales s on s.id = mb.sale_id
        join merchants m on m.id = s.merchant_id
        left join walked w on w.sale_id = mb.sale_id
        group by mb.sale_id, mb.n, m.stall_code
        having count(w.id) <> mb.n
            or count(w.id) filter (where w.is_end) <> 1
            or count(w.id) filter (where w.status = 'issued') <> 1
            or count(w.id) filter (where w.is_end and w.status = 'issued') <> 1
        order by m.stall_code, mb.sale_id
        limit ${ROW_LIMIT}`,
    );
    const violations: Violation[] = found.map((r) => ({
      check: this.name,
      message:
        `sale ${r.sale_id} of ${r.stall_code}: ${num(r.members)} original/replacement invoice(s), ${num(r.reached)} on the chain from its original, ` +
        `${num(r.ends)} chain end(s), ${num(r.standing)} standing on it${num(r.standing_ends) === 1 ? '' : ', and the chain does not end in its standing invoice'}`,
      details: { saleId: r.sale_id },
    }));
    return { checked, violations: [...violations, ...limited(this.name, found, 'sales')] };
  },
};
