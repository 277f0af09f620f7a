import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertMerchantAccess, type Principal } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import { badRequest, notFound } from '../http/index.js';
import { catalogCsv } from './catalog-csv.js';
import { importCatalog } from './catalog-import.js';
import { catalogItem, catalogQuery, itemParams, itemPatchBody, newItemBody } from './catalog.schemas.js';
import { createItem, deleteItem, findItem, itemToResponse, listItems, patchItem } from './catalog.service.js';

const CSV_TYPES = ['text/csv', 'application/csv'];
const MAX_CSV_BYTES = 256 * 1024;

/** Whose catalog: a merchant's key acts for its own stall; staff name the stall with ?merchantId=. */
async function stallOf(db: Executor, principal: Principal | null, merchantId: string | undefined): Promise<string> {
  const id = merchantId ?? (principal?.kind === 'merchant' ? principal.merchantId : undefined);
  if (!id)
    throw badRequest('merchant_id_required', 'Staff name the stall with ?merchantId=', [
      { field: 'querystring.merchantId', message: 'required for staff' },
    ]);
  await assertMerchantAccess(db, principal, id.toLowerCase());
  return id.toLowerCase();
}

/** A stall's goods: listed, added, changed and removed by the stall's key, or by staff for a stall. */
export const catalogRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['catalog'];
  app.addContentTypeParser(CSV_TYPES, { parseAs: 'string', bodyLimit: MAX_CSV_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  async function ownItem(principal: Principal | null, id: string) {
    const item = await findItem(app.db, id);
    if (!item) throw notFound('catalog item');
    await assertMerchantAccess(app.db, principal, item.merchant_id, 'catalog item');
    return item;
  }

  app.get(
    '/api/v1/catalog',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags,
        summary: "The stall's items, active and not: by sort order, then the most used, then by name",
        querystring: catalogQuery,
        response: { 200: z.object({ items: z.array(catalogItem) }) },
      },
    },
    async (request) => ({
      items: (await listItems(app.db, await stallOf(app.db, request.principal, request.query.merchantId))).map(
        itemToResponse,
      ),
    }),
  );

  app.post(
    '/api/v1/catalog',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags,
        summary: 'Add an item (at most 500 a stall; one active item per name)',
        querystring: catalogQuery,
        body: newItemBody,
        response: { 201: z.object({ item: catalogItem }) },
      },
    },
    async (request, reply) => {
      const row = await createItem(
        app.db,
        await stallOf(app.db, request.principal, request.query.merchantId),
        request.body,
      );
      return reply.code(201).send({ item: itemToResponse(row) });
    },
  );

  app.patch(
    '/api/v1/catalog/:id',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags,
        summary: 'Change an item; past sales keep the lines they were sold with',
        params: itemParams,
        body: itemPatchBody,
        response: { 200: z.object({ item: catalogItem }) },
      },
    },
    async (request) => {
      const item = await ownItem(request.principal, request.params.id);
      return { item: itemToResponse(await patchItem(app.db, item, request.body)) };
    },
  );

  app.delete(
    '/api/v1/catalog/:id',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags,
        summary: 'Remove an item; past sales keep their lines by value',
        params: itemParams,
        response: { 204: z.null().describe('removed') },
      },
    },
    async (request, reply) => {
      const item = await ownItem(request.principal, request.params.id);
      await deleteItem(app.db, item.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/catalog.csv',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags,
        summary: 'The menu as CSV (UTF-8 with BOM, Vietnamese and English header), the columns an import takes',
        querystring: catalogQuery,
      },
    },
    async (request, reply) => {
      const rows = await listItems(app.db, await stallOf(app.db, request.principal, request.query.merchantId));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="catalog.csv"')
        .send(catalogCsv(rows));
    },
  );

  app.post(
    '/api/v1/catalog/import',
    {
      config: { auth: 'staff-or-merchant' },
      schema: {
        tags,
        summary: "Import a menu (text/csv, the export's columns): every line or none, updating items by name",
        description: 'Send the file itself as the body, with Content-Type: text/csv. Errors come back line by line.',
        querystring: catalogQuery,
        body: z.string().max(MAX_CSV_BYTES),
        response: {
          200: z.object({ created: z.number(), updated: z.number(), items: z.array(catalogItem) }),
        },
      },
    },
    async (request) => {
      const merchantId = await stallOf(app.db, request.principal, request.query.merchantId);
      const result = await importCatalog(app.db, merchantId, request.body);
      return { created: result.created, updated: result.updated, items: result.items.map(itemToResponse) };
    },
  );
};
