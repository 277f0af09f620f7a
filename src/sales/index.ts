/**
 * Sales: cash and cashless sales, refunds and the rollups they move (daily, hourly, payer mix). Owns `sales`,
 * `refunds`, `merchant_daily`, `merchant_hourly` and `payer_daily`; a sale's invoice comes from invoices' builders.
 */
export { planSale, type SalePlan } from './sale-rows.js';
export { saleRoutes } from './sales.routes.js';
export { dateBound } from './sales.schemas.js';
export { recordSaleInTransaction, writeSalePlans } from './sales.service.js';
