import type { Db, Executor } from '../db/index.js';
import { planConfirmations, type NewCredit } from './confirmation-plan.js';
import { writeConfirmations } from './confirmation-write.js';
import { findPaymentsByProviderTx, type PaymentRow } from './payments.repository.js';
import type { BankCredit } from './providers/types.js';
import { findReferences } from '../payment-requests/index.js';
import { storeAndLock } from './store-and-lock.js';

export interface Delivery {
  provider: string;
  credit: BankCredit;
  rawBody: string;
}

export interface Confirmation {
  payment: PaymentRow;
  /** True when this (provider, transaction id) had been recorded before: nothing new happened. */
  repeated: boolean;
}

export interface ConfirmHooks {
  /** Called once the batch's write is on its way to the database (not called when the batch writes nothing new). */
  onWriteSent?: () => void;
}

const keyOf = (d: { provider: string; credit: { providerTxId: string } }) =>
  `${d.provider}\u0000${d.credit.providerTxId}`;

/**
 * Records bank credits exactly once, many in one transaction (one commit for the lot, four round trips whatever the
 * number: BEGIN, storeAndLock, one BatchWrite that also numbers the invoices, COMMIT):
 * the raw notifications first, then per credit its match, payment and outcome, the requests marked paid, the sales
 * with their invoices and rollups, and the events. A repeated delivery changes nothing and answers with the first
 * outcome. Within a batch credits are decided in order, so a second payment to one request is a duplicate.
 */
export async function confirmCredits(
  db: Db,
  deliveries: Delivery[],
  hooks: ConfirmHooks = {},
): Promise<Confirmation[]> {
  const fresh = await db.transaction().execute((trx) => processBatch(trx, deliveries, hooks));
  // Deliveries seen before (or twice in this batch) answer with the payment stored for them.
  const missing = deliveries.filter((d) => !fresh.has(keyOf(d)));
  const earlier = missing.length
    ? await findPaymentsByProviderTx(
        db,
        missing.map((d) => ({ provider: d.provider, providerTxId: d.credit.providerTxId })),
      )
    : [];
  const stored = new Map(earlier.map((p) => [`${p.provider}\u0000${p.provider_tx_id}`, p]));
  const firstOfKey = new Set<string>();
  return deliveries.map((d) => {
    const key = keyOf(d);
    const mine = fresh.get(key);
    if (mine && !firstOfKey.has(key)) {
      firstOfKey.add(key);
      return { payment: mine, repeated: false };
    }
    const payment = mine ?? stored.get(key);
    if (!payment) throw new Error(`notification ${d.provider}/${d.credit.providerTxId} stored without a payment`);
    return { payment, repeated: true };
  });
}

export async function confirmCredit(
  db: Db,
  provider: string,
  credit: BankCredit,
  rawBody: string,
): Promise<Confirmation> {
  return (await confirmCredits(db, [{ provider, credit, rawBody }]))[0];
}

/**
 * One batch: store the notifications and lock the rows they name (storeAndLock), plan every new credit
 * (planConfirmations: pure), then write the plans (writeConfirmations: one statement).
 */
async function processBatch(
  trx: Executor,
  deliveries: Delivery[],
  hooks: ConfirmHooks,
): Promise<Map<string, PaymentRow>> {
  const unique = [...new Map(deliveries.map((d) => [keyOf(d), d])).values()];
  const refsOf = unique.map((d) => findReferences(d.credit.description));
  const { notificationIds, requests, merchants } = await storeAndLock(
    trx,
    unique.map((d) => ({ provider: d.provider, provider_tx_id: d.credit.providerTxId, raw_body: d.rawBody })),
    [...new Set(refsOf.flat())],
    [...new Set(unique.map((d) => d.credit.accountNumber))],
  );
  const credits: NewCredit[] = unique.flatMap((d) => {
    const notificationId = notificationIds.get(keyOf(d));
    return notificationId === undefined ? [] : [{ provider: d.provider, credit: d.credit, notificationId }];
  });
  if (credits.length === 0) return new Map();
  const plans = planConfirmations(credits, { requests, merchants }, new Date());
  await writeConfirmations(trx, plans, hooks.onWriteSent);
  return new Map(plans.map(({ payment: p }) => [`${p.provider}\u0000${p.provider_tx_id}`, p]));
}

export { payerCode, paymentEvent, saleMethodFor } from './confirmation-plan.js';
