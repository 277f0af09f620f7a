import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerMerchantId, callerScope, callerStaffId } from '../auth/index.js';
import { decodeCursor, encodeCursor } from '../http/index.js';
import { listPayments, listWaitingPayments, type PaymentRow } from './payments.repository.js';
import { assignPayment, closePayment } from './payments.service.js';

const outcomes = ['matched', 'unmatched', 'overpaid', 'underpaid', 'late', 'duplicate'] as const;

const paymentResponse = z.object({
  id: z.string(),
  provider: z.string(),
  providerTxId: z.string(),
  outcome: z.enum(outcomes),
  merchantId: z.string().nullable(),
  paymentRequestId: z.string().nullable(),
  saleId: z.string().nullable(),
  amount: z.number(),
  bin: z.string().nullable(),
  accountNumber: z.string(),
  description: z.string(),
  payerBank: z.string().nullable(),
  payerName: z.string().nullable(),
  occurredAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  test: z.boolean().describe('Made by the sandbox bank: test money, not real money'),
  createdAt: z.string(),
});

export function paymentToResponse(p: PaymentRow): z.infer<typeof paymentResponse> {
  return {
    id: p.id,
    provider: p.provider,
    providerTxId: p.provider_tx_id,
    outcome: p.outcome,
    merchantId: p.merchant_id,
    paymentRequestId: p.payment_request_id,
    saleId: p.sale_id,
    amount: p.amount,
    bin: p.bin,
    accountNumber: p.account_number,
    description: p.description,
    payerBank: p.payer_bank,
    payerName: p.payer_name,
    occurredAt: p.occurred_at.toISOString(),
    resolvedAt: p.resolved_at ? p.resolved_at.toISOString() : null,
    resolutionNote: p.resolution_note,
    test: p.test,
    createdAt: p.created_at.toISOString(),
  };
}

export const paymentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['payments'];

  app.get(
    '/api/v1/payments',
    {
      config: { auth: 'staff' },
      schema: {
        tags,
        summary: 'Review payments by outcome (newest first)',
        querystring: z.object({
          outcome: z.enum(outcomes).optional(),
          open: z.enum(['true', 'false']).optional().describe('only payments still waiting for review'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(200).optional(),
        }),
        response: { 200: z.object({ items: z.array(paymentResponse), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { outcome, open, limit, cursor } = request.query;
      const before = cursor ? decodeCursor(cursor) : undefined;
      const rows = await listPayments(app.db, {
        outcome,
        open: open === 'true',
        scope: callerScope(request.principal),
        limit,
        before: before && { createdAt: before.at, id: before.id },
      });
      const last = rows[rows.length - 1];
      return {
        items: rows.map(paymentToResponse),
        nextCursor: rows.length === limit ? encodeCursor(last.created_at, last.id) : null,
      };
    },
  );

  // What a stall's phone shows again after a reload or a lost connection: money that came short, late or twice and
  // waits for staff. As in the stall's live feed, the payer and the account are not part of it.
  app.get(
    '/api/v1/payments/waiting',
    {
      config: { auth: 'merchant' },
      schema: {
        tags,
        summary: "This stall's payments waiting for staff review (underpaid, overpaid, late, paid twice), newest first",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                paymentId: z.string(),
                outcome: z.enum(outcomes),
                amount: z.number(),
                paymentRequestId: z.string().nullable(),
                occurredAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const rows = await listWaitingPayments(app.db, callerMerchantId(request.principal), request.query.limit);
      return {
        items: rows.map((p) => ({
          paymentId: p.id,
          outcome: p.outcome,
          amount: p.amount,
          paymentRequestId: p.payment_request_id,
          occurredAt: p.occurred_at.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/api/v1/payments/:id/assign',
    {
      config: { auth: 'staff' },
      schema: {
        tags,
        summary: "Give a payment waiting for review to a stall: it becomes that stall's sale",
        params: z.object({ id: z.uuid() }),
        body: z.object({ merchantId: z.uuid() }),
        response: { 200: z.object({ payment: paymentResponse, saleId: z.string() }) },
      },
    },
    async (request) => {
      const { payment, sale } = await assignPayment(
        app.db,
        request.params.id,
        request.body.merchantId,
        callerStaffId(request.principal),
        callerScope(request.principal),
      );
      return { payment: paymentToResponse(payment), saleId: sale.id };
    },
  );

  app.post(
    '/api/v1/payments/:id/close',
    {
      config: { auth: 'staff' },
      schema: {
        tags,
        summary:
          'Close a payment waiting for review without a sale, saying how it was settled (e.g. the excess handed back)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ note: z.string().trim().min(1).max(500).describe('how it was settled, for the record') }),
        response: { 200: z.object({ payment: paymentResponse }) },
      },
    },
    async (request) => {
      return {
        payment: paymentToResponse(
          await closePayment(
            app.db,
            request.params.id,
            callerStaffId(request.principal),
            request.body.note,
            callerScope(request.principal),
          ),
        ),
      };
    },
  );
};
