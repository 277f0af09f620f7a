import { sql } from 'kysely';
import { countOf, limited, num, ROW_LIMIT, rows, type Check, type Violation } from './check.js';

// Money, from the sale's side: every sale paid or cash, sales add up to payments plus cash, refunds within sales.

export const saleHasOnePayment: Check = {
  name: 'sale_has_one_payment',
  rule: 'every non-cash sale is referenced by exactly one payment; a cash sale by none and by no payment request',
  unit: 'sales',
  async run(db) {
    const checked = await countOf(db, sql<{ n: unknown }>`select count(*) as n from sales`);
    const found = await rows(
      db,
      sql<{
        id: string;
        method: string;
        amount: unknown;
        stall_code: string;
        payments: unknown;
        payment_request_id: string | null;
      }>`
        select s.id, s.method, s.amount, m.stall_code, s.payment_request_id, count(p.id) as payments
        from sales s
        join merchants m on m.id = s.merchant_id
        left join payments p on p.sale_id = s.id
        group by s.id, m.stall_code
        having (s.method = 'cash' and (count(p.id) > 0 or s.payment_request_id is not null))
            or (s.method <> 'cash' and count(p.id) <> 1)
        order by m.stall_code, s.id
        limit ${ROW_LIMIT}`,
    );
    const violations: Violation[] = found.map((s) => ({
      check: this.name,
      message:
        `${s.method} sale ${s.id} of ${s.stall_code} (${num(s.amount)} đ) is referenced by ${num(s.payments)} payment(s)` +
        (s.method === 'cash' && s.payment_request_id ? ' and by a payment request' : ''),
      details: { saleId: s.id },
    }));
    return { checked, violations: [...violations, ...limited(this.name, found, 'sales')] };
  },
};

export const salesEqualPaymentsPlusCash: Check = {
  name: 'sales_equal_payments_plus_cash',
  rule: 'sales = payments with a sale + cash sales, in count and in value',
  unit: 'sales',
  async run(db) {
    const [t] = await rows(
      db,
      sql<Record<'sales' | 'sales_value' | 'cash' | 'cash_value' | 'paid' | 'paid_value', unknown>>`
        select (select count(*) from sales) as sales,
               (select coalesce(sum(amount), 0) from sales) as sales_value,
               (select count(*) from sales where method = 'cash') as cash,
               (select coalesce(sum(amount), 0) from sales where method = 'cash') as cash_value,
               (select count(*) from payments p join sales s on s.id = p.sale_id where s.method <> 'cash') as paid,
               (select coalesce(sum(s.amount), 0) from payments p join sales s on s.id = p.sale_id where s.method <> 'cash') as paid_value`,
    );
    const [sales, salesValue, cash, cashValue, paid, paidValue] = [
      t.sales,
      t.sales_value,
      t.cash,
      t.cash_value,
      t.paid,
      t.paid_value,
    ].map(num);
    const violations: Violation[] = [];
    if (sales !== paid + cash) {
      violations.push({
        check: this.name,
        message: `${sales} sales, but ${paid} payments with a sale + ${cash} cash sales = ${paid + cash}`,
      });
    }
    if (salesValue !== paidValue + cashValue) {
      violations.push({
        check: this.name,
        message: `sales worth ${salesValue} đ, but payments' sales ${paidValue} đ + cash ${cashValue} đ = ${paidValue + cashValue} đ`,
      });
    }
    return { checked: sales, violations };
  },
};

export const refundsWithinSales: Check = {
  name: 'refunds_within_sales',
  rule: "per sale, the refunds add up to sales.refunded_amount, which never exceeds the sale; refunds belong to the sale's stall",
  unit: 'refunds',
  async run(db) {
    const checked = await countOf(db, sql<{ n: unknown }>`select count(*) as n from refunds`);
    const found = await rows(
      db,
      sql<{
        id: string;
        stall_code: string;
        amount: unknown;
        refunded_amount: unknown;
        refunds: unknown;
        other_stall: unknown;
      }>`
        with f as (
          select r.sale_id, sum(r.amount) as total, count(*) filter (where r.merchant_id <> s.merchant_id) as other_stall
          from refunds r join sales s on s.id = r.sale_id group by r.sale_id
        )
        select s.id, m.stall_code, s.amount, s.refunded_amount, coalesce(f.total, 0) as refunds, coalesce(f.other_stall, 0) as other_stall
        from sales s
        join merchants m on m.id = s.merchant_id
        left join f on f.sale_id = s.id
        where s.refunded_amount <> coalesce(f.total, 0) or s.refunded_amount > s.amount or s.refunded_amount < 0
           or coalesce(f.total, 0) > s.amount or coalesce(f.other_stall, 0) > 0
        order by m.stall_code, s.id
        limit ${ROW_LIMIT}`,
    );
    const violations: Violation[] = found.map((s) => ({
      check: this.name,
      message:
        `sale ${s.id} of ${s.stall_code}: amount ${num(s.amount)} đ, refunded_amount ${num(s.refunded_amount)} đ, refunds sum to ${num(s.refunds)} đ` +
        (num(s.other_stall) ? `, ${num(s.other_stall)} refund(s) recorded for another stall` : ''),
      details: { saleId: s.id },
    }));
    return { checked, violations: [...violations, ...limited(this.name, found, 'sales')] };
  },
};
