import t from 'tap';
import { buildInvoiceXml, type InvoiceDocument } from '../../src/invoices/invoice-xml.js';
import { invoiceMessage, readReceipt, readResult } from '../../src/tax-authority/messages.js';
import { SANDBOX_ERRORS, tvanSandbox } from '../../src/tax-authority/tvan-sandbox.js';

// The simulated authority reads the real structures: the envelope's header decides the technical receipt (999), the
// invoice inside decides the result (204).

const doc = (over: Partial<InvoiceDocument> = {}): InvoiceDocument => ({
  template: '2',
  series: 'C26MKD',
  number: 7,
  issuedAt: '2026-12-07T10:29:00+07:00',
  currency: 'VND',
  paymentMethod: 'TM',
  lookupCode: 'abcdefghijklmnopqrst',
  lookupUrl: '',
  seller: { name: 'Bánh cuốn Bà Hoa', taxCode: '4701304564', address: 'Gian 7, phố Kim Đồng, Cao Bằng' },
  buyer: null,
  lines: [{ no: 1, name: 'Bánh cuốn', unit: 'đĩa', quantity: 1, unitPrice: 35000, amount: 35000, vatRate: null }],
  totals: { beforeVat: 35000, vat: 0, total: 35000, totalInWords: 'Ba mươi lăm nghìn đồng', byRate: [] },
  ...over,
});
const ID = 'SANDBOX0192F3A1B2C37D4E8F90A1B2C3D4E5F6';
const message = (d: InvoiceDocument, over: { messageId?: string; mst?: string | null } = {}) =>
  invoiceMessage(
    {
      senderCode: 'SANDBOX',
      messageId: over.messageId ?? ID,
      sellerTaxCode: over.mst === undefined ? d.seller.taxCode : over.mst,
    },
    buildInvoiceXml(d),
  );

t.test('a valid invoice: receipt without error, result valid (LTBao 2), both answering its MTDiep', async (t) => {
  const s = tvanSandbox();
  const receipt = readReceipt(await s.send(message(doc())));
  t.same(receipt, { answers: ID, received: true, errors: [] });
  const held = await s.lookup(ID);
  t.same(readResult(held!.result!), { answers: ID, valid: true, errors: [] });
  t.equal(await s.lookup('SANDBOX' + '0'.repeat(32)), null, 'an id never received is unknown');
});

t.test('the receipt refuses a bad envelope, each reason listed (TTTNhan 1, DSLDo)', async (t) => {
  const s = tvanSandbox();
  t.same(readReceipt(await s.send(message(doc(), { mst: null }))).errors, [SANDBOX_ERRORS.missingTaxCode]);
  t.same(readReceipt(await s.send(message(doc(), { messageId: 'SANDBOX-not-a-uuid' }))).errors, [
    SANDBOX_ERRORS.badMessageId,
  ]);
  t.same(
    readReceipt(await s.send(message(doc(), { messageId: 'OTHER' + ID.slice(7) }))).errors,
    [SANDBOX_ERRORS.badMessageId],
    'MTDiep starts with MNGui',
  );
  t.same(readReceipt(await s.send('<TDiep><TTChung/></TDiep>')).received, false);
  t.same(readReceipt(await s.send('not xml at all <')).received, false);
  await s.send(message(doc()));
  t.same(
    readReceipt(await s.send(message(doc()))).errors,
    [SANDBOX_ERRORS.duplicateMessageId],
    'an id is received once',
  );
});

t.test('the result rejects an invoice whose data fails the checks (LHDMTTien/DSLDo with MLoi and MTLoi)', async (t) => {
  const s = tvanSandbox();
  const bad = doc({ seller: { name: 'X', taxCode: '4701304565', address: 'Gian 1' }, series: 'C26TKD' });
  t.equal(readReceipt(await s.send(message(bad))).received, true, 'the envelope itself is fine');
  const result = readResult((await s.lookup(ID))!.result!);
  t.same(result, { answers: ID, valid: false, errors: [SANDBOX_ERRORS.sellerTaxCode, SANDBOX_ERRORS.notCashRegister] });
  const other = 'SANDBOX' + 'A'.repeat(32);
  await s.send(message(doc(), { messageId: other, mst: '0100233488' }));
  t.same(
    readResult((await s.lookup(other))!.result!).errors,
    [SANDBOX_ERRORS.sellerTaxCode],
    "the seller's MST must be the message's",
  );
  const noAddress = 'SANDBOX' + 'B'.repeat(32);
  await s.send(message(doc({ seller: { name: 'X', taxCode: '4701304564', address: null } }), { messageId: noAddress }));
  t.same(
    readResult((await s.lookup(noAddress))!.result!).errors,
    [SANDBOX_ERRORS.sellerAddress],
    'a seller stored without an address (before onboarding required it): rejected, S203',
  );
});

t.test('switched off, it is unreachable: nothing is received', async (t) => {
  const s = tvanSandbox();
  s.setAvailable(false);
  await t.rejects(s.send(message(doc())), { name: 'TransportUnavailable' });
  await t.rejects(s.lookup(ID), { name: 'TransportUnavailable' });
  t.equal(s.received.length, 0);
});
