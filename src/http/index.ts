/**
 * HTTP: what every route shares. The error shape and codes, opaque cursors, CSV cells, idempotency keys (owns
 * `idempotency_keys`), input guards, security headers, one-time secrets and the websocket upgrade answer.
 */
export { baseUrlOf } from './base-url.js';
export { CSV_BOM, csvCell, csvRow } from './csv.js';
export { decodeCursor, encodeCursor } from './cursor.js';
export {
  AppError,
  badRequest,
  conflict,
  errorHandler,
  forbidden,
  notFound,
  registerErrorHandling,
  sendError,
  unauthorized,
  unprocessable,
} from './errors.js';
export { default as idempotencyPlugin, purgeIdempotencyKeys, saveIdempotentAnswer } from './idempotency.plugin.js';
export { cleanText, default as inputGuardPlugin } from './input-guard.plugin.js';
export { oneTimeSecret, shownOnceFlag } from './one-time-secret.js';
export { default as securityPlugin } from './security.plugin.js';
export { upgradeRequired } from './upgrade-required.js';
