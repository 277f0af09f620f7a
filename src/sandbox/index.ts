/**
 * Sandbox: the trial bank. Test money only, marked as such, off wherever real money could be.
 */
export { sandboxRoutes } from './sandbox.routes.js';
