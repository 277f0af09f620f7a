import type { Kysely, Transaction } from 'kysely';
import type { Executor, DB } from '../db/index.js';
import type { Check, Violation } from './check.js';
import { refundedSaleNotReissued, replacementChainEndsOnce } from './invoice-chain-checks.js';
import { invoiceLinks, invoiceNumbersContinuous, saleHasStandingInvoice } from './invoice-checks.js';
import { failedNotifications, notificationsHavePayments } from './notification-checks.js';
import { paidRequestsHaveOnePayment, paymentOutcomeFitsAmount, paymentSaleConsistent } from './payment-checks.js';
import { refundsWithinSales, saleHasOnePayment, salesEqualPaymentsPlusCash } from './sale-checks.js';
import { invoicesTransmittedSameDay } from './transmission-checks.js';
import { merchantTotalsRollup, payerTotalsRollup } from './total-checks.js';
import { activationDailyRollup, merchantDailyRollup, merchantHourlyRollup, payerDailyRollup } from './rollup-checks.js';

export type { Check, Violation } from './check.js';

/**
 * What must always hold in the database, whatever crashed, retried or ran concurrently. Each check is read-only and
 * names what it finds; together they say whether money was lost, counted twice, or left without an invoice, and
 * whether the board's rollups tell the truth.
 */
export const checks: readonly Check[] = [
  paidRequestsHaveOnePayment,
  paymentSaleConsistent,
  paymentOutcomeFitsAmount,
  saleHasOnePayment,
  salesEqualPaymentsPlusCash,
  refundsWithinSales,
  notificationsHavePayments,
  saleHasStandingInvoice,
  invoiceLinks,
  replacementChainEndsOnce,
  refundedSaleNotReissued,
  invoiceNumbersContinuous,
  invoicesTransmittedSameDay,
  merchantDailyRollup,
  merchantHourlyRollup,
  payerDailyRollup,
  merchantTotalsRollup,
  payerTotalsRollup,
  activationDailyRollup,
];

export const checkNames = checks.map((c) => c.name);

export interface CheckResult {
  name: string;
  rule: string;
  unit: string;
  checked: number;
  violations: Violation[];
  ms: number;
}

export interface InvariantReport {
  results: CheckResult[];
  violations: Violation[];
  /** Notifications stored as failed: not a broken rule (the provider retries them), but money waiting. */
  failedNotifications: number;
}

/**
 * Runs every check on one snapshot of the database: a read-only REPEATABLE READ transaction, so writes that commit
 * while it runs (a live server) cannot make two queries disagree. Given an open transaction, runs inside it.
 */
export async function runInvariantChecks(
  db: Kysely<DB> | Transaction<DB>,
  only?: readonly string[],
): Promise<InvariantReport> {
  const run = async (trx: Executor): Promise<InvariantReport> => {
    const results: CheckResult[] = [];
    for (const check of checks) {
      if (only && !only.includes(check.name)) continue;
      const started = performance.now();
      const { checked, violations } = await check.run(trx);
      results.push({
        name: check.name,
        rule: check.rule,
        unit: check.unit,
        checked,
        violations,
        ms: performance.now() - started,
      });
    }
    return {
      results,
      violations: results.flatMap((r) => r.violations),
      failedNotifications: await failedNotifications(trx),
    };
  };
  if (db.isTransaction) return run(db);
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(run);
}

/** Every violation found, each named by its check (empty: the database is consistent). */
export async function checkInvariants(db: Kysely<DB> | Transaction<DB>): Promise<Violation[]> {
  return (await runInvariantChecks(db)).violations;
}
