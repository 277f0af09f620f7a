import { type CartEntry, recordUsage, resolveCart } from '../catalog/index.js';
import type { Db, Executor } from '../db/index.js';
import { badRequest, conflict, notFound } from '../http/index.js';
import { cachedMerchant, dynamicQrPayload, stallQrCity } from '../merchants/index.js';
import { generateReference } from './reference.js';
import {
  cancelPendingRequest,
  findPaymentRequest,
  insertPaymentRequest,
  type PaymentRequestRow,
} from './payment-requests.repository.js';
import type { PaymentRequestResponse, SaleItem } from './payment-requests.schemas.js';

export const DEFAULT_EXPIRY_SECONDS = 15 * 60;

export interface NewPaymentRequest {
  /** Left out: the items' total. */
  amount?: number;
  description?: string;
  items?: CartEntry[];
  expiresInSeconds?: number;
}

/** Expiry is a fact of time, not of a sweeper: a pending request past its expiry reads as expired. */
export function effectiveStatus(row: Pick<PaymentRequestRow, 'status' | 'expires_at'>, now = new Date()) {
  return row.status === 'pending' && row.expires_at <= now ? ('expired' as const) : row.status;
}

export function itemsTotal(items: SaleItem[]): number {
  return items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0);
}

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === '23505';

/**
 * A sale's cart as stored: catalog entries resolved to full lines (from the stall's catalog, never the client's
 * price), the amount checked against their total (or taken from it when left out) and the usage they add.
 */
export async function cartAmount(
  db: Executor,
  merchantId: string,
  input: { amount?: number; items?: CartEntry[] },
  maxAmount: number,
): Promise<{ amount: number; items?: SaleItem[]; usage: Map<string, number> }> {
  const cart = input.items && (await resolveCart(db, merchantId, input.items));
  const amount = input.amount ?? cart?.total;
  if (amount === undefined)
    throw badRequest('amount_required', 'Give an amount, or items to add up', [
      { field: 'body.amount', message: 'required without items' },
    ]);
  if (amount < 1)
    throw badRequest('amount_too_small', 'The amount must be at least 1 đồng', [
      { field: 'body.items', message: 'the items add up to 0' },
    ]);
  if (amount > maxAmount) {
    throw badRequest('amount_too_large', `The largest amount is ${maxAmount} đồng`, [
      { field: 'body.amount', message: `at most ${maxAmount}` },
    ]);
  }
  if (cart && cart.total !== amount) {
    throw badRequest('items_total_mismatch', 'The items do not add up to the amount', [
      { field: 'body.items', message: `items add up to ${cart.total}` },
    ]);
  }
  return { amount, items: cart?.items, usage: cart?.usage ?? new Map<string, number>() };
}

export async function createPaymentRequest(db: Db, merchantId: string, input: NewPaymentRequest, maxAmount: number) {
  const { amount, items, usage } = await cartAmount(db, merchantId, input, maxAmount);
  const merchant = await cachedMerchant(db, merchantId);
  if (!merchant) throw notFound('merchant');
  const city = await stallQrCity(db, merchant);
  const expiresAt = new Date(Date.now() + (input.expiresInSeconds ?? DEFAULT_EXPIRY_SECONDS) * 1000);
  // References are random (40 bits); a collision is rare and simply retried.
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await insertPaymentRequest(db, {
        merchant_id: merchantId,
        reference: generateReference(),
        amount,
        description: input.description ?? null,
        items: items ?? null,
        expires_at: expiresAt,
      });
      // Catalog items count as used when their QR is made (a request may go unpaid: the count is a hint for the
      // cart's order, not a sales figure).
      await recordUsage(db, merchantId, usage);
      return { row, payload: dynamicQrPayload(merchant, row.amount, row.reference, city) };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}

export async function readPaymentRequest(db: Db, id: string) {
  const row = await findPaymentRequest(db, id);
  if (!row) throw notFound('payment request');
  const merchant = (await cachedMerchant(db, row.merchant_id))!;
  return { row, payload: dynamicQrPayload(merchant, row.amount, row.reference, await stallQrCity(db, merchant)) };
}

export async function cancelPaymentRequest(db: Db, row: PaymentRequestRow) {
  const cancelled = await cancelPendingRequest(db, row.id);
  if (cancelled) return cancelled;
  const status = effectiveStatus((await findPaymentRequest(db, row.id))!);
  if (status === 'cancelled') return (await findPaymentRequest(db, row.id))!;
  throw conflict(`payment_request_${status}`, `The payment request is ${status} and cannot be cancelled`);
}

export function paymentRequestToResponse(
  row: PaymentRequestRow,
  payload: string,
  svg?: string,
): PaymentRequestResponse {
  const base = `/api/v1/payment-requests/${row.id}`;
  return {
    id: row.id,
    merchantId: row.merchant_id,
    reference: row.reference,
    amount: row.amount,
    description: row.description,
    items: row.items,
    status: effectiveStatus(row),
    expiresAt: row.expires_at.toISOString(),
    paidAt: row.paid_at ? row.paid_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    qr: { payload, svg, svgUrl: `${base}/qr.svg`, pngUrl: `${base}/qr.png` },
  };
}
