import { z } from 'zod';
import { type TransmissionView } from '../tax-authority/index.js';
import { buildInvoiceXml } from './invoice-xml.js';
import type { InvoiceRow } from './invoices.repository.js';
import { fullDocument } from './invoices.service.js';

const line = z.object({
  no: z.number(),
  name: z.string(),
  unit: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  amount: z.number(),
  vatRate: z.string().nullable(),
});
const relatedInvoice = z
  .object({ template: z.string(), series: z.string(), number: z.number(), issuedAt: z.string() })
  .nullable()
  .optional();

export const invoiceResponse = z.object({
  id: z.string(),
  merchantId: z.string(),
  saleId: z.string(),
  kind: z.enum(['original', 'replacement', 'adjustment']),
  status: z.enum(['issued', 'replaced']),
  template: z.string(),
  series: z.string(),
  number: z.number(),
  issuedAt: z.string(),
  paymentMethod: z.enum(['TM', 'CK']),
  seller: z.object({ name: z.string(), taxCode: z.string().nullable(), address: z.string().nullable() }),
  buyer: z.record(z.string(), z.string().nullable().optional()).nullable(),
  lines: z.array(line),
  totals: z.object({
    beforeVat: z.number(),
    vat: z.number(),
    total: z.number(),
    totalInWords: z.string(),
    byRate: z.array(z.object({ rate: z.string(), beforeVat: z.number(), vat: z.number() })),
  }),
  replaces: relatedInvoice,
  adjusts: relatedInvoice,
  relatedInvoiceId: z.string().nullable(),
  taxAuthorityCode: z
    .string()
    .nullable()
    .describe("MCCQT, the tax authority's code (M<template>-<yy>-<5 characters>-<11 digits>); null before it existed"),
  lookupCode: z.string(),
  lookupUrl: z.string(),
  xmlUrl: z.string(),
  test: z.boolean().describe("Issued for a sale paid with the sandbox bank's test money"),
  transmission: z
    .object({
      status: z.enum(['queued', 'sent', 'accepted', 'rejected']),
      messageId: z.string().nullable().describe('MTDiep, fixed by the first attempt to send it'),
      error: z
        .object({ code: z.string(), text: z.string() })
        .optional()
        .describe("The tax authority's error code and text, when it rejected the invoice"),
    })
    .nullable()
    .describe(
      'Where the invoice stands with the tax authority (docs/tax-authority.md); null for a test invoice, never sent',
    ),
});
export type InvoiceResponse = z.infer<typeof invoiceResponse>;

/** The transmission of an invoice just issued: queued in its own write (a test invoice never is). */
export const justIssued = (invoice: Pick<InvoiceRow, 'test'>): TransmissionView | null =>
  invoice.test ? null : { status: 'queued', messageId: null };

/** `transmission`: as stored (findTransmissions); the default holds only for an invoice issued by this request. */
export function invoiceToResponse(
  invoice: InvoiceRow,
  baseUrl: string,
  transmission: TransmissionView | null = justIssued(invoice),
): InvoiceResponse {
  const doc = fullDocument(invoice, baseUrl);
  return {
    id: invoice.id,
    merchantId: invoice.merchant_id,
    saleId: invoice.sale_id,
    kind: invoice.kind,
    status: invoice.status,
    template: doc.template,
    series: doc.series,
    number: doc.number,
    issuedAt: doc.issuedAt,
    paymentMethod: doc.paymentMethod,
    seller: doc.seller,
    buyer: doc.buyer,
    lines: doc.lines,
    totals: doc.totals,
    replaces: doc.replaces,
    adjusts: doc.adjusts,
    relatedInvoiceId: invoice.related_invoice_id,
    taxAuthorityCode: invoice.tax_authority_code,
    lookupCode: invoice.lookup_code,
    lookupUrl: doc.lookupUrl,
    xmlUrl: `${doc.lookupUrl}.xml`,
    test: invoice.test,
    transmission,
  };
}

export const invoiceXml = (invoice: InvoiceRow, baseUrl: string) => buildInvoiceXml(fullDocument(invoice, baseUrl));
