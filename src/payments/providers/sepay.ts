import { asObject, idField, integerAmount, optionalText, requiredString, vietnamTime } from './fields.js';
import { headerValue, secretsEqual } from './signatures.js';
import { ProviderPayloadError, type BankCredit, type ProviderAdapter } from './types.js';

/**
 * SePay webhooks (API-key authentication): `Authorization: Apikey <key>`, one transaction per call, money in and out.
 * Body: { id, gateway, transactionDate ("2024-07-25 14:02:37", Vietnam time), accountNumber, code, content,
 * transferType "in" | "out", transferAmount, accumulated, subAccount, referenceCode, description }.
 */
const APIKEY = /^apikey\s+(\S+)\s*$/i;

function parse(body: unknown): BankCredit[] {
  const o = asObject(body, 'body');
  const transferType = o.transferType;
  if (transferType === 'out') return [];
  if (transferType !== 'in') throw new ProviderPayloadError('transferType must be "in" or "out"', 'transferType');
  const amount = integerAmount(o, 'transferAmount');
  if (amount <= 0) throw new ProviderPayloadError('transferAmount of money in must be positive', 'transferAmount');
  // `content` is the memo as the bank delivered it; `description` is SePay's full SMS-like line, a fallback only.
  const description = optionalText(o, 'content') ?? optionalText(o, 'description') ?? '';
  return [
    {
      providerTxId: idField(o, 'id'),
      bin: null,
      accountNumber: requiredString(o, 'accountNumber'),
      subAccount: optionalText(o, 'subAccount'),
      bankName: optionalText(o, 'gateway'),
      amount,
      description,
      payerBank: null,
      payerName: null,
      occurredAt: vietnamTime(o, 'transactionDate'),
    },
  ];
}

export const sepayAdapter: ProviderAdapter = {
  name: 'sepay',
  verify: ({ headers, secret }) => {
    const header = headerValue(headers, 'authorization');
    if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing_signature' };
    const m = APIKEY.exec(header.trim());
    if (!m) return { ok: false, reason: 'malformed_signature' };
    if (!secret || !secretsEqual(m[1]!, secret)) return { ok: false, reason: 'bad_signature' };
    return { ok: true };
  },
  parse,
  ack: () => ({ success: true }),
};
