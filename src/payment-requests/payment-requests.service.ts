import type { Db } from '../db/index.js';
import { badRequest, conflict, notFound } from '../http/index.js';
import { cachedMerchant, dynamicQrPayload } from '../merchants/index.js';
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
  amount: number;
  description?: string;
  items?: SaleItem[];
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

export async function createPaymentRequest(db: Db, merchantId: string, input: NewPaymentRequest, maxAmount: number) {
  if (input.amount > maxAmount) {
    throw badRequest('amount_too_large', `The largest amount is ${maxAmount} đồng`, [
      { field: 'body.amount', message: `at most ${maxAmount}` },
    ]);
  }
  if (input.items && itemsTotal(input.items) !== input.amount) {
    throw badRequest('items_total_mismatch', 'The items do not add up to the amount', [
      { field: 'body.items', message: `items add up to ${itemsTotal(input.items)}` },
    ]);
  }
  const merchant = await cachedMerchant(db, merchantId);
  if (!merchant) throw notFound('merchant');
  const expiresAt = new Date(Date.now() + (input.expiresInSeconds ?? DEFAULT_EXPIRY_SECONDS) * 1000);
  // References are random (40 bits); a collision is rare and simply retried.
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await insertPaymentRequest(db, {
        merchant_id: merchantId,
        reference: generateReference(),
        amount: input.amount,
        description: input.description ?? null,
        items: input.items ? JSON.stringify(input.items) : null,
        expires_at: expiresAt,
      });
      return { row, payload: dynamicQrPayload(merchant, row.amount, row.reference) };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}

export async function readPaymentRequest(db: Db, id: string) {
  const row = await findPaymentRequest(db, id);
  if (!row) throw notFound('payment request');
  const merchant = await cachedMerchant(db, row.merchant_id);
  return { row, payload: dynamicQrPayload(merchant!, row.amount, row.reference) };
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
