/**
 * Health: liveness and readiness (the database answers, no migration pending).
 */
export { healthRoutes } from './health.routes.js';
