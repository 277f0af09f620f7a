import type { ActivationTables } from './tables/activations.js';
import type { AdminUnitTables } from './tables/admin-units.js';
import type { AuthTables } from './tables/auth.js';
import type { CatalogTables } from './tables/catalog.js';
import type { EventTables } from './tables/events.js';
import type { WsTicketTables } from './tables/ws-tickets.js';
import type { IdempotencyTables } from './tables/idempotency.js';
import type { InvoiceTables } from './tables/invoices.js';
import type { InvoiceTransmissionTables } from './tables/invoice-transmissions.js';
import type { MerchantTables } from './tables/merchants.js';
import type { PaymentRequestTables } from './tables/payment-requests.js';
import type { PaymentTables } from './tables/payments.js';
import type { SaleTables } from './tables/sales.js';
import type { SettingsTables } from './tables/settings.js';
import type { SiteTables } from './tables/sites.js';

/** The whole database as Kysely sees it: each module declares its own tables in its `*.table.ts`. */
export interface DB
  extends
    AdminUnitTables,
    AuthTables,
    IdempotencyTables,
    SettingsTables,
    SiteTables,
    MerchantTables,
    CatalogTables,
    PaymentRequestTables,
    PaymentTables,
    SaleTables,
    InvoiceTables,
    InvoiceTransmissionTables,
    EventTables,
    ActivationTables,
    WsTicketTables {}
