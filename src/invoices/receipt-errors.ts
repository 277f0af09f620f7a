// Errors on the public receipt routes, answered for people rather than programs. A buyer who mistypes a tax code in
// the receipt's form gets the receipt back with the problem in Vietnamese (and English) beside the form and what they
// typed still in it; a wrong lookup code gets a "not found" page. API clients (Accept: application/json, the .json
// and .xml forms, anything that does not ask for HTML) keep the standard JSON errors of src/http/errors.ts.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { baseUrlOf, AppError, errorHandler } from '../http/index.js';
import { renderSvg } from '../qr/index.js';
import { findInvoiceByLookupCode } from './invoices.repository.js';
import { fullDocument } from './invoices.service.js';
import { publicInvoice, receiptContext } from './public-view.js';
import {
  BUYER_FORM_FIELDS,
  FULLY_REFUNDED_MESSAGE,
  receiptHtml,
  receiptNotFoundHtml,
  type BuyerFormField,
  type BuyerFormState,
  type ReceiptMessage,
} from './receipt.js';

const LOOKUP_CODE = /^[A-Za-z0-9_-]{20}$/;

/**
 * Whether the client is a browser showing a page: it asks for HTML ahead of JSON (browsers do, for the receipt's
 * form too). A client that does not ask for HTML gets JSON, whatever it posts. The .json and .xml lookups are for
 * programs whatever they accept.
 */
export function wantsHtml(request: FastifyRequest): boolean {
  const param = (request.params as { lookup?: unknown } | undefined)?.lookup;
  const lookup = typeof param === 'string' ? param : '';
  if (/\.(json|xml)$/i.test(lookup)) return false;
  const accept = String(request.headers.accept ?? '').toLowerCase();
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html !== -1 && (json === -1 || html < json);
}

const TAX_CODE_MESSAGE: ReceiptMessage = {
  vi: 'Mã số thuế không hợp lệ. Mã số thuế gồm 10 chữ số (hoặc 10 chữ số và "-NNN" cho chi nhánh, ví dụ 0123456789-001); vui lòng kiểm tra lại.',
  en: 'The tax code (MST) is not valid: it has 10 digits (or 10 digits and "-NNN" for a branch, e.g. 0123456789-001). Please check it.',
  field: 'taxCode',
};

const FIELD_MESSAGES: Record<BuyerFormField | 'phone', ReceiptMessage> = {
  name: {
    vi: 'Vui lòng nhập tên người mua hoặc tên công ty (tối đa 200 ký tự).',
    en: "Please enter the buyer's or the company's name (up to 200 characters).",
    field: 'name',
  },
  taxCode: TAX_CODE_MESSAGE,
  address: {
    vi: 'Địa chỉ không hợp lệ (tối đa 300 ký tự).',
    en: 'The address is not valid (up to 300 characters).',
    field: 'address',
  },
  email: { vi: 'Địa chỉ email không hợp lệ.', en: 'The email address is not valid.', field: 'email' },
  phone: { vi: 'Số điện thoại không hợp lệ.', en: 'The phone number is not valid.' },
};

const GENERIC_MESSAGE: ReceiptMessage = {
  vi: 'Thông tin chưa hợp lệ, vui lòng kiểm tra lại.',
  en: 'Some of the details are not valid; please check them.',
};

/** What to tell the buyer about a refused form, by the error's code or the first field it names. */
function formMessage(error: FastifyError | AppError | Error): ReceiptMessage {
  if (error instanceof AppError && error.code === 'invalid_tax_code') return TAX_CODE_MESSAGE;
  if (hasZodFastifySchemaValidationErrors(error)) {
    for (const issue of error.validation) {
      const field = issue.instancePath.split('/')[1] as keyof typeof FIELD_MESSAGES | undefined;
      if (field && field in FIELD_MESSAGES) return FIELD_MESSAGES[field];
    }
  }
  return GENERIC_MESSAGE;
}

/** What the buyer typed, as far as it is one of the form's fields (the page escapes it). */
function typedValues(body: unknown): BuyerFormState['values'] {
  const values: BuyerFormState['values'] = {};
  if (!body || typeof body !== 'object') return values;
  for (const field of BUYER_FORM_FIELDS) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value === 'string') values[field] = value.slice(0, 400);
  }
  return values;
}

const statusOf = (error: FastifyError | AppError | Error) => (error as { statusCode?: number }).statusCode ?? 500;

const isNotFound = (error: FastifyError | AppError | Error) =>
  (error instanceof AppError && error.statusCode === 404) ||
  (hasZodFastifySchemaValidationErrors(error) && error.validationContext === 'params');

function sendNotFound(reply: FastifyReply) {
  return reply
    .code(404)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(receiptNotFoundHtml());
}

/**
 * The error handler of the receipt routes (GET /i/:lookup, POST /i/:lookup/buyer). Rate limits and server errors
 * stay with the app's handler (no database work for a client being throttled, no internals shown).
 */
export function receiptErrorHandler(app: FastifyInstance) {
  return async function handleReceiptError(
    error: FastifyError | AppError | Error,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const status = statusOf(error);
    if (!wantsHtml(request) || status >= 500 || status === 429) return errorHandler(error, request, reply);
    if (isNotFound(error)) return sendNotFound(reply);
    if (request.method !== 'POST') return errorHandler(error, request, reply);
    try {
      const param = (request.params as { lookup?: unknown }).lookup;
      const code = (typeof param === 'string' ? param : '').split('.')[0];
      const stored = LOOKUP_CODE.test(code) ? await findInvoiceByLookupCode(app.db, code) : undefined;
      if (!stored || stored.kind === 'adjustment') return sendNotFound(reply);
      const invoice = publicInvoice(stored);
      const around = await receiptContext(app.db, invoice);
      const refusal = error instanceof AppError ? error.code : undefined;
      const message: ReceiptMessage =
        refusal === 'sale_fully_refunded'
          ? FULLY_REFUNDED_MESSAGE
          : refusal === 'invoice_already_replaced'
            ? {
                vi: 'Hóa đơn này đã được thay thế bằng một hóa đơn mới, nên không thể xuất lại lần nữa.',
                en: 'This invoice was already replaced by a newer one, so it cannot be reissued again.',
                link: around.relations.replacement
                  ? {
                      lookupCode: around.relations.replacement.lookupCode,
                      vi: 'Xem hóa đơn thay thế',
                      en: 'See the replacement invoice',
                    }
                  : undefined,
              }
            : formMessage(error);
      const doc = fullDocument(invoice, baseUrlOf(request));
      const html = receiptHtml(doc, {
        kind: invoice.kind,
        status: invoice.status,
        qrSvg: await renderSvg(doc.lookupUrl),
        ...around,
        test: invoice.test,
        form: { values: typedValues(request.body), error: message },
      });
      return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
    } catch (renderError) {
      request.log.warn({ err: renderError }, 'could not render the receipt error page');
      return errorHandler(error, request, reply);
    }
  };
}
