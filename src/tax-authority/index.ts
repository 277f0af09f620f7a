/**
 * Tax authority: transmission of every invoice to the tax authority through a T-VAN (docs/tax-authority.md). Owns
 * `invoice_transmissions`, the queue invoices join in their own write (`queueTransmissions`), and the sender loop that
 * works it through a `TaxAuthorityTransport`: `tvan-sandbox` on the embedded trial, a provider's adapter elsewhere.
 * Below invoices: it reads no invoice itself, the app hands it their XML as an `InvoiceMessageSource`.
 */
export { MESSAGE_TYPES, messageIdFor, readReceipt, readResult } from './messages.js';
export { type InvoiceMessageSource, type PassReport, transmissionSender } from './sender.js';
export { default as transmissionPlugin } from './transmission.plugin.js';
export { transmissionRoutes } from './transmissions.routes.js';
export {
  findTransmissions,
  queueTransmissions,
  type TransmissionCounts,
  transmissionCounts,
  type TransmissionView,
  transmissionView,
} from './transmissions.repository.js';
export { type TaxAuthorityTransport, TransportUnavailable } from './transport.js';
export { SANDBOX_ERRORS, type TvanSandbox, tvanSandbox } from './tvan-sandbox.js';
