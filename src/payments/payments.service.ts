import type { Db, Executor } from '../db/database.js';
import { appendEvents, type NewEvent, type StoredEvent } from '../events/events.repository.js';
import { conflict, notFound } from '../http/errors.js';
import { findInstitution } from '../merchants/institutions.js';
import { findMerchant, findMerchantsByAccount, type MerchantRow } from '../merchants/merchants.repository.js';
import { findPaymentRequestsByReferenceForUpdate, markRequestPaid } from '../payment-requests/payment-requests.repository.js';
import { recordSaleInTransaction } from '../sales/sales.service.js';
import type { SaleMethod } from '../sales/sales.table.js';
import { decideMatch } from './matching.js';
import { findPaymentByProviderTx, findPaymentForUpdate, insertNotification, insertPayment, resolvePayment, type PaymentRow } from './payments.repository.js';
import type { BankCredit } from './providers/types.js';
import { findReferences } from './reference.js';

export interface Confirmation {
  payment: PaymentRow;
  /** True when this (provider, transaction id) had been recorded before: nothing new happened. */
  repeated: boolean;
  events: StoredEvent[];
}

/** A payer whose institution is a mobile-money wallet makes a mobile-money sale; any bank app, a bank QR sale. */
export function saleMethodFor(payerBank: string | null | undefined): SaleMethod {
  return payerBank && findInstitution(payerBank)?.kind === 'wallet' ? 'mobile_money' : 'bank_qr';
}

/** The payer's institution code for the mix on the board (VCB, MOMO, ...). */
export function payerCode(payerBank: string | null | undefined): string {
  return (payerBank && findInstitution(payerBank)?.code) || 'UNKNOWN';
}

/** What the board and the stall's feed see of a payment: the stall, amount and outcome; never the payer or account. */
function paymentEvent(payment: PaymentRow, merchant: MerchantRow | null): NewEvent {
  return {
    type: 'payment.received',
    merchantId: merchant?.id ?? null,
    data: {
      paymentId: payment.id,
      stallCode: merchant?.stall_code ?? null,
      amount: payment.amount,
      outcome: payment.outcome,
      paymentRequestId: payment.payment_request_id,
      saleId: payment.sale_id,
      occurredAt: payment.occurred_at.toISOString(),
    },
  };
}

/**
 * Records one bank credit exactly once, in one transaction: the raw notification, the payment and its outcome,
 * the request marked paid, the sale with its rollup, and the events. A repeated delivery changes nothing and
 * answers with the first outcome.
 */
export async function confirmCredit(db: Db, provider: string, credit: BankCredit, rawBody: string): Promise<Confirmation> {
  const result = await db.transaction().execute(async (trx) => {
    const notificationId = await insertNotification(trx, { provider, provider_tx_id: credit.providerTxId, raw_body: rawBody, status: 'processed' });
    if (notificationId === undefined) return null; // seen before: answer outside, after this empty transaction
    return processNewCredit(trx, notificationId, provider, credit);
  });
  if (result) return { ...result, repeated: false };
  // A concurrent first delivery may still be committing: the unique index made us wait for it, so it is visible now.
  const payment = await findPaymentByProviderTx(db, provider, credit.providerTxId);
  if (!payment) throw new Error(`notification ${provider}/${credit.providerTxId} stored without a payment`);
  return { payment, repeated: true, events: [] };
}

async function processNewCredit(trx: Executor, notificationId: number, provider: string, credit: BankCredit) {
  const requests = await findPaymentRequestsByReferenceForUpdate(trx, findReferences(credit.description));
  const merchantsById = new Map<string, MerchantRow>();
  for (const r of requests) {
    const m = await findMerchant(trx, r.merchant_id);
    if (m) merchantsById.set(m.id, m);
  }
  const accountMerchants = await findMerchantsByAccount(trx, credit.accountNumber, credit.bin);
  const decision = decideMatch(credit, requests, merchantsById, accountMerchants);
  const occurredAt = new Date(credit.occurredAt);
  const events: NewEvent[] = [];

  let saleId: string | null = null;
  if (decision.saleAmount !== null && decision.merchant) {
    const { sale, events: saleEvents } = await recordSaleInTransaction(trx, {
      merchant: decision.merchant,
      method: saleMethodFor(credit.payerBank),
      payer: payerCode(credit.payerBank),
      amount: decision.saleAmount,
      items: decision.request?.items ?? null,
      paymentRequestId: decision.request?.id ?? null,
      occurredAt,
    });
    saleId = sale.id;
    events.push(...saleEvents);
  }
  if (decision.markPaid && decision.request) await markRequestPaid(trx, decision.request.id, occurredAt);

  const payment = await insertPayment(trx, {
    notification_id: notificationId,
    provider,
    provider_tx_id: credit.providerTxId,
    outcome: decision.outcome,
    merchant_id: decision.merchant?.id ?? null,
    payment_request_id: decision.request?.id ?? null,
    sale_id: saleId,
    amount: credit.amount,
    bin: credit.bin,
    account_number: credit.accountNumber,
    description: credit.description,
    payer_bank: credit.payerBank ?? null,
    payer_name: credit.payerName ?? null,
    occurred_at: occurredAt,
    // Matched money needs no review; every other outcome stays open until staff resolve it.
    resolved_at: decision.outcome === 'matched' ? new Date() : null,
  });
  events.unshift(paymentEvent(payment, decision.merchant));
  return { payment, events: await appendEvents(trx, events) };
}

/** Staff give money that waits for review (unmatched, late, underpaid) to a stall: it becomes that stall's sale. */
export async function assignPayment(db: Db, paymentId: string, merchantId: string, staffId: string) {
  return db.transaction().execute(async (trx) => {
    const payment = await findPaymentForUpdate(trx, paymentId);
    if (!payment) throw notFound('payment');
    if (payment.sale_id || payment.resolved_at) throw conflict('payment_already_resolved', 'This payment already belongs to a sale');
    const merchant = await findMerchant(trx, merchantId);
    if (!merchant) throw notFound('merchant');
    const { sale, events } = await recordSaleInTransaction(trx, {
      merchant,
      method: saleMethodFor(payment.payer_bank),
      payer: payerCode(payment.payer_bank),
      amount: payment.amount,
      occurredAt: payment.occurred_at,
    });
    const resolved = await resolvePayment(trx, paymentId, { merchant_id: merchantId, sale_id: sale.id, resolved_by: staffId });
    return { payment: resolved, sale, events: await appendEvents(trx, events) };
  });
}
