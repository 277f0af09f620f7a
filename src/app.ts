import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import authPlugin from './auth/auth.plugin.js';
import { staffRoutes } from './auth/staff.routes.js';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import databasePlugin from './db/database.plugin.js';
import docsPlugin from './docs/docs.plugin.js';
import { healthRoutes } from './health/health.routes.js';
import { registerErrorHandling } from './http/errors.js';
import idempotencyPlugin from './http/idempotency.plugin.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export interface AppOptions {
  config: Config;
  database: Database;
  logger?: FastifyServerOptions['logger'];
}

// Secrets never reach the logs: tokens, provider signatures and API keys are redacted wherever they appear.
export const redactPaths = [
  'req.headers.authorization',
  'req.headers["x-signature"]',
  'req.headers["x-casso-signature"]',
  'req.headers["idempotency-key"]',
  'req.headers.cookie',
];

/** Builds the whole service as a Fastify instance; the caller owns the database and listening. */
export async function buildApp({ config, database, logger = false }: AppOptions) {
  const app = Fastify({
    logger: logger === false ? false : logger,
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    // Long-polling and websocket clients should not hold shutdown forever.
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  app.decorate('config', config);

  await app.register(databasePlugin, { database });
  await app.register(docsPlugin);
  await app.register(authPlugin);
  await app.register(idempotencyPlugin);

  await app.register(healthRoutes);
  await app.register(staffRoutes);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
