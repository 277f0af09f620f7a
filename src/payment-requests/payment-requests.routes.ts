import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assertMerchantAccess, callerMerchantId, type Principal } from '../auth/index.js';
import { renderPng, renderSvg } from '../qr/index.js';
import { z } from 'zod';
import { newPaymentRequestBody, paymentRequestParams, paymentRequestResponse } from './payment-requests.schemas.js';
import { paymentRequestSerializerCompiler } from './response-json.js';
import {
  cancelPaymentRequest,
  createPaymentRequest,
  paymentRequestToResponse,
  readPaymentRequest,
} from './payment-requests.service.js';

export const paymentRequestRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['payment requests'];

  async function ownRequest(principal: Principal | null, id: string) {
    const found = await readPaymentRequest(app.db, id);
    await assertMerchantAccess(app.db, principal, found.row.merchant_id, 'payment request');
    return found;
  }

  app.post(
    '/api/v1/payment-requests',
    {
      config: { auth: 'merchant' },
      // The hot route (one call per sale): its answer written without zod's walk over it (response-json.ts).
      serializerCompiler: paymentRequestSerializerCompiler,
      schema: {
        tags,
        summary:
          'A dynamic VietQR for one sale (amount + reference); the SVG comes inline so the phone shows it at once',
        body: newPaymentRequestBody,
        response: { 201: paymentRequestResponse },
      },
    },
    async (request, reply) => {
      const { row, payload } = await createPaymentRequest(
        app.db,
        callerMerchantId(request.principal),
        request.body,
        app.config.MAX_PAYMENT_AMOUNT,
      );
      return reply.code(201).send(paymentRequestToResponse(row, payload, await renderSvg(payload)));
    },
  );

  app.get(
    '/api/v1/payment-requests/:id',
    {
      config: { auth: 'staff-or-merchant' },
      serializerCompiler: paymentRequestSerializerCompiler, // polled by checkout pages while the buyer pays
      schema: {
        tags,
        summary: 'Status: pending, paid, expired or cancelled',
        params: paymentRequestParams,
        response: { 200: paymentRequestResponse },
      },
    },
    async (request) => {
      const { row, payload } = await ownRequest(request.principal, request.params.id);
      return paymentRequestToResponse(row, payload);
    },
  );

  app.get(
    '/api/v1/payment-requests/:id/qr.:format',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags,
        summary: 'The dynamic QR as SVG or PNG',
        params: paymentRequestParams.extend({ format: z.enum(['svg', 'png']) }),
      },
    },
    async (request, reply) => {
      const { payload } = await ownRequest(request.principal, request.params.id);
      reply.header('cache-control', 'private, max-age=900');
      if (request.params.format === 'png') return reply.type('image/png').send(await renderPng(payload));
      return reply.type('image/svg+xml').send(await renderSvg(payload));
    },
  );

  app.post(
    '/api/v1/payment-requests/:id/cancel',
    {
      config: { auth: 'merchant' },
      schema: {
        tags,
        summary: 'Cancel a pending request',
        params: paymentRequestParams,
        response: { 200: paymentRequestResponse },
      },
    },
    async (request) => {
      const { row, payload } = await ownRequest(request.principal, request.params.id);
      return paymentRequestToResponse(await cancelPaymentRequest(app.db, row), payload);
    },
  );
};
