import websocket from '@fastify/websocket';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { activationRoutes } from './activations/index.js';
import { adminUnitRoutes } from './admin-units/index.js';
import { authPlugin, staffRoutes } from './auth/index.js';
import { catalogRoutes } from './catalog/index.js';
import type { Config } from './config/index.js';
import { type Database, databasePlugin } from './db/index.js';
import { docsPlugin } from './docs/index.js';
import { boardRoutes, hubPlugin, merchantFeedRoutes, socketCapPlugin } from './realtime/index.js';
import { healthRoutes } from './health/index.js';
import {
  invoiceMessageSource,
  invoiceRoutes,
  setEinvoiceProviderCode,
  setSolutionProviderTaxCode,
} from './invoices/index.js';
import { merchantRoutes } from './merchants/index.js';
import { paymentRequestRoutes } from './payment-requests/index.js';
import { paymentRoutes, webhookRoutes } from './payments/index.js';
import { qrRoutes } from './qr/index.js';
import { reportRoutes, salesCsvRoutes } from './reports/index.js';
import { saleRoutes } from './sales/index.js';
import { statsRoutes, boardSource } from './stats/index.js';
import { sandboxRoutes } from './sandbox/index.js';
import { siteRoutes } from './sites/index.js';
import { webRoutes } from './web/index.js';
import { registerErrorHandling, sendError, inputGuardPlugin, idempotencyPlugin, securityPlugin } from './http/index.js';
import { resolveSecrets, type Secrets } from './settings/index.js';
import {
  type TaxAuthorityTransport,
  transmissionPlugin,
  transmissionRoutes,
  tvanSandbox,
} from './tax-authority/index.js';
import { tvanSandboxEnabled } from './config/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    secrets: Secrets;
  }
}

export interface AppOptions {
  config: Config;
  database: Database;
  logger?: FastifyServerOptions['logger'];
  /**
   * Where invoices go to the tax authority: a T-VAN provider's adapter (docs/tax-authority.md). Without one, the
   * simulated authority when TVAN allows it (tvanSandboxEnabled), else none: invoices wait in their queue.
   */
  taxAuthority?: TaxAuthorityTransport;
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
export async function buildApp({ config, database, logger = false, taxAuthority }: AppOptions) {
  const app = Fastify({
    logger: logger === false ? false : logger,
    trustProxy: config.TRUST_PROXY === '1',
    // Errors the router raises before any route (bad percent-encoding, over-long parameters) in our shape too.
    frameworkErrors: (error, _request, reply) => {
      const code = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'parameter_too_long' : 'bad_url';
      void sendError(reply, error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400, { code, message: error.message });
    },
    bodyLimit: 1024 * 1024,
    // A client that never finishes its headers or body is cut (408, connection closed) instead of holding a socket.
    // Node checks open requests against these every connectionsCheckingInterval (30 s by default): check often enough
    // that the cut comes close to the configured time.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(500, Math.ceil(config.HEADERS_TIMEOUT_MS / 4)),
    },
    // Long-polling and websocket clients should not hold shutdown forever.
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  app.decorate('config', config);
  setEinvoiceProviderCode(config.EINVOICE_PROVIDER_CODE); // the MCCQT's 5 characters of invoices issued from now
  setSolutionProviderTaxCode(config.EINVOICE_PROVIDER_TAX_CODE); // their MSTTCGP
  app.decorate('secrets', await resolveSecrets(database, config));

  await app.register(databasePlugin, { database });
  app.decorate(
    'publicRateLimit',
    config.PUBLIC_RATE_LIMIT > 0 ? { max: config.PUBLIC_RATE_LIMIT, timeWindow: 60_000 } : false,
  );
  await app.register(securityPlugin);
  await app.register(docsPlugin);
  await app.register(authPlugin);
  await app.register(inputGuardPlugin);
  await app.register(idempotencyPlugin);

  await app.register(healthRoutes);
  await app.register(hubPlugin, { pollIntervalMs: config.FEED_POLL_MS });
  // No compression: a board delta is framed once and written as is to every viewer (realtime/board-broadcaster.ts).
  await app.register(websocket, { options: { maxPayload: 4096, perMessageDeflate: false } });
  await app.register(socketCapPlugin, { maxPerIp: config.WS_MAX_PER_IP });
  await app.register(staffRoutes);
  await app.register(siteRoutes);
  await app.register(adminUnitRoutes);
  await app.register(merchantRoutes);
  await app.register(catalogRoutes);
  await app.register(qrRoutes);
  await app.register(paymentRequestRoutes);
  await app.register(webhookRoutes);
  await app.register(paymentRoutes);
  await app.register(saleRoutes);
  await app.register(salesCsvRoutes);
  await app.register(reportRoutes);
  await app.register(invoiceRoutes);
  await app.register(transmissionRoutes);
  await app.register(statsRoutes);
  await app.register(boardRoutes, { source: boardSource(app.db, config.ACTIVATION_TARGET) });
  await app.register(merchantFeedRoutes);
  await app.register(sandboxRoutes);
  await app.register(webRoutes);
  await app.register(activationRoutes);
  await app.register(transmissionPlugin, {
    transport: taxAuthority ?? (tvanSandboxEnabled(config) ? tvanSandbox() : null),
    source: invoiceMessageSource(config.PUBLIC_URL),
    senderCode: config.TVAN_SENDER_CODE,
    pollMs: config.TVAN_POLL_MS,
  });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
