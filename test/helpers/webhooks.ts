import { randomBytes } from 'node:crypto';
import { signCasso, signPayos, signSandbox } from '../../src/payments/providers/index.js';
import type { TestApp } from './app.js';

/** Providers send naive Vietnam time, e.g. "2026-11-23 09:15:00". */
const vietnamNow = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Every provider enabled. A real provider's secret switches the sandbox bank off unless SANDBOX=1 says otherwise, so
 * these settings say so: the suites deliver through all four.
 */
export const SECRETS = {
  SANDBOX: '1',
  SANDBOX_WEBHOOK_SECRET: 'sandbox-secret-for-tests-0123456789',
  SEPAY_API_KEY: 'sepay-api-key-for-tests-0123456789',
  PAYOS_CHECKSUM_KEY: 'payos-checksum-key-for-tests-0123456789',
  CASSO_SECRET: 'casso-secret-for-tests-0123456789',
};

export interface Credit {
  id?: string;
  bin?: string;
  accountNumber: string;
  amount: number;
  description: string;
  payerBank?: string;
  /** The payer's own account number, for providers that send it (payOS, Casso). */
  payerAccount?: string;
}

export const newTxId = () => `TX${randomBytes(6).toString('hex').toUpperCase()}`;

/** A sandbox bank credit notice, signed as the sandbox bank signs it. */
export function sandboxDelivery(credit: Credit, secret = SECRETS.SANDBOX_WEBHOOK_SECRET, nowMs = Date.now()) {
  const body = JSON.stringify({
    id: credit.id ?? newTxId(),
    bin: credit.bin ?? '970436',
    accountNumber: credit.accountNumber,
    amount: credit.amount,
    description: credit.description,
    payerBank: credit.payerBank ?? 'MBB',
    payerName: 'NGUYEN VAN A',
    occurredAt: new Date().toISOString(),
  });
  return { body, headers: { 'content-type': 'application/json', 'x-signature': signSandbox(secret, body, nowMs) } };
}

export function sepayDelivery(credit: Credit, transferType: 'in' | 'out' = 'in') {
  const body = JSON.stringify({
    id: Number(credit.id ?? Math.floor(Math.random() * 1e9)),
    gateway: 'Vietcombank',
    transactionDate: vietnamNow(),
    accountNumber: credit.accountNumber,
    code: null,
    content: credit.description,
    transferType,
    transferAmount: credit.amount,
    accumulated: 10_000_000,
    subAccount: null,
    referenceCode: 'FT26327000001',
    description: `BankAPINotify ${credit.description}`,
  });
  return { body, headers: { 'content-type': 'application/json', authorization: `Apikey ${SECRETS.SEPAY_API_KEY}` } };
}

export function payosDelivery(credit: Credit) {
  const data = {
    orderCode: Math.floor(Math.random() * 1e6),
    amount: credit.amount,
    description: credit.description,
    accountNumber: credit.accountNumber,
    reference: credit.id ?? newTxId(),
    transactionDateTime: vietnamNow(),
    currency: 'VND',
    paymentLinkId: randomBytes(16).toString('hex'),
    code: '00',
    desc: 'success',
    counterAccountBankId: '',
    counterAccountBankName: '',
    counterAccountName: null,
    counterAccountNumber: credit.payerAccount ?? null,
    virtualAccountName: '',
    virtualAccountNumber: '',
  };
  const body = JSON.stringify({
    code: '00',
    desc: 'success',
    success: true,
    data,
    signature: signPayos(SECRETS.PAYOS_CHECKSUM_KEY, data),
  });
  return { body, headers: { 'content-type': 'application/json' } };
}

export function cassoDelivery(credit: Credit) {
  const parsed = {
    error: 0,
    data: {
      id: Math.floor(Math.random() * 1e7),
      reference: credit.id ?? newTxId(),
      description: credit.description,
      amount: credit.amount,
      runningBalance: 25_000_000,
      transactionDateTime: vietnamNow(),
      accountNumber: credit.accountNumber,
      bankName: 'Vietcombank',
      bankAbbreviation: 'VCB',
      virtualAccountNumber: '',
      virtualAccountName: '',
      counterAccountName: '',
      counterAccountNumber: credit.payerAccount ?? '',
      counterAccountBankId: '',
      counterAccountBankName: '',
    },
  };
  const body = JSON.stringify(parsed);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-casso-signature': signCasso(SECRETS.CASSO_SECRET, parsed, Date.now()),
    },
  };
}

export function deliver(
  ctx: Pick<TestApp, 'call'>,
  provider: string,
  d: { body: string; headers: Record<string, string> },
) {
  return ctx.call({ method: 'POST', url: `/webhooks/${provider}`, headers: d.headers, payload: d.body });
}
