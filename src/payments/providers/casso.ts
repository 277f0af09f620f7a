import { asObject, idField, integerAmount, optionalText, requiredString, vietnamTime } from './fields.js';
import { headerValue, hmacHex, verifyTimestamped } from './signatures.js';
import { ProviderPayloadError, type BankCredit, type ProviderAdapter, type RejectedLine } from './types.js';

/**
 * Casso webhook v2: header `X-Casso-Signature: t=<unix ms>,v1=<hex>`,
 * v1 = HMAC-SHA512(secret, t + "." + JSON.stringify(body with object keys sorted at every depth, arrays in order)).
 * Body: { error: 0, data: { id, reference, description, amount (negative = money out), runningBalance,
 * transactionDateTime, accountNumber, bankName, bankAbbreviation, virtualAccountNumber, virtualAccountName,
 * counterAccountName, counterAccountNumber, counterAccountBankId, counterAccountBankName } }; `data` may be an array.
 */
export const CASSO_SIGNATURE_HEADER = 'x-casso-signature';
/**
 * No age limit on Casso's `t`. Casso documents no tolerance and does not say a retry (or a re-send from its
 * dashboard) is signed afresh, so a genuine retry may carry a signature of any age; any limit could refuse one,
 * and a refused retry is money we never hear of. A replayed signature needs no clock to stop it: the signed body
 * names the transaction id, and a second delivery of an id changes nothing (docs/providers.md).
 */
export const CASSO_MAX_SIGNATURE_AGE_MS = Number.POSITIVE_INFINITY;

/** A copy with every object's keys sorted (Object.fromEntries keeps a "__proto__" key as plain data). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortKeysDeep(o[k])]),
    );
  }
  return value;
}

export const cassoSignedMessage = (t: string, body: unknown): string => `${t}.${JSON.stringify(sortKeysDeep(body))}`;

/** The `X-Casso-Signature` value Casso would send for `body` at `nowMs`. */
export function signCasso(secret: string, body: unknown, nowMs: number): string {
  const t = String(Math.floor(nowMs));
  return `t=${t},v1=${hmacHex('sha512', secret, cassoSignedMessage(t, body))}`;
}

function parsedBody(body: unknown, rawBody: string): unknown {
  if (body !== undefined) return body;
  try {
    return JSON.parse(rawBody);
  } catch {
    return undefined;
  }
}

// Casso's "send a test" button posts its documented sample transaction: not money.
const TEST_REFERENCE = 'MA_GIAO_DICH_THU_NGHIEM';

function parseTransaction(value: unknown, field: string): BankCredit | null {
  const d = asObject(value, field);
  const amount = integerAmount(d, 'amount', `${field}.amount`);
  if (amount <= 0) return null; // money out (or a zero line): not a credit
  if (d.reference === TEST_REFERENCE) return null;
  const description = d.description;
  if (typeof description !== 'string')
    throw new ProviderPayloadError(`${field}.description must be a string`, `${field}.description`);
  return {
    providerTxId: idField(d, 'id', `${field}.id`),
    bin: null,
    accountNumber: requiredString(d, 'accountNumber', `${field}.accountNumber`),
    subAccount: optionalText(d, 'virtualAccountNumber'),
    bankName: optionalText(d, 'bankName') ?? optionalText(d, 'bankAbbreviation'),
    amount,
    description,
    payerBank: optionalText(d, 'counterAccountBankName') ?? optionalText(d, 'counterAccountBankId'),
    payerName: optionalText(d, 'counterAccountName'),
    occurredAt: vietnamTime(d, 'transactionDateTime', `${field}.transactionDateTime`),
  };
}

function parseLines(body: unknown): { credits: BankCredit[]; rejected: RejectedLine[] } {
  const o = asObject(body, 'body');
  if (o.error !== undefined && o.error !== 0) return { credits: [], rejected: [] }; // an error notice carries no transaction
  const { data } = o;
  if (!Array.isArray(data)) {
    const credit = parseTransaction(data, 'data');
    return { credits: credit ? [credit] : [], rejected: [] };
  }
  const credits: BankCredit[] = [];
  const rejected: RejectedLine[] = [];
  data.forEach((line, index) => {
    try {
      const credit = parseTransaction(line, `data[${index}]`);
      if (credit) credits.push(credit);
    } catch (error) {
      if (!(error instanceof ProviderPayloadError)) throw error;
      rejected.push({ index, field: error.field, message: error.message, line });
    }
  });
  return { credits, rejected };
}

/** Strict reading: any bad line refuses the body (the webhook route uses parseLines). */
function parse(body: unknown): BankCredit[] {
  const { credits, rejected } = parseLines(body);
  if (rejected.length > 0) throw new ProviderPayloadError(rejected[0].message, rejected[0].field);
  return credits;
}

export const cassoAdapter: ProviderAdapter = {
  name: 'casso',
  verify: ({ headers, rawBody, body, secret, nowMs }) => {
    const json = parsedBody(body, rawBody);
    return verifyTimestamped({
      header: headerValue(headers, CASSO_SIGNATURE_HEADER),
      secret,
      nowMs,
      algorithm: 'sha512',
      unitMs: 1,
      toleranceMs: CASSO_MAX_SIGNATURE_AGE_MS,
      message: (t) => (json === undefined ? null : cassoSignedMessage(t, json)),
    });
  },
  parse,
  parseLines,
  ack: () => ({ success: true }),
};
