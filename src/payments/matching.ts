import type { PaymentOutcome } from '../db/index.js';
import { MAX_AMOUNT_IN_WORDS } from '../invoices/index.js';
import type { MerchantRow } from '../merchants/index.js';
import type { PaymentRequestRow } from '../payment-requests/index.js';
import { creditTime } from './credit-time.js';
import type { BankCredit } from './providers/types.js';

export interface MatchDecision {
  outcome: PaymentOutcome;
  merchant: MerchantRow | null;
  request: PaymentRequestRow | null;
  /** A sale is recorded for this amount (null: the money waits for review). */
  saleAmount: number | null;
  /** The request becomes paid. */
  markPaid: boolean;
}

const accountMatches = (m: MerchantRow, credit: BankCredit) =>
  m.payout_account === credit.accountNumber && (!credit.bin || credit.bin === m.payout_bin);

/** The largest sale an invoice can state (its amount in words); more than that waits for review instead of failing. */
export const MAX_SALE_AMOUNT = MAX_AMOUNT_IN_WORDS;

/**
 * Decides what an incoming credit is. Pure: the caller has loaded (and locked) the candidate requests
 * named by references in the memo, and the stalls that receive into the credited account.
 * `memoNamesReference`: the memo holds something shaped like one of our references, whether or not it exists.
 */
export function decideMatch(
  credit: BankCredit,
  requests: PaymentRequestRow[],
  merchantsById: Map<string, MerchantRow>,
  accountMerchants: MerchantRow[],
  memoNamesReference = requests.length > 0,
): MatchDecision {
  // A reference only counts when the money went to that request's own stall account.
  const request = requests.find((r) => {
    const m = merchantsById.get(r.merchant_id);
    return m && accountMatches(m, credit);
  });
  if (request) {
    const merchant = merchantsById.get(request.merchant_id)!;
    const occurredAt = creditTime(credit.occurredAt, Date.now());
    const none = { merchant, request, saleAmount: null, markPaid: false };
    if (request.status === 'paid') return { ...none, outcome: 'duplicate' };
    if (request.status === 'cancelled' || request.expires_at < occurredAt) return { ...none, outcome: 'late' };
    if (credit.amount < request.amount) return { ...none, outcome: 'underpaid' };
    // Overpaid still pays for the goods; the excess stays on the payment for review and refund.
    const outcome = credit.amount > request.amount ? 'overpaid' : 'matched';
    return { outcome, merchant, request, saleAmount: request.amount, markPaid: true };
  }
  // No reference at all: a transfer to exactly one stall's account is a static-QR sale for that stall. A memo naming
  // a reference that is none of this stall's requests (mistyped, expired and purged, another stall's, forged) is not:
  // the payer meant a particular order, so a person decides. So does an amount no invoice can carry.
  const owners = accountMerchants.filter((m) => accountMatches(m, credit));
  if (owners.length === 1 && requests.length === 0 && !memoNamesReference && credit.amount <= MAX_SALE_AMOUNT) {
    return { outcome: 'matched', merchant: owners[0], request: null, saleAmount: credit.amount, markPaid: false };
  }
  return {
    outcome: 'unmatched',
    merchant: owners.length === 1 ? owners[0] : null,
    request: null,
    saleAmount: null,
    markPaid: false,
  };
}
