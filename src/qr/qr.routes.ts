import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unprocessable } from '../http/index.js';
import { institutionByBin } from '../institutions/index.js';
import { decodeVietQr, VietQrError } from './vietqr.js';

export const qrRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/qr/decode',
    {
      config: { auth: 'public', rateLimit: app.publicRateLimit },
      schema: {
        tags: ['qr'],
        summary: 'Parse any VietQR payload, or 422 with the reason (bad CRC, bad length, not VietQR)',
        body: z.object({ payload: z.string().min(1).max(1024) }),
      },
    },
    async (request) => {
      try {
        const fields = decodeVietQr(request.body.payload.trim());
        const institution = institutionByBin(fields.bin);
        return {
          ...fields,
          bank: institution
            ? { shortName: institution.shortName, name: institution.name, kind: institution.kind }
            : null,
        };
      } catch (error) {
        if (error instanceof VietQrError) throw unprocessable(`qr_${error.code}`, error.message);
        throw error;
      }
    },
  );
};
