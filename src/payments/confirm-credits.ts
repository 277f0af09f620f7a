import { BatchWrite } from '../db/batch-write.js';
import type { Db, Executor } from '../db/database.js';
import { uuidV7 } from '../db/uuid-v7.js';
import { writeEvents, type NewEvent } from '../realtime/index.js';
import { findInstitution } from '../merchants/institutions.js';
import type { MerchantRow } from '../merchants/merchants.repository.js';
import type { PaymentRequestRow } from '../payment-requests/payment-requests.repository.js';
import { recordSales, type NewSale } from '../sales/sales.service.js';
import type { SaleMethod } from '../sales/sales.table.js';
import { decideMatch, type MatchDecision } from './matching.js';
import { findPaymentsByProviderTx, writePayments, type PaymentRow } from './payments.repository.js';
import type { BankCredit } from './providers/types.js';
import { findReferences } from './reference.js';
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

const keyOf = (d: { provider: string; credit: { providerTxId: string } }) => `${d.provider}\u0000${d.credit.providerTxId}`;

/** A payer whose institution is a mobile-money wallet makes a mobile-money sale; any bank app, a bank QR sale. */
export function saleMethodFor(payerBank: string | null | undefined): SaleMethod {
  return payerBank && findInstitution(payerBank)?.kind === 'wallet' ? 'mobile_money' : 'bank_qr';
}

/** The payer's institution code for the mix on the board (VCB, MOMO, ...). */
export function payerCode(payerBank: string | null | undefined): string {
  return (payerBank && findInstitution(payerBank)?.code) || 'UNKNOWN';
}

/** What the stall's feed sees of a payment: amount and outcome, never the payer or account. */
const paymentFacts = (payment: PaymentRow) => ({ paymentId: payment.id, amount: payment.amount, outcome: payment.outcome, paymentRequestId: payment.payment_request_id });

/**
 * The event of a payment that made no sale (it waits for review): the stall, amount and outcome. A payment that made
 * a sale is told by that sale's event instead (`data.payment`), one event for the one change.
 */
export function paymentEvent(payment: PaymentRow, merchant: MerchantRow | null): NewEvent {
  return {
    type: 'payment.received',
    merchantId: merchant?.id ?? null,
    data: { ...paymentFacts(payment), stallCode: merchant?.stall_code ?? null, saleId: payment.sale_id, occurredAt: payment.occurred_at.toISOString() },
  };
}

/**
 * Records bank credits exactly once, many in one transaction (one commit for the lot, four round trips whatever the
 * number: BEGIN, storeAndLock, one BatchWrite that also numbers the invoices, COMMIT):
 * the raw notifications first, then per credit its match, payment and outcome, the requests marked paid, the sales
 * with their invoices and rollups, and the events. A repeated delivery changes nothing and answers with the first
 * outcome. Within a batch credits are decided in order, so a second payment to one request is a duplicate.
 */
export async function confirmCredits(db: Db, deliveries: Delivery[], hooks: ConfirmHooks = {}): Promise<Confirmation[]> {
  const fresh = await db.transaction().execute((trx) => processBatch(trx, deliveries, hooks));
  // Deliveries seen before (or twice in this batch) answer with the payment stored for them.
  const missing = deliveries.filter((d) => !fresh.has(keyOf(d)));
  const earlier = missing.length ? await findPaymentsByProviderTx(db, missing.map((d) => ({ provider: d.provider, providerTxId: d.credit.providerTxId }))) : [];
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

export async function confirmCredit(db: Db, provider: string, credit: BankCredit, rawBody: string): Promise<Confirmation> {
  return (await confirmCredits(db, [{ provider, credit, rawBody }]))[0];
}

async function processBatch(trx: Executor, deliveries: Delivery[], hooks: ConfirmHooks): Promise<Map<string, PaymentRow>> {
  const unique = [...new Map(deliveries.map((d) => [keyOf(d), d])).values()];
  const refsOf = unique.map((d) => findReferences(d.credit.description));
  const { notificationIds, requests, merchants } = await storeAndLock(
    trx,
    unique.map((d) => ({ provider: d.provider, provider_tx_id: d.credit.providerTxId, raw_body: d.rawBody })),
    [...new Set(refsOf.flat())],
    [...new Set(unique.map((d) => d.credit.accountNumber))],
  );
  const isNew = unique.map((d) => notificationIds.has(keyOf(d)));
  const news = unique.filter((_, i) => isNew[i]);
  if (news.length === 0) return new Map();
  const newRefs = refsOf.filter((_, i) => isNew[i]);
  const byReference = new Map(requests.map((r) => [r.reference, { ...r }]));
  const merchantsById = new Map(merchants.map((m) => [m.id, m]));

  const decisions: MatchDecision[] = news.map((d, i) => {
    const candidates = newRefs[i].map((ref) => byReference.get(ref)).filter((r): r is PaymentRequestRow => !!r);
    const decision = decideMatch(d.credit, candidates, merchantsById, merchants.filter((m) => m.payout_account === d.credit.accountNumber), newRefs[i].length > 0);
    if (decision.markPaid && decision.request) decision.request.status = 'paid'; // a later credit in this batch sees it paid
    return decision;
  });

  const occurredAt = news.map((d) => new Date(Math.min(Date.parse(d.credit.occurredAt), Date.now())));
  const saleIndexes = decisions.flatMap((dec, i) => (dec.saleAmount !== null && dec.merchant ? [i] : []));
  const saleInputs: NewSale[] = saleIndexes.map((i) => ({
    merchant: decisions[i].merchant!,
    method: saleMethodFor(news[i].credit.payerBank),
    payer: payerCode(news[i].credit.payerBank),
    amount: decisions[i].saleAmount!,
    items: decisions[i].request?.items ?? null,
    paymentRequestId: decisions[i].request?.id ?? null,
    occurredAt: occurredAt[i],
    test: news[i].provider === 'sandbox',
  }));
  const write = new BatchWrite();
  const recorded = recordSales(saleInputs, write);
  const saleIdOf = new Map(saleIndexes.map((i, k) => [i, recorded.sales[k].id]));

  const paid = decisions.flatMap((dec, i) => (dec.markPaid && dec.request ? [{ id: dec.request.id, status: 'paid', paid_at: occurredAt[i] }] : []));
  write.update('payment_requests', 'id', ['status', 'paid_at'], paid);

  // Every column is given here (ids, times), so the rows answered are exactly the rows stored: nothing is read back.
  const now = new Date();
  const payments: PaymentRow[] = news.map((d, i) => ({
    id: uuidV7(),
    notification_id: notificationIds.get(keyOf(d))!,
    provider: d.provider,
    provider_tx_id: d.credit.providerTxId,
    outcome: decisions[i].outcome,
    merchant_id: decisions[i].merchant?.id ?? null,
    payment_request_id: decisions[i].request?.id ?? null,
    sale_id: saleIdOf.get(i) ?? null,
    amount: d.credit.amount,
    bin: d.credit.bin,
    account_number: d.credit.accountNumber,
    description: d.credit.description,
    payer_bank: d.credit.payerBank ?? null,
    payer_name: d.credit.payerName ?? null,
    occurred_at: occurredAt[i],
    // Matched money needs no review; every other outcome stays open until staff resolve it.
    resolved_at: decisions[i].outcome === 'matched' ? now : null,
    resolved_by: null,
    resolution_note: null,
    // The sandbox bank's money is test money; marked in the same write that stores it.
    test: d.provider === 'sandbox',
    created_at: now,
  }));
  writePayments(write, payments);
  // One event per confirmation: the sale's, carrying its payment (and its invoice); or the payment's when no sale.
  const saleEventOf = new Map(saleIndexes.map((i, k) => [i, recorded.events[k]]));
  const events = payments.map((p, i) => {
    const saleEvent = saleEventOf.get(i);
    if (!saleEvent) return paymentEvent(p, decisions[i].merchant);
    saleEvent.data.payment = paymentFacts(p);
    return saleEvent;
  });
  writeEvents(write, events);
  const written = write.execute(trx);
  try {
    hooks.onWriteSent?.();
  } finally {
    await written; // awaited even when the hook throws: a failed write must never go unhandled
  }
  return new Map(payments.map((p) => [`${p.provider}\u0000${p.provider_tx_id}`, p]));
}
