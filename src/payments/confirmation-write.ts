import { BatchWrite, type Executor } from '../db/index.js';
import { writeRequestsPaid } from '../payment-requests/index.js';
import { writeEvents } from '../realtime/index.js';
import { writeSalePlans } from '../sales/index.js';
import type { CreditPlan } from './confirmation-plan.js';
import { writePayments } from './payments.repository.js';

/**
 * The batch's plans as statements, in one BatchWrite (so one statement, one round trip): the requests marked paid,
 * the sales with their invoices (numbered in that statement) and rollups, the payments and the events. Nothing here
 * decides anything; the plans say it all.
 */
export function confirmationWrite(plans: readonly CreditPlan[]): BatchWrite {
  const write = new BatchWrite();
  const sales = plans.flatMap((p) => (p.sale ? [p.sale] : []));
  writeSalePlans(write, sales);
  writeRequestsPaid(
    write,
    plans.flatMap((p) => (p.paid ? [p.paid] : [])),
  );
  writePayments(
    write,
    plans.map((p) => p.payment),
  );
  writeEvents(
    write,
    plans.map((p) => p.event),
  );
  return write;
}

/**
 * Writes the plans inside the caller's transaction and returns the numbers the write allotted (invoice numbers by
 * invoice id). `onSent` is called once the statement is on its way; the write is awaited even when it throws, so a
 * failed write never goes unhandled.
 */
export async function writeConfirmations(
  trx: Executor,
  plans: readonly CreditPlan[],
  onSent?: () => void,
): Promise<Map<string, number>> {
  const written = confirmationWrite(plans).execute(trx);
  try {
    onSent?.();
  } finally {
    await written;
  }
  return written;
}
