import { merchantInScope, seesAll, type StaffScope } from '../auth/index.js';
import type { Db, Executor } from '../db/index.js';
import { appendEvents } from '../realtime/index.js';
import { conflict, notFound } from '../http/index.js';
import { findMerchant } from '../merchants/index.js';
import { recordSaleInTransaction } from '../sales/index.js';
import { payerCode, saleMethodFor } from './confirm-credits.js';
import { findPaymentForUpdate, resolvePayment } from './payments.repository.js';

// Confirmation itself lives in confirm-credits.ts (batched); these names stay importable from here.
export { confirmCredit, confirmCredits, payerCode, saleMethodFor, type Confirmation } from './confirm-credits.js';

const alreadyResolved = () =>
  conflict('payment_already_resolved', 'This payment was already resolved (it belongs to a sale or was closed)');

/**
 * A payment a staff member may review: its stall is in their scope. Money that named no stall (unmatched) is in no
 * site, so only unscoped staff and admins see it. Out of scope is "not found", as for a payment that does not exist.
 */
async function paymentInScope(trx: Executor, paymentId: string, scope: StaffScope) {
  const payment = await findPaymentForUpdate(trx, paymentId);
  if (!payment) throw notFound('payment');
  if (seesAll(scope)) return payment;
  if (!payment.merchant_id || !(await merchantInScope(trx, scope, payment.merchant_id))) throw notFound('payment');
  return payment;
}

/** Staff give money that waits for review (unmatched, late, underpaid) to a stall: it becomes that stall's sale. */
export async function assignPayment(db: Db, paymentId: string, merchantId: string, staffId: string, scope: StaffScope) {
  return db.transaction().execute(async (trx) => {
    const payment = await paymentInScope(trx, paymentId, scope);
    if (payment.sale_id || payment.resolved_at) throw alreadyResolved();
    const merchant = await findMerchant(trx, merchantId);
    if (!merchant || !(await merchantInScope(trx, scope, merchantId))) throw notFound('merchant');
    const { sale, events } = await recordSaleInTransaction(trx, {
      merchant,
      method: saleMethodFor(payment.payer_bank),
      payer: payerCode(payment.payer_bank),
      amount: payment.amount,
      occurredAt: payment.occurred_at,
      test: payment.test,
    });
    const resolved = await resolvePayment(trx, paymentId, {
      merchant_id: merchantId,
      sale_id: sale.id,
      resolved_by: staffId,
    });
    return { payment: resolved, sale, events: await appendEvents(trx, events) };
  });
}

/**
 * Staff close a payment that waits for review without making a sale, saying how it was settled: the excess of an
 * overpaid payment handed back, a duplicate or unmatched transfer returned to the payer. The money's record stays;
 * only the review item is closed.
 */
export async function closePayment(db: Db, paymentId: string, staffId: string, note: string, scope: StaffScope) {
  return db.transaction().execute(async (trx) => {
    const payment = await paymentInScope(trx, paymentId, scope);
    if (payment.resolved_at) throw alreadyResolved();
    return resolvePayment(trx, paymentId, { resolved_by: staffId, resolution_note: note });
  });
}
