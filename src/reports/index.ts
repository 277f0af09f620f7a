/**
 * Reports: what staff take to a meeting. The sales export (sales.csv, with site, stall, payer bank, invoice and
 * lines) and the daily and monthly reports of a site or a province, as JSON, CSV and a printable page. Reads only
 * (sales, rollups, invoices, sites, activations); owns no table.
 */
export { reportRoutes } from './reports.routes.js';
export { salesCsvRoutes } from './sales-csv.routes.js';
