import type { ActivationTables } from '../activations/activations.table.js';
import type { AuthTables } from '../auth/auth.table.js';
import type { EventTables } from '../realtime/events.table.js';
import type { WsTicketTables } from '../realtime/ws-tickets.table.js';
import type { IdempotencyTables } from '../http/idempotency.table.js';
import type { InvoiceTables } from '../invoices/invoices.table.js';
import type { MerchantTables } from '../merchants/merchants.table.js';
import type { PaymentRequestTables } from '../payment-requests/payment-requests.table.js';
import type { PaymentTables } from '../payments/payments.table.js';
import type { SaleTables } from '../sales/sales.table.js';
import type { SettingsTables } from '../settings/settings.table.js';

/** The whole database as Kysely sees it: each module declares its own tables in its `*.table.ts`. */
export interface DB
  extends
    AuthTables,
    IdempotencyTables,
    SettingsTables,
    MerchantTables,
    PaymentRequestTables,
    PaymentTables,
    SaleTables,
    InvoiceTables,
    EventTables,
    ActivationTables,
    WsTicketTables {}
