import { uuidV7, type SaleMethod } from '../db/index.js';
import type { NewEvent } from '../realtime/index.js';
import { findInstitution } from '../institutions/index.js';
import type { MerchantRow } from '../merchants/index.js';
import { findReferences, type PaidRequest, type PaymentRequestRow } from '../payment-requests/index.js';
import { planSale, type SalePlan } from '../sales/index.js';
import { creditTime } from './credit-time.js';
import { decideMatch, type MatchDecision } from './matching.js';
import type { PaymentRow } from './payments.repository.js';
import type { BankCredit } from './providers/types.js';

/** A verified credit this batch is the first to process, with the inbox row its raw notification was stored as. */
export interface NewCredit {
  provider: string;
  credit: BankCredit;
  notificationId: number;
}

/** The rows the batch locked and read for its credits (storeAndLock): the requests the memos name, and the stalls. */
export interface LockedRows {
  requests: readonly PaymentRequestRow[];
  merchants: readonly MerchantRow[];
}

/**
 * Everything one credit writes, decided before anything is written. `sale` (with its invoice, rollups) only when the
 * money makes a sale; `event` is then the sale's, carrying the payment; otherwise the payment's own. The invoice's
 * number is the write's to hand out: 0 here (see writeConfirmations).
 */
export interface CreditPlan {
  readonly decision: MatchDecision;
  readonly paid: PaidRequest | null;
  readonly sale: SalePlan | null;
  readonly payment: PaymentRow;
  readonly event: NewEvent;
}

/** A payer whose institution is a mobile-money wallet makes a mobile-money sale; any bank app, a bank QR sale. */
export function saleMethodFor(payerBank: string | null | undefined): SaleMethod {
  return payerBank && findInstitution(payerBank)?.kind === 'wallet' ? 'mobile_money' : 'bank_qr';
}

/** The payer's institution code for the mix on the board (VCB, MOMO, ...). */
export function payerCode(payerBank: string | null | undefined): string {
  return (payerBank && findInstitution(payerBank)?.code) || 'UNKNOWN';
}

/** What the stall's feed sees of a payment: amount and outcome, never the payer or account. */
const paymentFacts = (payment: PaymentRow) => ({
  paymentId: payment.id,
  amount: payment.amount,
  outcome: payment.outcome,
  paymentRequestId: payment.payment_request_id,
});

/**
 * The event of a payment that made no sale (it waits for review): the stall, amount and outcome. A payment that made
 * a sale is told by that sale's event instead (`data.payment`), one event for the one change.
 */
export function paymentEvent(payment: PaymentRow, merchant: MerchantRow | null): NewEvent {
  return {
    type: 'payment.received',
    merchantId: merchant?.id ?? null,
    data: {
      ...paymentFacts(payment),
      stallCode: merchant?.stall_code ?? null,
      saleId: payment.sale_id,
      occurredAt: payment.occurred_at.toISOString(),
    },
  };
}

/**
 * Plans a batch of credits: one CreditPlan per credit, in order. Pure: no database, no clock but `now`, no randomness
 * but `newId` (and the invoices' lookup codes). Credits are decided in order, and a request a credit pays counts as
 * paid for the later ones (a second payment to it is a duplicate); the locked rows themselves are never changed.
 */
export function planConfirmations(
  credits: readonly NewCredit[],
  locked: LockedRows,
  now: Date,
  newId: () => string = uuidV7,
): CreditPlan[] {
  const byReference = new Map(locked.requests.map((r) => [r.reference, r]));
  const merchantsById = new Map(locked.merchants.map((m) => [m.id, m]));
  const paidNow = new Set<string>();
  return credits.map(({ provider, credit, notificationId }) => {
    // The clock rule, once: the decision (expiry) and every row written see the same time.
    const occurredAt = creditTime(credit.occurredAt, now.getTime());
    const refs = findReferences(credit.description);
    const candidates = refs.flatMap((ref) => {
      const r = byReference.get(ref);
      if (!r) return [];
      return [paidNow.has(r.id) ? { ...r, status: 'paid' as const } : r];
    });
    const accountOwners = locked.merchants.filter((m) => m.payout_account === credit.accountNumber);
    const decision = decideMatch(
      { ...credit, occurredAt: occurredAt.toISOString() },
      candidates,
      merchantsById,
      accountOwners,
      refs.length > 0,
    );
    const paid: PaidRequest | null =
      decision.markPaid && decision.request ? { id: decision.request.id, status: 'paid', paid_at: occurredAt } : null;
    if (paid) paidNow.add(paid.id);
    const test = provider === 'sandbox'; // the sandbox bank's money is test money, marked in the write that stores it
    const sale =
      decision.saleAmount !== null && decision.merchant
        ? planSale(
            {
              merchant: decision.merchant,
              method: saleMethodFor(credit.payerBank),
              payer: payerCode(credit.payerBank),
              amount: decision.saleAmount,
              items: decision.request?.items ?? null,
              paymentRequestId: decision.request?.id ?? null,
              occurredAt,
              test,
            },
            now,
            { sale: newId(), invoice: newId() },
          )
        : null;
    // Every column is given here (ids, times), so the rows answered are exactly the rows stored: nothing is read back.
    const payment: PaymentRow = {
      id: newId(),
      notification_id: notificationId,
      provider,
      provider_tx_id: credit.providerTxId,
      outcome: decision.outcome,
      merchant_id: decision.merchant?.id ?? null,
      payment_request_id: decision.request?.id ?? null,
      sale_id: sale?.sale.id ?? null,
      amount: credit.amount,
      bin: credit.bin,
      account_number: credit.accountNumber,
      description: credit.description,
      payer_bank: credit.payerBank ?? null,
      payer_name: credit.payerName ?? null,
      occurred_at: occurredAt,
      // Matched money needs no review; every other outcome stays open until staff resolve it.
      resolved_at: decision.outcome === 'matched' ? now : null,
      resolved_by: null,
      resolution_note: null,
      test,
      created_at: now,
    };
    // One event per confirmation: the sale's, carrying its payment (and its invoice); or the payment's when no sale.
    const event: NewEvent = sale
      ? { ...sale.event, data: { ...sale.event.data, payment: paymentFacts(payment) } }
      : paymentEvent(payment, decision.merchant);
    return { decision, paid, sale, payment, event };
  });
}
