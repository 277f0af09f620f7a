import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { oneTimeSecret, shownOnceFlag, notFound } from '../http/index.js';
import { assertMerchantAccess, callerMerchantId, callerScope, type Principal } from '../auth/index.js';
import { cachedSite } from '../sites/index.js';
import { renderPng, renderSvg } from '../qr/index.js';
import { institutionByBin } from '../institutions/index.js';
import { findMerchant, listMerchants } from './merchants.repository.js';
import { merchantIdParams, merchantResponse, newMerchantBody } from './merchants.schemas.js';
import type { MerchantRow } from './merchants.repository.js';
import {
  merchantToResponse,
  onboardMerchant,
  rotateMerchantKey,
  stallQrCity,
  staticQrPayload,
} from './merchants.service.js';
import { posterHtml } from './poster.js';

export const merchantRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['merchants'];
  // A key rotated on any instance: this one drops its cached credentials too, so the old key stops buying tickets
  // (and everything else) as soon as the rotation is read, not when the cache entry would have expired.
  const unsubscribe = app.hub.subscribe((events) => {
    if (events.some((e) => e.type === 'merchant.key_rotated')) app.forgetCredentials();
  });
  app.addHook('onClose', async () => unsubscribe());

  async function readableMerchant(principal: Principal | null, id: string) {
    await assertMerchantAccess(app.db, principal, id);
    const merchant = await findMerchant(app.db, id);
    if (!merchant) throw notFound('merchant');
    return merchant;
  }
  const toResponse = async (m: MerchantRow) => merchantToResponse(m, await cachedSite(app.db, m.site_id));
  const staticQr = async (m: MerchantRow) => staticQrPayload(m, await stallQrCity(app.db, m));

  app.post(
    '/api/v1/merchants',
    {
      config: { auth: 'staff', oneTimeSecrets: ['apiKey'] },
      schema: {
        tags,
        summary: 'Onboard a stall; returns its API key once',
        body: newMerchantBody,
        response: {
          201: z.object({
            merchant: merchantResponse,
            apiKey: oneTimeSecret("The stall's API key"),
            secretShownOnce: shownOnceFlag,
          }),
        },
      },
    },
    async (request, reply) => {
      const { merchant, apiKey } = await onboardMerchant(app.db, request.body, callerScope(request.principal));
      return reply.code(201).send({ merchant: await toResponse(merchant), apiKey });
    },
  );

  app.get(
    '/api/v1/merchants',
    {
      config: { auth: 'staff' },
      schema: {
        tags,
        summary: 'List stalls by stall code, a page at a time',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(20).optional(),
        }),
        response: { 200: z.object({ items: z.array(merchantResponse), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const rows = await listMerchants(app.db, { after: cursor, limit, scope: callerScope(request.principal) });
      return {
        items: await Promise.all(rows.map(toResponse)),
        nextCursor: rows.length === limit ? rows[rows.length - 1].stall_code : null,
      };
    },
  );

  app.get(
    '/api/v1/merchants/me',
    {
      config: { auth: 'merchant' },
      schema: { tags, summary: 'The calling merchant', response: { 200: merchantResponse } },
    },
    async (request) => toResponse(await readableMerchant(request.principal, callerMerchantId(request.principal))),
  );

  app.get(
    '/api/v1/merchants/:id',
    {
      config: { auth: 'staff-or-merchant' },
      schema: { tags, summary: 'One stall', params: merchantIdParams, response: { 200: merchantResponse } },
    },
    async (request) => toResponse(await readableMerchant(request.principal, request.params.id)),
  );

  app.post(
    '/api/v1/merchants/:id/api-keys',
    {
      config: { auth: 'staff', oneTimeSecrets: ['apiKey'] },
      schema: {
        tags,
        summary: 'Rotate the stall API key (earlier keys stop working)',
        params: merchantIdParams,
        response: { 201: z.object({ apiKey: oneTimeSecret('The new API key'), secretShownOnce: shownOnceFlag }) },
      },
    },
    async (request, reply) => {
      await assertMerchantAccess(app.db, request.principal, request.params.id);
      const apiKey = await rotateMerchantKey(app.db, request.params.id);
      app.forgetCredentials();
      return reply.code(201).send({ apiKey });
    },
  );

  const qrParams = merchantIdParams.extend({ format: z.enum(['svg', 'png', 'txt']) });
  app.get(
    '/api/v1/merchants/:id/qr.:format',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags,
        summary: 'The static VietQR of the stall (svg, png or the raw payload as txt)',
        params: qrParams,
      },
    },
    async (request, reply) => {
      const payload = await staticQr(await readableMerchant(request.principal, request.params.id));
      reply.header('cache-control', 'private, max-age=300');
      if (request.params.format === 'txt') return reply.type('text/plain; charset=utf-8').send(payload);
      if (request.params.format === 'png') return reply.type('image/png').send(await renderPng(payload));
      return reply.type('image/svg+xml').send(await renderSvg(payload));
    },
  );

  app.get(
    '/api/v1/merchants/:id/poster',
    {
      config: { auth: 'staff-or-merchant' },
      schema: { tags, summary: 'Printable A5/A6 poster with the static QR (HTML)', params: merchantIdParams },
    },
    async (request, reply) => {
      const merchant = await readableMerchant(request.principal, request.params.id);
      const svg = await renderSvg(await staticQr(merchant));
      const bank = institutionByBin(merchant.payout_bin)?.shortName ?? merchant.payout_bin;
      return reply.type('text/html; charset=utf-8').send(posterHtml(merchant, svg, bank));
    },
  );
};
