import { asObject, integerAmount, optionalText, requiredString, vietnamTime, type JsonObject } from './fields.js';
import { hexDigestsEqual, hmacHex, isHex } from './signatures.js';
import { ProviderPayloadError, type BankCredit, type ProviderAdapter } from './types.js';

/**
 * payOS payment webhooks: body { code, desc, success, data, signature } where
 * signature = hex HMAC-SHA256(checksum key, payOSSignedString(data)). The string follows payOS's documented sample
 * and its Node SDK (convertObjToQueryStr): keys sorted, `k=v` joined with "&", a key whose value is undefined left out,
 * null / undefined / "null" / "undefined" written as the empty string, an array written as JSON with each object
 * element's keys sorted. Webhook data has no nested objects; should one appear we write it as key-sorted JSON.
 */
const sortedKeys = (o: JsonObject): string[] => Object.keys(o).sort();
const sortedShallow = (o: JsonObject): JsonObject => Object.fromEntries(sortedKeys(o).map((k) => [k, o[k]]));
const isPlainObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export function payosSignedString(data: Record<string, unknown>): string {
  return sortedKeys(data)
    .filter((k) => data[k] !== undefined)
    .map((k) => {
      let v: unknown = data[k];
      if (Array.isArray(v)) v = JSON.stringify(v.map((e) => (isPlainObject(e) ? sortedShallow(e) : e)));
      else if (isPlainObject(v)) v = JSON.stringify(sortedShallow(v));
      if (v === null || v === undefined || v === 'null' || v === 'undefined') v = '';
      return `${k}=${String(v)}`;
    })
    .join('&');
}

/** The `signature` payOS puts next to `data` (used by tests and by anything simulating payOS). */
export const signPayos = (checksumKey: string, data: Record<string, unknown>): string =>
  hmacHex('sha256', checksumKey, payosSignedString(data));

// payOS's "confirm webhook" call posts its documented sample transaction: not money.
const TEST_PAYMENT_LINK_ID = '124c33293c43417ab7879e14c8d9eb18';
const isTestPing = (d: JsonObject) =>
  d.paymentLinkId === TEST_PAYMENT_LINK_ID || (d.orderCode === 123 && d.description === 'VQRIO123');

function parse(body: unknown): BankCredit[] {
  const o = asObject(body, 'body');
  if (typeof o.code !== 'string') throw new ProviderPayloadError('code must be a string', 'code');
  if (o.code !== '00' || o.success === false) return []; // a failed or pending notice: no money moved
  const d = asObject(o.data, 'data');
  if (d.code !== undefined && d.code !== '00') return [];
  if (isTestPing(d)) return [];
  const amount = integerAmount(d, 'amount', 'data.amount');
  if (amount <= 0) throw new ProviderPayloadError('data.amount must be positive', 'data.amount');
  const description = d.description;
  if (typeof description !== 'string') throw new ProviderPayloadError('data.description must be a string', 'data.description');
  let providerTxId = optionalText(d, 'reference');
  if (!providerTxId) {
    const link = optionalText(d, 'paymentLinkId');
    const order = optionalText(d, 'orderCode');
    if (!link || !order) throw new ProviderPayloadError('data.reference (or paymentLinkId and orderCode) is required', 'data.reference');
    providerTxId = `${link}:${order}`;
  }
  return [
    {
      providerTxId,
      bin: null,
      accountNumber: requiredString(d, 'accountNumber', 'data.accountNumber'),
      subAccount: optionalText(d, 'virtualAccountNumber'),
      amount,
      description,
      payerBank: optionalText(d, 'counterAccountBankName') ?? optionalText(d, 'counterAccountBankId'),
      payerName: optionalText(d, 'counterAccountName'),
      occurredAt: vietnamTime(d, 'transactionDateTime', 'data.transactionDateTime'),
    },
  ];
}

export const payosAdapter: ProviderAdapter = {
  name: 'payos',
  verify: ({ body, secret }) => {
    if (!isPlainObject(body)) return { ok: false, reason: 'missing_signature' };
    const signature = body.signature;
    if (signature === undefined || signature === null || signature === '') return { ok: false, reason: 'missing_signature' };
    if (typeof signature !== 'string' || !isHex(signature)) return { ok: false, reason: 'malformed_signature' };
    if (!isPlainObject(body.data)) return { ok: false, reason: 'malformed_signature' };
    if (!secret) return { ok: false, reason: 'bad_signature' };
    return hexDigestsEqual(signPayos(secret, body.data), signature) ? { ok: true } : { ok: false, reason: 'bad_signature' };
  },
  parse,
  // payOS only needs a 2xx; the body is for humans reading delivery logs.
  ack: () => ({ success: true }),
};
