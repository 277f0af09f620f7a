import { asObject, idField, integerAmount, optionalText, requiredString, vietnamTime } from './fields.js';
import { headerValue, hmacHex, verifyTimestamped } from './signatures.js';
import { ProviderPayloadError, type BankCredit, type ProviderAdapter } from './types.js';

/**
 * Our own bank simulator. Header `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`;
 * during a secret rotation the sender adds one `v1` per live secret and any match is enough.
 */
export const SANDBOX_SIGNATURE_HEADER = 'x-signature';
export const SANDBOX_TOLERANCE_SECONDS = 300;

/** The `X-Signature` value for `rawBody` at `nowMs`; pass several secrets during a rotation. */
export function signSandbox(secret: string | readonly string[], rawBody: string, nowMs: number): string {
  const t = String(Math.floor(nowMs / 1000));
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0 || secrets.some((s) => !s)) throw new Error('signSandbox needs a non-empty secret');
  return [`t=${t}`, ...secrets.map((s) => `v1=${hmacHex('sha256', s, `${t}.${rawBody}`)}`)].join(',');
}

function parseCredit(body: unknown): BankCredit {
  const o = asObject(body, 'body');
  const bin = requiredString(o, 'bin');
  if (!/^\d{6}$/.test(bin)) throw new ProviderPayloadError('bin must be the 6-digit bank BIN', 'bin');
  const amount = integerAmount(o, 'amount');
  if (amount <= 0) throw new ProviderPayloadError('amount must be a positive integer amount of VND', 'amount');
  const description = o.description;
  if (typeof description !== 'string') throw new ProviderPayloadError('description must be a string', 'description');
  return {
    providerTxId: idField(o, 'id'),
    bin,
    accountNumber: requiredString(o, 'accountNumber'),
    subAccount: null,
    amount,
    description,
    payerBank: optionalText(o, 'payerBank'),
    payerName: optionalText(o, 'payerName'),
    occurredAt: vietnamTime(o, 'occurredAt'),
  };
}

export const sandboxAdapter: ProviderAdapter = {
  name: 'sandbox',
  verify: ({ headers, rawBody, secret, nowMs }) =>
    verifyTimestamped({
      header: headerValue(headers, SANDBOX_SIGNATURE_HEADER),
      secret,
      nowMs,
      algorithm: 'sha256',
      unitMs: 1000,
      toleranceMs: SANDBOX_TOLERANCE_SECONDS * 1000,
      message: (t) => `${t}.${rawBody}`,
    }),
  parse: (body) => [parseCredit(body)],
  ack: () => ({ ok: true }),
};
