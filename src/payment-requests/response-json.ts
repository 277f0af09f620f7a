import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { PaymentRequestResponse, SaleItem } from './payment-requests.schemas.js';

/**
 * A payment request's answer as JSON, written field by field in the schema's order (`paymentRequestResponse`), the
 * same bytes as checking it with zod and then `JSON.stringify`. The zod check walked the whole answer and copied it
 * before stringifying: about 8% of the server's CPU per dynamic QR (bench/qr-create.ts, docs/benchmarks.md "Round
 * two"). The answer is built by `paymentRequestToResponse`, whose type is the schema's; what could still go wrong at
 * run time (a bigint column read as a string, an item with a key the schema does not know) is checked here, and any
 * answer that is not exactly in shape goes through zod as before, which says what is wrong.
 * `test/payment-requests/response-json.test.ts` compares the two byte for byte.
 */
const str = JSON.stringify;

const STATUSES = new Set(['pending', 'paid', 'expired', 'cancelled']);
const ITEM_KEYS = new Set(['name', 'quantity', 'unitPrice', 'unit', 'vatRate']);
const VAT_RATES = new Set(['0%', '5%', '8%', '10%', 'KCT', 'KKKNT']);
const RESPONSE_KEYS = 11; // id … createdAt, qr
const QR_KEYS = new Set(['payload', 'svg', 'svgUrl', 'pngUrl']);

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const nullOr = <T>(v: unknown, is: (v: unknown) => v is T): v is T | null => v === null || is(v);
/** As `z.string().trim().min(1).max(max)` leaves it: already trimmed, so zod would give it back unchanged. */
const trimmedText = (v: unknown, max: number) => isString(v) && v.length >= 1 && v.length <= max && v.trim() === v;
const intIn = (v: unknown, min: number, max: number) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

function itemInShape(item: SaleItem): boolean {
  if (typeof item !== 'object' || item === null) return false;
  for (const key in item) if (!ITEM_KEYS.has(key)) return false;
  // saleItemSchema's limits: an item outside them goes to zod, which refuses it as before.
  return (
    trimmedText(item.name, 200) &&
    intIn(item.quantity, 1, 100_000) &&
    intIn(item.unitPrice, 0, 500_000_000) &&
    (item.unit === undefined || trimmedText(item.unit, 30)) &&
    (item.vatRate === undefined || VAT_RATES.has(item.vatRate))
  );
}

/** True when `r` has exactly the fields the schema allows, of the types it says (the fast path may then write it). */
function inShape(r: PaymentRequestResponse): boolean {
  if (typeof r !== 'object' || r === null || Object.keys(r).length !== RESPONSE_KEYS) return false;
  const { qr } = r;
  if (typeof qr !== 'object' || qr === null) return false;
  for (const key in qr) if (!QR_KEYS.has(key)) return false;
  return (
    isString(r.id) &&
    isString(r.merchantId) &&
    isString(r.reference) &&
    isNumber(r.amount) &&
    nullOr(r.description, isString) &&
    (r.items === null || (Array.isArray(r.items) && r.items.every(itemInShape))) &&
    STATUSES.has(r.status) &&
    isString(r.expiresAt) &&
    nullOr(r.paidAt, isString) &&
    isString(r.createdAt) &&
    isString(qr.payload) &&
    (qr.svg === undefined || isString(qr.svg)) &&
    isString(qr.svgUrl) &&
    isString(qr.pngUrl)
  );
}

function itemJson(item: SaleItem): string {
  let s = `{"name":${str(item.name)},"quantity":${item.quantity},"unitPrice":${item.unitPrice}`;
  if (item.unit !== undefined) s += `,"unit":${str(item.unit)}`;
  if (item.vatRate !== undefined) s += `,"vatRate":${str(item.vatRate)}`;
  return s + '}';
}

/** The answer's JSON, assuming `inShape(r)`. */
function writeJson(r: PaymentRequestResponse): string {
  const { qr } = r;
  return (
    `{"id":${str(r.id)},"merchantId":${str(r.merchantId)},"reference":${str(r.reference)},"amount":${r.amount}` +
    `,"description":${r.description === null ? 'null' : str(r.description)}` +
    `,"items":${r.items === null ? 'null' : `[${r.items.map(itemJson).join(',')}]`}` +
    `,"status":"${r.status}","expiresAt":${str(r.expiresAt)}` +
    `,"paidAt":${r.paidAt === null ? 'null' : str(r.paidAt)},"createdAt":${str(r.createdAt)}` +
    `,"qr":{"payload":${str(qr.payload)}${qr.svg === undefined ? '' : `,"svg":${str(qr.svg)}`}` +
    `,"svgUrl":${str(qr.svgUrl)},"pngUrl":${str(qr.pngUrl)}}}`
  );
}

/**
 * A Fastify serializer compiler for routes answering `paymentRequestResponse`: the fast writer for answers in shape,
 * zod's serializer (the app's default) for anything else.
 */
export const paymentRequestSerializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  const checked = serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);
  return (data) => {
    const r = data as PaymentRequestResponse;
    return inShape(r) ? writeJson(r) : checked(data);
  };
};
