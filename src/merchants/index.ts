/**
 * Merchants: stalls, their onboarding and keys, the static and dynamic VietQR payloads, the poster. Owns
 * `merchants`.
 */
export { type Category } from './categories.js';
export { cachedMerchant } from './merchant-cache.js';
export { findMerchant, merchantColumns, type MerchantRow } from './merchants.repository.js';
export { merchantRoutes } from './merchants.routes.js';
export { type NewMerchant } from './merchants.schemas.js';
export { dynamicQrPayload, onboardMerchant, stallQrCity, staticQrPayload } from './merchants.service.js';
