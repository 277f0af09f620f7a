import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { webhookOpenApiPaths } from '../payments/index.js';

/** OpenAPI document generated from the routes' zod schemas, with its UI at /docs. */
export default fp(
  async function docsPlugin(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'cashless-street API',
          description: 'VietQR payments for street merchants and a live cashless-adoption board',
          version: '1',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
        // The webhook route keeps no schema (it must see the raw bytes); its description is written out instead.
        paths: webhookOpenApiPaths() as never, // plain OpenAPI 3.0 JSON, written by hand (see webhooks.openapi.ts)
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'docs' },
);
