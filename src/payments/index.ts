/**
 * Payments: bank notifications from the providers (signature checks, parsing), matching them to stalls and
 * requests, and the confirmation write that records each payment with its sale. Owns `payments`, `notifications`
 * and the webhook rejection log.
 */
export { paymentRoutes } from './payments.routes.js';
export { confirmCredit, payerCode } from './payments.service.js';
export { webhookOpenApiPaths } from './webhooks.openapi.js';
export { webhookRoutes } from './webhooks.routes.js';
export { isProviderName, providerAdapters, SANDBOX_SIGNATURE_HEADER, signSandbox } from './providers/index.js';
