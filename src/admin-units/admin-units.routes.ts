import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../http/index.js';
import { matchProvince } from './match.js';
import { listProvinces, listWards } from './units.js';

const unit = z.object({ code: z.string(), name: z.string() });

// The lists change only with a migration (a new deployment), so clients and proxies may keep them for an hour.
const CACHE = 'public, max-age=3600';

/** The official provinces and wards, public: the forms' pickers and the boards read them. */
export const adminUnitRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['admin-units'];

  app.get(
    '/api/v1/admin-units/provinces',
    {
      config: { auth: 'public', rateLimit: app.publicRateLimit },
      schema: {
        tags,
        summary: 'The 34 provinces in force since 1 July 2025, with their official codes (Cục Thống kê)',
        response: { 200: z.object({ provinces: z.array(unit) }) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', CACHE);
      return { provinces: listProvinces().map((p) => ({ code: p.code, name: p.name })) };
    },
  );

  app.get(
    '/api/v1/admin-units/wards',
    {
      config: { auth: 'public', rateLimit: app.publicRateLimit },
      schema: {
        tags,
        summary: "A province's wards and communes (phường, xã, đặc khu) with their official codes",
        querystring: z.object({
          province: z.string().trim().min(1).max(60).describe('The two-digit province code ("04"), or its name'),
        }),
        response: { 200: z.object({ wards: z.array(unit) }) },
      },
    },
    async (request, reply) => {
      const province = matchProvince(request.query.province);
      if (!province)
        throw badRequest('unknown_province', 'No such province (give its two-digit code, e.g. 04)', [
          { field: 'querystring.province', message: 'unknown province' },
        ]);
      reply.header('cache-control', CACHE);
      return { wards: listWards(province.code).map((w) => ({ code: w.code, name: w.name })) };
    },
  );
};
