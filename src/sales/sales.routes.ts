import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertMerchantAccess, callerMerchantId, callerScope, type Principal } from '../auth/index.js';
import type { Db } from '../db/index.js';
import { notFound, decodeCursor, encodeCursor, saveIdempotentAnswer, baseUrlOf } from '../http/index.js';
import { findMerchant } from '../merchants/index.js';
import { cartAmount } from '../payment-requests/index.js';
import { startOfVietnamDay } from '../time/index.js';
import { findSale, listSales, type RefundRow, type SaleRow, type SaleQuery } from './sales.repository.js';
import { type InvoiceRow, checkedBuyer, invoiceResponse, invoiceToResponse } from '../invoices/index.js';
import { cashSaleBody, refundBody, saleResponse, salesQuery } from './sales.schemas.js';
import { recordCashSale, refundSale } from './sales.service.js';

export function saleToResponse(s: SaleRow): z.infer<typeof saleResponse> {
  return {
    id: s.id,
    merchantId: s.merchant_id,
    method: s.method,
    amount: s.amount,
    refundedAmount: s.refunded_amount,
    items: s.items,
    paymentRequestId: s.payment_request_id,
    occurredAt: s.occurred_at.toISOString(),
    test: s.test,
  };
}

const toInstant = (bound: string) => (bound.length === 10 ? startOfVietnamDay(bound) : new Date(bound));

async function saleQueryFor(
  db: Db,
  principal: Principal | null,
  q: z.infer<typeof salesQuery>,
  limit: number,
): Promise<SaleQuery> {
  // A merchant only ever sees its own sales, whatever it asks for; staff only their scope's (another stall: 404).
  const merchantId = principal?.kind === 'merchant' ? principal.merchantId : q.merchantId;
  if (principal?.kind === 'staff' && merchantId) await assertMerchantAccess(db, principal, merchantId);
  const before = q.cursor ? decodeCursor(q.cursor) : undefined;
  return {
    merchantId,
    scope: callerScope(principal),
    from: q.from ? toInstant(q.from) : undefined,
    to: q.to ? toInstant(q.to) : undefined,
    before: before && { occurredAt: before.at, id: before.id },
    limit,
  };
}

export const saleRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['sales'];

  app.post(
    '/api/v1/sales',
    {
      config: { auth: 'merchant' },
      schema: {
        tags,
        summary: 'Log a cash sale; its e-invoice is issued at once',
        body: cashSaleBody,
        response: { 201: z.object({ sale: saleResponse, invoice: invoiceResponse }) },
      },
    },
    async (request, reply) => {
      const merchantId = callerMerchantId(request.principal);
      const { buyer } = request.body;
      // Catalog entries become full lines at the catalog's prices; the amount is checked against them.
      const { amount, items, usage } = await cartAmount(
        app.db,
        merchantId,
        request.body,
        app.config.MAX_PAYMENT_AMOUNT,
      );
      const merchant = await findMerchant(app.db, merchantId);
      if (!merchant) throw notFound('merchant');
      const answer = (r: { sale: SaleRow; invoice: InvoiceRow }) => ({
        sale: saleToResponse(r.sale),
        invoice: invoiceToResponse(r.invoice, baseUrlOf(request)),
      });
      // A buyer's tax code goes into the tax authority's XML: only a valid MST, in its canonical form.
      const result = await recordCashSale(
        app.db,
        { merchant, amount, items, buyer: buyer && checkedBuyer(buyer, 'body.buyer.taxCode') },
        (trx, r) => saveIdempotentAnswer(trx, request, 201, answer(r)),
        usage,
      );
      return reply.code(201).send(answer(result));
    },
  );

  app.get(
    '/api/v1/sales',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags,
        summary: 'Sales, newest first, by date range, a page at a time',
        querystring: salesQuery,
        response: { 200: z.object({ items: z.array(saleResponse), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const query = await saleQueryFor(app.db, request.principal, request.query, request.query.limit);
      const rows = await listSales(app.db, query);
      const last = rows[rows.length - 1];
      return {
        items: rows.map(saleToResponse),
        nextCursor: rows.length === request.query.limit ? encodeCursor(last.occurred_at, last.id) : null,
      };
    },
  );

  app.post(
    '/api/v1/sales/:id/refunds',
    {
      config: { auth: 'merchant' },
      schema: {
        tags,
        summary: 'Refund part or all of a sale (never more than the sale)',
        params: z.object({ id: z.uuid() }),
        body: refundBody,
      },
    },
    async (request, reply) => {
      const sale = await findSale(app.db, request.params.id);
      if (!sale) throw notFound('sale');
      await assertMerchantAccess(app.db, request.principal, sale.merchant_id, 'sale');
      const merchant = (await findMerchant(app.db, sale.merchant_id))!;
      const answer = (r: { refund: RefundRow; sale: SaleRow; adjustment: InvoiceRow | null }) => ({
        refund: {
          id: r.refund.id,
          saleId: r.refund.sale_id,
          amount: r.refund.amount,
          reason: r.refund.reason,
          createdAt: r.refund.created_at.toISOString(),
        },
        sale: saleToResponse(r.sale),
        adjustment: r.adjustment ? invoiceToResponse(r.adjustment, baseUrlOf(request)) : null,
      });
      const result = await refundSale(
        app.db,
        sale,
        merchant,
        request.body.amount,
        request.body.reason ?? null,
        (trx, r) => saveIdempotentAnswer(trx, request, 201, answer(r)),
      );
      return reply.code(201).send(answer(result));
    },
  );
};
