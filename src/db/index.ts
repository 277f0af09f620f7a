/**
 * Database: the connection (embedded PGlite or Postgres), the migrator, the typed batch writer and the shape of
 * every table (`tables/`). The bottom layer: it imports no feature module. Each table is written only by its owner
 * module (test/repo/table-owners.test.ts says which).
 */
export { type BatchRow, BatchWrite, WrittenNumbers } from './batch-write.js';
export { type Database, type Db, type Executor, openDatabase } from './database.js';
export { default as databasePlugin } from './database.plugin.js';
export { migrateToLatest, type MigrationProgress, migrationsPending } from './migrator.js';
export { preparedQuery } from './prepared.js';
export { type DB } from './schema.js';
export { type ActivationsTable } from './tables/activations.js';
export { type CatalogItemsTable } from './tables/catalog.js';
export { type EventType } from './tables/events.js';
export {
  type InvoiceDocument,
  type InvoiceLine,
  type RelatedInvoice,
  type VatRate,
} from './tables/invoice-document.js';
export { type InvoiceTransmissionsTable, type TransmissionStatus } from './tables/invoice-transmissions.js';
export { type InvoiceKind, type InvoicesTable, type StoredInvoiceDocument } from './tables/invoices.js';
export { type MerchantsTable } from './tables/merchants.js';
export { type PaymentRequestsTable } from './tables/payment-requests.js';
export { type PaymentOutcome, type PaymentsTable } from './tables/payments.js';
export { type Buyer, saleColumns, type SaleItem, type SaleMethod, type SaleRow } from './tables/sales.js';
export { type SiteKind, type SitesTable } from './tables/sites.js';
export { type TeamsTable } from './tables/teams.js';
export { uuidV7 } from './uuid-v7.js';
