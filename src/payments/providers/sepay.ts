import { asObject, idField, integerAmount, optionalText, requiredString, vietnamTime } from './fields.js';
import { headerValue, hexDigestsEqual, hmacHex, secretsEqual } from './signatures.js';
import { ProviderPayloadError, type BankCredit, type ProviderAdapter } from './types.js';

/**
 * SePay webhooks, one transaction per call, money in and out.
 * Body: { id, gateway, transactionDate ("2024-07-25 14:02:37", Vietnam time), accountNumber, code, content,
 * transferType "in" | "out", transferAmount, accumulated, subAccount, referenceCode, description }.
 *
 * Two of SePay's authentication modes are accepted (developer.sepay.vn, "Xác thực webhook" / "Authentication"):
 * - HMAC-SHA256 (SePay's recommendation): `X-SePay-Signature: sha256=<hex HMAC-SHA256(secret, t + "." + raw body)>`
 *   with `X-SePay-Timestamp: t` (Unix seconds). The whole body is signed.
 * - API key: `Authorization: Apikey <key>`. It proves the sender knows the key and signs nothing.
 * When SEPAY_WEBHOOK_SECRET is set only the HMAC mode is accepted (see the webhook route).
 */
export const SEPAY_SIGNATURE_HEADER = 'x-sepay-signature';
export const SEPAY_TIMESTAMP_HEADER = 'x-sepay-timestamp';
/**
 * SePay advises refusing timestamps more than 5 minutes off, but also retries a failed delivery up to 7 times over
 * about 33 minutes and does not say each retry is signed afresh. An hour accepts every documented retry either way;
 * a replay inside it is stopped by the signed transaction id (a second delivery of an id changes nothing).
 */
export const SEPAY_TOLERANCE_SECONDS = 3600;

const APIKEY = /^apikey\s+(\S+)\s*$/i;
const SIGNATURE = /^(?:sha256=)?([0-9a-f]{64})$/i;

/** The two headers SePay sends for `rawBody` at `nowMs` in HMAC mode (tests and simulators). */
export function signSepay(secret: string, rawBody: string, nowMs: number): Record<string, string> {
  const t = String(Math.floor(nowMs / 1000));
  return {
    [SEPAY_SIGNATURE_HEADER]: `sha256=${hmacHex('sha256', secret, `${t}.${rawBody}`)}`,
    [SEPAY_TIMESTAMP_HEADER]: t,
  };
}

function parse(body: unknown): BankCredit[] {
  const o = asObject(body, 'body');
  // SePay documents lower case; "IN" / "Out" mean the same and must not refuse (or lose) a transfer.
  const transferType = typeof o.transferType === 'string' ? o.transferType.trim().toLowerCase() : o.transferType;
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

/** API-key mode. */
export const sepayAdapter: ProviderAdapter = {
  name: 'sepay',
  verify: ({ headers, secret }) => {
    const header = headerValue(headers, 'authorization');
    if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing_signature' };
    const m = APIKEY.exec(header.trim());
    if (!m) return { ok: false, reason: 'malformed_signature' };
    if (!secret || !secretsEqual(m[1], secret)) return { ok: false, reason: 'bad_signature' };
    return { ok: true };
  },
  parse,
  ack: () => ({ success: true }),
};

/** HMAC-SHA256 mode. The signature is checked before the age, so `stale_signature` only ever names a replay. */
export const sepayHmacAdapter: ProviderAdapter = {
  name: 'sepay',
  verify: ({ headers, rawBody, secret, nowMs }) => {
    const signature = headerValue(headers, SEPAY_SIGNATURE_HEADER)?.trim();
    const t = headerValue(headers, SEPAY_TIMESTAMP_HEADER)?.trim();
    if (!signature || !t) return { ok: false, reason: 'missing_signature' };
    const m = SIGNATURE.exec(signature);
    if (!m || !/^\d{1,12}$/.test(t)) return { ok: false, reason: 'malformed_signature' };
    if (!secret) return { ok: false, reason: 'bad_signature' };
    if (!hexDigestsEqual(hmacHex('sha256', secret, `${t}.${rawBody}`), m[1]))
      return { ok: false, reason: 'bad_signature' };
    if (Math.abs(nowMs - Number(t) * 1000) > SEPAY_TOLERANCE_SECONDS * 1000)
      return { ok: false, reason: 'stale_signature' };
    return { ok: true };
  },
  parse,
  ack: () => ({ success: true }),
};
