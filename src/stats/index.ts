/**
 * Stats: the board's figures from rollups (and the `BoardSource` the realtime board shows), the staff exports,
 * the rollup recomputation the checker uses.
 */
export { recomputeMerchantDaily } from './recompute.js';
export { statsRoutes } from './stats.routes.js';
export { boardSource } from './board-source.js';
