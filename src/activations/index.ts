/**
 * Activations: mobile-money activations recorded by community digital teams, one by one or imported from CSV, with
 * the daily rollup the board reads. Owns `activations` and `activation_daily`.
 */
export { type NewActivation } from './activations.repository.js';
export { activationRoutes } from './activations.routes.js';
export { activationSummary, recordActivations } from './activations.service.js';
export { hashPhone, maskPhone } from './phone.js';
export { type ProviderCode, providerName } from './providers.js';
