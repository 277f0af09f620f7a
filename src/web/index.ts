/**
 * Web: the pages (merchant, board, admin, pay) and their shared browser modules.
 */
export { webRoutes } from './web.routes.js';
