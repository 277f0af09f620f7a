/**
 * Payment requests: a dynamic QR for one sale (amount, items, reference, expiry). Owns `payment_requests`: others
 * mark a request paid through `writeRequestsPaid`.
 */
export {
  type PaidRequest,
  paymentRequestColumns,
  type PaymentRequestRow,
  writeRequestsPaid,
} from './payment-requests.repository.js';
export { paymentRequestRoutes } from './payment-requests.routes.js';
export { amountSchema, cartItemsSchema, type SaleItem, saleItemSchema } from './payment-requests.schemas.js';
export { cartAmount, createPaymentRequest, itemsTotal } from './payment-requests.service.js';
export { findReferences } from './reference.js';
