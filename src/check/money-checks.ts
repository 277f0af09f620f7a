import { sql } from 'kysely';
import type { Executor } from '../db/index.js';
import { isProviderName, providerAdapters } from '../payments/index.js';
import { countOf, limited, num, ROW_LIMIT, rows, type Check, type Violation } from './check.js';

// Money: every credit recorded once, every matched credit one sale, every sale paid or cash, refunds within sales.

/** A payment that pays a request is matched or overpaid (overpaid still pays for the goods). */
const PAYING = sql`('matched', 'overpaid')`;

export const paidRequestsHaveOnePayment: Check = {
  name: 'paid_requests_have_one_payment',
  rule: 'each paid payment request has exactly one matched/overpaid payment with a sale, and that sale (same stall, request amount); an unpaid request has neither',
  unit: 'paid requests',
  async run(db) {
    const checked = await countOf(
      db,
      sql<{ n: unknown }>`select count(*) as n from payment_requests where status = 'paid'`,
    );
    const found = await rows(
      db,
      sql<{
        id: string;
        reference: string;
        status: string;
        stall_code: string;
        payments: unknown;
        with_sale: unknown;
        sales: unknown;
        linked: unknown;
        right_sale: boolean | null;
      }>`
        with pm as (
          select payment_request_id as id, count(*) as n, count(sale_id) as with_sale
          from payments where payment_request_id is not null and outcome in ${PAYING} group by 1
        ), sr as (
          select payment_request_id as id, count(*) as n from sales where payment_request_id is not null group by 1
        ), linked as (
          select s.payment_request_id as id, count(*) as n, bool_and(s.amount = r.amount and s.merchant_id = r.merchant_id) as right_sale
          from sales s
          join payments p on p.sale_id = s.id and p.payment_request_id = s.payment_request_id and p.outcome in ${PAYING}
          join payment_requests r on r.id = s.payment_request_id
          group by 1
        )
        select r.id, r.reference, r.status, m.stall_code, coalesce(pm.n, 0) as payments, coalesce(pm.with_sale, 0) as with_sale,
               coalesce(sr.n, 0) as sales, coalesce(l.n, 0) as linked, l.right_sale
        from payment_requests r
        join merchants m on m.id = r.merchant_id
        left join pm on pm.id = r.id
        left join sr on sr.id = r.id
        left join linked l on l.id = r.id
        where case when r.status = 'paid'
          then not (coalesce(pm.n, 0) = 1 and coalesce(pm.with_sale, 0) = 1 and coalesce(sr.n, 0) = 1 and coalesce(l.n, 0) = 1 and coalesce(l.right_sale, false))
          else coalesce(pm.n, 0) > 0 or coalesce(sr.n, 0) > 0 end
        order by m.stall_code, r.reference
        limit ${ROW_LIMIT}`,
    );
    const violations: Violation[] = found.map((r) => ({
      check: this.name,
      message:
        `request ${r.reference} of ${r.stall_code} (${r.status}): ${num(r.payments)} matched/overpaid payment(s), ${num(r.with_sale)} with a sale, ` +
        `${num(r.sales)} sale(s) for it, ${num(r.linked)} linked` +
        (r.right_sale === false ? ', sale amount or stall differs from the request' : ''),
      details: { paymentRequestId: r.id },
    }));
    return { checked, violations: [...violations, ...limited(this.name, found, 'requests')] };
  },
};

export const paymentSaleConsistent: Check = {
  name: 'payment_sale_consistent',
  rule: 'a matched/overpaid payment has a sale; a payment with a sale points to a non-cash sale of its own stall for the right amount',
  unit: 'payments',
  async run(db) {
    const checked = await countOf(db, sql<{ n: unknown }>`select count(*) as n from payments`);
    const found = await rows(
      db,
      sql<{
        id: string;
        provider: string;
        provider_tx_id: string;
        outcome: string;
        amount: unknown;
        sale_id: string | null;
        sale_amount: unknown;
        expected: unknown;
        method: string | null;
        same_merchant: boolean | null;
      }>`
        select p.id, p.provider, p.provider_tx_id, p.outcome, p.amount, p.sale_id, s.amount as sale_amount, s.method,
               s.merchant_id is not distinct from p.merchant_id as same_merchant,
               case when p.payment_request_id is not null and p.outcome in ${PAYING} then r.amount else p.amount end as expected
        from payments p
        left join sales s on s.id = p.sale_id
        left join payment_requests r on r.id = p.payment_request_id
        where (p.outcome in ${PAYING} and p.sale_id is null)
           or (p.sale_id is not null and (
                s.id is null or s.method = 'cash' or s.merchant_id is distinct from p.merchant_id
                or s.amount is distinct from (case when p.payment_request_id is not null and p.outcome in ${PAYING} then r.amount else p.amount end)))
        order by p.created_at
        limit ${ROW_LIMIT}`,
    );
    const violations: Violation[] = found.map((p) => {
      const tx = `payment ${p.provider}/${p.provider_tx_id} (${p.outcome}, ${num(p.amount)} đ)`;
      let why: string;
      if (!p.sale_id) why = 'has no sale';
      else if (p.method === null) why = `points to sale ${p.sale_id}, which does not exist`;
      else if (p.method === 'cash') why = `points to cash sale ${p.sale_id}`;
      else if (!p.same_merchant) why = `points to sale ${p.sale_id} of another stall`;
      else why = `points to sale ${p.sale_id} of ${num(p.sale_amount)} đ, expected ${num(p.expected)} đ`;
      return { check: this.name, message: `${tx} ${why}`, details: { paymentId: p.id, saleId: p.sale_id } };
    });
    return { checked, violations: [...violations, ...limited(this.name, found, 'payments')] };
  },
};

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

export const paymentOutcomeFitsAmount: Check = {
  name: 'payment_outcome_fits_amount',
  rule: 'a payment for a request says what its amount did: matched = paid the requested amount, overpaid = more, underpaid = less',
  unit: 'payments for a request',
  async run(db) {
    const checked = await countOf(
      db,
      sql<{
        n: unknown;
      }>`select count(*) as n from payments where payment_request_id is not null and outcome in ('matched', 'overpaid', 'underpaid')`,
    );
    // Duplicate and late payments are decided by the request's state, not the amount; a static-QR payment has no
    // requested amount to disagree with.
    const found = await rows(
      db,
      sql<{
        id: string;
        provider: string;
        provider_tx_id: string;
        outcome: string;
        amount: unknown;
        requested: unknown;
        reference: string;
      }>`
        select p.id, p.provider, p.provider_tx_id, p.outcome, p.amount, r.amount as requested, r.reference
        from payments p join payment_requests r on r.id = p.payment_request_id
        where (p.outcome = 'matched' and p.amount <> r.amount)
           or (p.outcome = 'overpaid' and p.amount <= r.amount)
           or (p.outcome = 'underpaid' and p.amount >= r.amount)
        order by p.created_at
        limit ${ROW_LIMIT}`,
    );
    const violations: Violation[] = found.map((p) => ({
      check: this.name,
      message: `payment ${p.provider}/${p.provider_tx_id} is ${p.outcome} but paid ${num(p.amount)} đ for request ${p.reference} of ${num(p.requested)} đ`,
      details: { paymentId: p.id },
    }));
    return { checked, violations: [...violations, ...limited(this.name, found, 'payments')] };
  },
};

export const notificationsHavePayments: Check = {
  name: 'notifications_have_payments',
  rule: 'every processed notification has exactly one payment (unless it carried no credit) for the same provider transaction; a failed one has none',
  unit: 'notifications',
  async run(db) {
    const checked = await countOf(db, sql<{ n: unknown }>`select count(*) as n from notifications`);
    const found = await rows(
      db,
      sql<{
        id: unknown;
        provider: string;
        provider_tx_id: string;
        status: string;
        raw_body: string;
        payments: unknown;
      }>`
        select n.id, n.provider, n.provider_tx_id, n.status, n.raw_body, count(p.id) as payments
        from notifications n left join payments p on p.notification_id = n.id
        group by n.id
        having (n.status = 'processed' and count(p.id) <> 1) or (n.status = 'failed' and count(p.id) > 0)
        order by n.id
        limit ${ROW_LIMIT}`,
    );
    const violations: Violation[] = [];
    for (const n of found) {
      if (n.status === 'processed' && num(n.payments) === 0 && !carriesCredit(n.provider, n.provider_tx_id, n.raw_body))
        continue;
      violations.push({
        check: this.name,
        message: `notification ${n.provider}/${n.provider_tx_id} (${n.status}) has ${num(n.payments)} payments`,
        details: { notificationId: num(n.id) },
      });
    }
    const mislinked = await rows(
      db,
      sql<{ id: string; provider: string; provider_tx_id: string }>`
        select p.id, p.provider, p.provider_tx_id from payments p join notifications n on n.id = p.notification_id
        where n.provider <> p.provider or n.provider_tx_id <> p.provider_tx_id
        limit ${ROW_LIMIT}`,
    );
    for (const p of mislinked) {
      violations.push({
        check: this.name,
        message: `payment ${p.provider}/${p.provider_tx_id} points to another transaction's notification`,
        details: { paymentId: p.id },
      });
    }
    return { checked, violations: [...violations, ...limited(this.name, found, 'notifications')] };
  },
};

/** Whether a stored raw body names a credit with this transaction id (a notice with no money in it needs no payment). */
function carriesCredit(provider: string, providerTxId: string, rawBody: string): boolean {
  if (!isProviderName(provider)) return true;
  try {
    return providerAdapters[provider].parse(JSON.parse(rawBody)).some((c) => c.providerTxId === providerTxId);
  } catch {
    return true; // unreadable: a processed notification should have been readable, so count it as money
  }
}

/** Notifications kept as failed: money heard of but not yet recorded; the provider's retry will process them. */
export async function failedNotifications(db: Executor): Promise<number> {
  return countOf(db, sql<{ n: unknown }>`select count(*) as n from notifications where status = 'failed'`);
}
