import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createSite, publicSites, siteToResponse } from './sites.service.js';

export const siteKinds = ['street', 'market', 'night-market', 'other'] as const;

const siteResponse = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: z.enum(siteKinds),
  provinceCode: z.string(),
  provinceName: z.string(),
  wardCode: z.string(),
  wardName: z.string(),
  address: z.string().nullable(),
});

const newSiteBody = z.object({
  slug: z
    .string()
    .trim()
    .min(2)
    .max(60)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens, e.g. cho-ca-mau'),
  name: z.string().trim().min(1).max(120),
  kind: z.enum(siteKinds),
  provinceCode: z
    .string()
    .trim()
    .regex(/^\d{2}$/, 'a two-digit province code, e.g. 04'),
  ward: z.string().trim().min(1).max(80).describe('the ward or commune: its code or its name in any spelling'),
  address: z.string().trim().min(1).max(250).optional(),
});

export const siteRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['sites'];
  app.get(
    '/api/v1/sites',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Every site (cashless street or market) with its province and ward',
        response: { 200: z.object({ sites: z.array(siteResponse) }) },
      },
    },
    async () => ({ sites: await publicSites(app.db) }),
  );

  app.post(
    '/api/v1/sites',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Create a site (admin only); the ward is matched within the province',
        body: newSiteBody,
        response: { 201: siteResponse },
      },
    },
    async (request, reply) => reply.code(201).send(siteToResponse(await createSite(app.db, request.body))),
  );
};
