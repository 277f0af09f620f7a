import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { parseInvoiceXml } from '../../src/invoices/invoice-xml.js';
import { TAX_AUTHORITY_CODE } from '../../src/invoices/index.js';
import { completeTaxAuthorityCode, taxAuthorityCodePrefix } from '../../src/invoices/tax-authority-code.js';
import { loadConfig } from '../../src/config/index.js';

// MCCQT on cash-register invoices: M<template>-<yy>-<EINVOICE_PROVIDER_CODE>-<11 digits>, unique across every
// invoice of every stall, including sales made at the same moment.

const ctx = await startTestApp(t, { EINVOICE_PROVIDER_CODE: 'AB12C' });
const { call } = ctx;
const household = await onboardStall(ctx);
const vatStall = await onboardStall(ctx, { taxMethod: 'vat', taxCode: '0100233488', address: 'Kim Đồng, Cao Bằng' });
const year = String(new Date(Date.now() + 7 * 3600_000).getUTCFullYear() % 100).padStart(2, '0');

const cashSale = (token: string, amount = 45000) =>
  call({ method: 'POST', url: '/api/v1/sales', token, payload: { method: 'cash', amount } });

t.test('the code has the structure of the rule, in the JSON, the XML, the row and the receipt', async (t) => {
  for (const [stall, template] of [
    [household, '2'],
    [vatStall, '1'],
  ] as const) {
    const res = await cashSale(stall.apiKey);
    t.equal(res.status, 201);
    const code: string = res.body.invoice.taxAuthorityCode;
    t.match(code, new RegExp(`^M${template}-${year}-AB12C-\\d{11}$`), `template ${template}: ${code}`);
    t.equal(code.length, 23);
    const row = await ctx.database.db
      .selectFrom('invoices')
      .select(['tax_authority_code', 'document'])
      .where('id', '=', res.body.invoice.id)
      .executeTakeFirstOrThrow();
    t.equal(row.tax_authority_code, code, 'stored in its column');
    t.equal(row.document.taxAuthorityCode, code, 'and in the document');
    const xml = await call({ method: 'GET', url: `/api/v1/invoices/${res.body.invoice.id}/xml`, token: stall.apiKey });
    t.equal(parseInvoiceXml(xml.raw).HDon.MCCQT, code, 'HDon/MCCQT');
    const receipt = await call({
      method: 'GET',
      url: `/i/${res.body.invoice.lookupCode}`,
      headers: { accept: 'text/html' },
    });
    t.match(receipt.raw, `Mã của cơ quan thuế: <span class="mccqt">${code}</span>`);
  }
});

t.test('concurrent sales of several stalls never share a code; refunds and replacements get their own', async (t) => {
  const sales = await Promise.all(
    Array.from({ length: 24 }, (_, i) => cashSale([household, vatStall][i % 2]!.apiKey, 10000 + i)),
  );
  t.same(
    sales.map((s) => s.status),
    sales.map(() => 201),
  );
  const refund = await call({
    method: 'POST',
    url: `/api/v1/sales/${sales[0]!.body.sale.id}/refunds`,
    token: household.apiKey,
    payload: { amount: 1000 },
  });
  t.equal(refund.status, 201);
  const replaced = await call({
    method: 'POST',
    url: `/i/${sales[1]!.body.invoice.lookupCode}/buyer`,
    payload: { name: 'Nguyễn Văn An' },
  });
  t.ok(replaced.status < 300, `replacement: ${replaced.status}`);
  const rows = await ctx.database.db.selectFrom('invoices').select(['id', 'kind', 'tax_authority_code']).execute();
  const codes = rows.map((r) => r.tax_authority_code);
  t.equal(rows.length, 2 + 24 + 1 + 1, 'two sales, 24 concurrent ones, a refund and a replacement');
  t.ok(
    codes.every((c) => c !== null && TAX_AUTHORITY_CODE.test(c)),
    'every invoice has a well-formed code',
  );
  t.equal(new Set(codes.map((c) => c!.slice(-11))).size, codes.length, 'no two share even the 11 digits');
  t.ok(
    rows.some((r) => r.kind === 'adjustment') && rows.some((r) => r.kind === 'replacement'),
    'adjustment and replacement included',
  );
});

t.test('the database refuses a duplicate code', async (t) => {
  const [a, b] = await ctx.database.db.selectFrom('invoices').select(['id', 'tax_authority_code']).limit(2).execute();
  await t.rejects(
    ctx.database.db
      .updateTable('invoices')
      .set({ tax_authority_code: a!.tax_authority_code })
      .where('id', '=', b!.id)
      .execute(),
  );
});

t.test('the parts of the code', async (t) => {
  t.equal(taxAuthorityCodePrefix(2, 2026, 'A1B2C'), 'M2-26-A1B2C-');
  t.equal(taxAuthorityCodePrefix(1, 2030, 'A1B2C'), 'M1-30-A1B2C-');
  t.equal(completeTaxAuthorityCode('M2-25-A1B2C-', 1234567), 'M2-25-A1B2C-00001234567', 'the rule’s own example');
  t.throws(() => completeTaxAuthorityCode('M2-25-A1B2C-', 100_000_000_000), RangeError, 'more than 11 digits');
  t.throws(() => completeTaxAuthorityCode('M2-25-A1B2C-', 0), RangeError);
  t.equal(loadConfig({}).EINVOICE_PROVIDER_CODE, 'TRIAL', 'the trial default');
  t.throws(() => loadConfig({ EINVOICE_PROVIDER_CODE: 'ab12' }), /EINVOICE_PROVIDER_CODE/);
});
