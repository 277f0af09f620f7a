/**
 * Catalog: the goods a stall sells (name, unit, price, VAT rate), managed by the stall or by staff, exported and
 * imported as a CSV menu. Carts of payment requests and cash sales resolve their catalog entries here. Owns
 * `catalog_items`.
 */
export { catalogRoutes } from './catalog.routes.js';
export { type CatalogEntry, catalogEntrySchema } from './catalog.schemas.js';
export { type Cart, type CartEntry, recordUsage, resolveCart } from './catalog.service.js';
