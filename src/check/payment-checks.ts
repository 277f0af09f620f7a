import { sql } from 'kysely';
import { countOf, limited, num, ROW_LIMIT, rows, type Check, type Violation } from './check.js';

// Money, from the request's and the payment's side: every paid request has one payment and one sale, every matched
// credit one sale of the right stall and amount, and each payment's outcome agrees with what it paid.

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
