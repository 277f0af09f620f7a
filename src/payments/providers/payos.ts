import { createHash } from 'node:crypto';
import { asObject, integerAmount, optionalText, requiredString, vietnamTime, type JsonObject } from './fields.js';
import { hexDigestsEqual, hmacHex, isHex } from './signatures.js';
import { ProviderPayloadError, type BankCredit, type ProviderAdapter } from './types.js';

/**
 * payOS payment webhooks: body { code, desc, success, data, signature } where
 * signature = lower-case hex HMAC-SHA256(checksum key, payosSignedString(data)). Only `data` is signed.
 *
 * The signed text is built as payOS's Node SDK builds it (`@payos/node` 2.0.5: `createSignatureFromObj`, i.e.
 * `sortObjDataByKey` then `convertObjToQueryStr`), quirks included, so a body the SDK signs is never refused:
 * - top-level keys sorted, `k=v` joined with "&", a key whose value is undefined left out;
 * - null, undefined, "null" and "undefined" written as the empty string;
 * - an array written as JSON after each element went through the SDK's one-level key sort, which treats every
 *   element as an object: `["x","yz"]` becomes `[{"0":"x"},{"0":"y","1":"z"}]`, a number or boolean becomes `{}`,
 *   and a null element makes the SDK throw (such data cannot be signed: we answer null);
 * - any other value through JavaScript's string conversion: a nested object is the text "[object Object]".
 */
const isPlainObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The SDK's one-level key sort: a fresh object filled by plain assignment in sorted key order. Assignment (not
 * defineProperty) matters: a "__proto__" key is dropped as the SDK drops it, and integer-like keys come first.
 * Object.keys of a string lists its indexes, of a number or boolean nothing, and of null throws, as in the SDK.
 */
function sdkSortByKey(value: unknown): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) sorted[key] = source[key];
  return sorted;
}

// verify() and parse() of one delivery read the same `data` object: its text is built once (a hot path).
const textOf = new WeakMap<object, string | null>();

/** The text payOS signs for `data`, or null when the SDK itself could not build it (it would throw). */
export function payosSignedString(data: Record<string, unknown>): string | null {
  let text = textOf.get(data);
  if (text === undefined) textOf.set(data, (text = buildSignedString(data)));
  return text;
}

function buildSignedString(data: Record<string, unknown>): string | null {
  try {
    const sorted = sdkSortByKey(data);
    return Object.keys(sorted)
      .filter((k) => sorted[k] !== undefined)
      .map((k) => {
        let v: unknown = sorted[k];
        if (Array.isArray(v)) v = JSON.stringify(v.map(sdkSortByKey));
        if (v === null || v === undefined || v === 'null' || v === 'undefined') v = '';
        return `${k}=${v as string}`; // template conversion, as the SDK does (an object → "[object Object]")
      })
      .join('&');
  } catch {
    return null;
  }
}

/** The `signature` payOS puts next to `data` (used by tests and by anything simulating payOS). */
export function signPayos(checksumKey: string, data: Record<string, unknown>): string {
  const text = payosSignedString(data);
  if (text === null) throw new Error('payOS cannot sign this data (its SDK throws on it)');
  return hmacHex('sha256', checksumKey, text);
}

/**
 * The signed text read back into its pairs, when it reads one way only: every "&"-separated part is `key=value`
 * with a non-empty key, and the keys are strictly ascending (as the signer wrote them). Null otherwise: some value
 * holds "&" (a payer name "A & B"), so the text no longer says where one field ends.
 */
export function splitSignedString(text: string): Record<string, string> | null {
  // No prototype: a "__proto__" pair is plain data here.
  const pairs = Object.create(null) as Record<string, string>;
  let previous: string | undefined;
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const key = part.slice(0, eq);
    if (previous !== undefined && !(previous < key)) return null;
    pairs[key] = part.slice(eq + 1);
    previous = key;
  }
  return pairs;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

// payOS's "confirm webhook" call posts its documented sample transaction: not money.
const TEST_PAYMENT_LINK_ID = '124c33293c43417ab7879e14c8d9eb18';
const isTestPing = (d: JsonObject) =>
  d.paymentLinkId === TEST_PAYMENT_LINK_ID || (String(d.orderCode) === '123' && d.description === 'VQRIO123');

/**
 * Everything the credit says comes from the signed text, never from how the JSON happens to split it: payOS signs
 * `k=v&k=v…`, so moving "&reference=…" into the value before it keeps the signature valid. When the text reads one
 * way only, the credit is read from that reading (the same text gives the same credit, whatever the JSON); the
 * transaction id is payOS's `reference` (or paymentLinkId:orderCode). When it does not (a value holds "&"), the
 * fields come from the body and the id is the hash of the whole signed text: every body with that text shares it.
 */
function parse(body: unknown): BankCredit[] {
  const o = asObject(body, 'body');
  const data = asObject(o.data, 'data');
  const text = payosSignedString(data);
  if (text === null) throw new ProviderPayloadError('data cannot be read as payOS signs it', 'data');
  const pairs = splitSignedString(text);
  const d: JsonObject = pairs ?? data;
  // `data.code` is signed; the top-level code / success are not, so they decide nothing.
  if (optionalText(d, 'code') !== '00') return [];
  if (isTestPing(d)) return [];
  const amount = integerAmount(d, 'amount', 'data.amount');
  if (amount <= 0) throw new ProviderPayloadError('data.amount must be positive', 'data.amount');
  const description = d.description;
  if (typeof description !== 'string')
    throw new ProviderPayloadError('data.description must be a string', 'data.description');
  let providerTxId: string;
  if (pairs) {
    const reference = optionalText(d, 'reference');
    const link = optionalText(d, 'paymentLinkId');
    const order = optionalText(d, 'orderCode');
    if (!reference && !(link && order))
      throw new ProviderPayloadError('data.reference (or paymentLinkId and orderCode) is required', 'data.reference');
    providerTxId = reference ?? `${link}:${order}`;
  } else {
    providerTxId = `sha256:${sha256Hex(text)}`;
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
    if (signature === undefined || signature === null || signature === '')
      return { ok: false, reason: 'missing_signature' };
    if (typeof signature !== 'string' || !isHex(signature)) return { ok: false, reason: 'malformed_signature' };
    if (!isPlainObject(body.data)) return { ok: false, reason: 'malformed_signature' };
    if (!secret) return { ok: false, reason: 'bad_signature' };
    const text = payosSignedString(body.data);
    if (text === null) return { ok: false, reason: 'bad_signature' };
    // The SDK compares its lower-case hex digest as a string: an upper-case signature is not one payOS sent.
    const matches =
      signature === signature.toLowerCase() && hexDigestsEqual(hmacHex('sha256', secret, text), signature);
    return matches ? { ok: true } : { ok: false, reason: 'bad_signature' };
  },
  parse,
  // payOS only needs a 2xx; the body is for humans reading delivery logs.
  ack: () => ({ success: true }),
};
