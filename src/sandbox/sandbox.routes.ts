import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sandboxEnabled } from '../config/index.js';
import { badRequest, unprocessable } from '../http/index.js';
import { findInstitution, institutions } from '../institutions/index.js';
import { SANDBOX_SIGNATURE_HEADER, signSandbox } from '../payments/index.js';
import { foldToAscii, decodeVietQr, VietQrError } from '../qr/index.js';
import { vietnamIso } from '../time/index.js';

const transferBody = z.object({
  payload: z.string().min(20).max(512),
  amount: z.number().int().min(1).max(500_000_000).optional(),
  payerBank: z.string().min(2).max(60),
  payerName: z.string().trim().min(1).max(70).optional(),
});

/**
 * The sandbox bank: pays a VietQR code the way a shopper's bank app would, then delivers a signed credit notice to
 * our own `/webhooks/sandbox` through the full HTTP pipeline, the same verification path a real aggregator uses.
 */
export const sandboxRoutes: FastifyPluginAsyncZod = async (app) => {
  if (!sandboxEnabled(app.config)) return; // a real deployment: these routes do not exist (404)

  app.get(
    '/sandbox/institutions',
    {
      config: { auth: 'public' },
      schema: { tags: ['sandbox'], summary: 'Banks and wallets a sandbox shopper can pay from' },
    },
    async () => institutions.map((i) => ({ bin: i.bin, code: i.code, shortName: i.shortName, kind: i.kind })),
  );

  app.post(
    '/sandbox/transfers',
    {
      config: { auth: 'public', rateLimit: app.publicRateLimit },
      schema: { tags: ['sandbox'], summary: 'Pay a VietQR code from a sandbox bank or wallet', body: transferBody },
    },
    async (request, reply) => {
      const { payload, payerBank, payerName } = request.body;
      let qr;
      try {
        qr = decodeVietQr(payload);
      } catch (error) {
        if (error instanceof VietQrError) throw unprocessable(`qr_${error.code}`, error.message);
        throw error;
      }
      const payer = findInstitution(payerBank);
      if (!payer) throw badRequest('unknown_payer_bank', `No bank or wallet called "${payerBank}"`);
      // A dynamic code fixes the amount; the shopper types it for a static one (or a test overrides it).
      const amount = request.body.amount ?? qr.amount;
      if (!amount) throw badRequest('amount_required', 'This is a static QR: say how much to pay');
      // Bounded like any sale: test money must not reach the board in amounts no real stall could take.
      if (amount > app.config.MAX_PAYMENT_AMOUNT)
        throw badRequest('amount_too_large', `The largest amount is ${app.config.MAX_PAYMENT_AMOUNT} đồng`);
      const memo = qr.purpose ?? qr.reference ?? qr.bill ?? '';
      const name = foldToAscii(payerName ?? 'KHACH HANG').toUpperCase();
      const notice = {
        id: `SBX${Date.now()}${randomBytes(4).toString('hex').toUpperCase()}`,
        bin: qr.bin,
        accountNumber: qr.account,
        amount,
        // Banks wrap the shopper's memo in their own prefix and suffix; the matcher must see through it. A static
        // code carries no memo: nothing goes between them then.
        description: [payer.code, randomInt(1e9, 1e10), memo, `CT tu ${name}`].filter((part) => part !== '').join('.'),
        payerBank: payer.code,
        payerName: name,
        occurredAt: vietnamIso(new Date()),
      };
      const raw = JSON.stringify(notice);
      const delivered = await app.inject({
        method: 'POST',
        url: '/webhooks/sandbox',
        headers: {
          'content-type': 'application/json',
          [SANDBOX_SIGNATURE_HEADER]: signSandbox(app.secrets.sandboxWebhookSecret, raw, Date.now()),
        },
        payload: raw,
      });
      const answer = delivered.json<{ results?: Array<{ outcome: string; paymentId: string }> }>();
      if (delivered.statusCode !== 200) {
        return reply.code(502).send({
          error: {
            code: 'delivery_failed',
            message: 'The sandbox notification was not acknowledged',
            details: answer,
          },
        });
      }
      const result = answer.results?.[0];
      return reply.code(201).send({
        transferId: notice.id,
        amount,
        payerBank: payer.shortName,
        description: notice.description,
        payment: result ? { id: result.paymentId, outcome: result.outcome } : null,
        test: true,
      });
    },
  );
};
