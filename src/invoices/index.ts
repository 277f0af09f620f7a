/**
 * Invoices: cash-register e-invoices for sales and refunds. Pure row builders (numbered in the batch write),
 * the XML for the tax authority, receipts and amount in words. Owns `invoices` and `invoice_counters`; it reads
 * sales and merchants but never writes them.
 */
export { MAX_AMOUNT_IN_WORDS } from './amount-in-words.js';
export { buyerSchema, checkedBuyer } from './buyer.js';
export { invoiceSummary, numberedBy, saleInvoiceRow } from './invoice-rows.js';
export { type InvoiceRow } from './invoices.repository.js';
export { invoiceRoutes } from './invoices.routes.js';
export { invoiceResponse, invoiceToResponse } from './invoices.schemas.js';
export { setEinvoiceProviderCode, setSolutionProviderTaxCode, TAX_AUTHORITY_CODE } from './tax-authority-code.js';
export { invoiceMessageSource } from './transmission-source.js';
export { invoiceIssuedEvent, refundAdjustmentRow, writeNumberedInvoices } from './invoices.service.js';
