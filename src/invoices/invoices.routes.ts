import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertMerchantAccess, callerScope, type Principal } from '../auth/index.js';
import { baseUrlOf, notFound, decodeCursor, encodeCursor } from '../http/index.js';
import { renderSvg } from '../qr/index.js';
import { buyerSchema, checkedBuyer } from './buyer.js';
import { findInvoice, findInvoiceByLookupCode, listInvoices } from './invoices.repository.js';
import { invoiceResponse, invoiceToResponse, invoiceXml } from './invoices.schemas.js';
import { fullDocument, replaceWithBuyer } from './invoices.service.js';
import { publicInvoice, receiptContext } from './public-view.js';
import { receiptHtml } from './receipt.js';
import { receiptErrorHandler } from './receipt-errors.js';
import { transmissionsOf } from './transmission-source.js';

const lookupParam = z.object({ lookup: z.string().regex(/^[A-Za-z0-9_-]{20}(\.(xml|json))?$/, 'not a lookup code') });

export const invoiceRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['invoices'];
  // The buyer form on the receipt posts a plain HTML form.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 8192 },
    (_req, body, done) => {
      done(null, Object.fromEntries([...new URLSearchParams(body as string)].filter(([, v]) => v.trim() !== '')));
    },
  );

  app.get(
    '/api/v1/invoices',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags,
        summary: 'Issued e-invoices, newest first; `transmission` filters by status with the tax authority',
        querystring: z.object({
          merchantId: z.uuid().optional(),
          transmission: z
            .enum(['queued', 'sent', 'accepted', 'rejected'])
            .optional()
            .describe('Only invoices at this stage with the tax authority (test invoices, never sent, have none)'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(200).optional(),
        }),
        response: { 200: z.object({ items: z.array(invoiceResponse), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const p = request.principal!;
      const before = request.query.cursor ? decodeCursor(request.query.cursor) : undefined;
      // Staff see their scope's stalls only; naming another stall is a 404.
      if (p.kind === 'staff' && request.query.merchantId)
        await assertMerchantAccess(app.db, p, request.query.merchantId, 'merchant');
      const rows = await listInvoices(app.db, {
        merchantId: p.kind === 'merchant' ? p.merchantId : request.query.merchantId,
        scope: callerScope(p),
        transmission: request.query.transmission,
        before,
        limit: request.query.limit,
      });
      const last = rows[rows.length - 1];
      const transmission = await transmissionsOf(app.db, rows);
      return {
        items: rows.map((r) => invoiceToResponse(r, baseUrlOf(request), transmission(r))),
        nextCursor: rows.length === request.query.limit ? encodeCursor(last.issued_at, last.id) : null,
      };
    },
  );

  async function readable(principal: Principal | null, id: string) {
    const invoice = await findInvoice(app.db, id);
    if (!invoice) throw notFound('invoice');
    await assertMerchantAccess(app.db, principal, invoice.merchant_id, 'invoice');
    return invoice;
  }

  app.get(
    '/api/v1/invoices/:id',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags,
        summary: 'One e-invoice',
        params: z.object({ id: z.uuid() }),
        response: { 200: invoiceResponse },
      },
    },
    async (request) => {
      const invoice = await readable(request.principal, request.params.id);
      return invoiceToResponse(invoice, baseUrlOf(request), (await transmissionsOf(app.db, [invoice]))(invoice));
    },
  );

  app.get(
    '/api/v1/invoices/:id/xml',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags,
        summary: "The e-invoice in the tax authority's XML structure",
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request, reply) =>
      reply
        .type('application/xml; charset=utf-8')
        .send(invoiceXml(await readable(request.principal, request.params.id), baseUrlOf(request))),
  );

  // Browsers get pages for the receipt routes' errors (a form shown again, a "not found" page); API clients JSON.
  // Fastify awaits an async error handler, though its type says void: hence the two lint exceptions below.
  const errorHandler = receiptErrorHandler(app);

  app.get(
    '/i/:lookup',
    {
      config: { auth: 'public', rateLimit: app.publicRateLimit },
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      errorHandler,
      schema: {
        tags,
        summary: "The receipt a buyer looks up (HTML; add .xml or .json); the buyer's phone shows masked (*******678)",
        params: lookupParam,
      },
    },
    async (request, reply) => {
      const [code, format] = request.params.lookup.split('.');
      const stored = await findInvoiceByLookupCode(app.db, code);
      if (!stored) throw notFound('invoice');
      const invoice = publicInvoice(stored);
      const base = baseUrlOf(request);
      reply.header('cache-control', 'no-store');
      if (format === 'xml') return reply.type('application/xml; charset=utf-8').send(invoiceXml(invoice, base));
      if (format === 'json')
        return reply.send(invoiceToResponse(invoice, base, (await transmissionsOf(app.db, [stored]))(stored)));
      const doc = fullDocument(invoice, base);
      const around = await receiptContext(app.db, invoice);
      return reply.type('text/html; charset=utf-8').send(
        receiptHtml(doc, {
          kind: invoice.kind,
          status: invoice.status,
          qrSvg: await renderSvg(doc.lookupUrl),
          ...around,
          test: invoice.test,
        }),
      );
    },
  );

  app.post(
    '/i/:lookup/buyer',
    {
      config: { auth: 'public', rateLimit: app.publicRateLimit },
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      errorHandler,
      schema: {
        tags,
        summary:
          "Put the buyer's details on the invoice: it is replaced by a new one that refers to it (409 sale_fully_refunded once the sale was refunded in full)",
        params: lookupParam,
        body: buyerSchema.extend({ name: z.string().trim().min(1).max(200) }),
      },
    },
    async (request, reply) => {
      const buyer = checkedBuyer({ ...request.body });
      const { invoice } = await replaceWithBuyer(app.db, request.params.lookup.split('.')[0], buyer);
      // A browser form gets the new receipt; an API client gets the new invoice.
      if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
        return reply.redirect(`/i/${invoice.lookup_code}`, 303);
      return reply.code(201).send(invoiceToResponse(publicInvoice(invoice), baseUrlOf(request)));
    },
  );
};
