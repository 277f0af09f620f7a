import t from 'tap';
import { XMLValidator } from 'fast-xml-parser';
import { buildInvoiceXml, parseInvoiceXml, type InvoiceDocument } from '../../src/invoices/invoice-xml.js';
import { householdInvoice } from '../helpers/invoice-documents.js';
import { computeTotals } from '../../src/invoices/vat.js';
import { amountInWords } from '../../src/invoices/amount-in-words.js';

function vatInvoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  const lines: InvoiceDocument['lines'] = [
    { no: 1, name: 'Cà phê sữa', unit: 'cốc', quantity: 2, unitPrice: 22500, amount: 45000, vatRate: '10%' },
    { no: 2, name: 'Bánh khảo', unit: 'hộp', quantity: 1, unitPrice: 108000, amount: 108000, vatRate: '8%' },
    { no: 3, name: 'Hạt dẻ Trùng Khánh', unit: 'kg', quantity: 0.5, unitPrice: 60000, amount: 30000, vatRate: 'KCT' },
  ];
  const totals = computeTotals(1, lines);
  return {
    ...householdInvoice(),
    template: '1',
    series: 'C26MAB',
    number: 1,
    paymentMethod: 'TM',
    seller: { name: 'Công ty TNHH Đặc sản Cao Bằng', taxCode: '4701304564-001', address: 'Kim Đồng, Cao Bằng' },
    lines,
    totals: { ...totals, totalInWords: amountInWords(totals.total) },
    ...overrides,
  };
}

t.test('well-formed UTF-8 XML with the expected root structure', async (t) => {
  for (const doc of [householdInvoice(), vatInvoice()]) {
    const xml = buildInvoiceXml(doc);
    t.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'), 'declaration first');
    t.equal(XMLValidator.validate(xml), true, 'XMLValidator accepts it');
    t.match(xml, /<HDon><DLHDon Id="data"><TTChung><PBan>2\.1\.0<\/PBan>/);
    t.match(xml, /<\/TTChung><NDHDon><NBan>.*<\/NBan><NMua\/><DSHHDVu><HHDVu>/);
    t.match(xml, /<\/DSHHDVu><TToan>.*<\/TToan><\/NDHDon><TTKhac>/);
  }
});

t.test('parses back with the values that went in', async (t) => {
  const doc = householdInvoice();
  const parsed = parseInvoiceXml(buildInvoiceXml(doc));
  const { TTChung, NDHDon, TTKhac } = parsed.HDon.DLHDon;
  t.equal(parsed.HDon.DLHDon['@_Id'], 'data');
  t.equal(TTChung.THDon, 'Hóa đơn bán hàng khởi tạo từ máy tính tiền');
  t.equal(TTChung.KHMSHDon, doc.template);
  t.equal(TTChung.KHHDon, doc.series);
  t.equal(TTChung.SHDon, doc.number);
  t.equal(TTChung.NLap, '2026-03-05');
  t.equal(TTChung.DVTTe, 'VND');
  t.equal(TTChung.TGia, 1);
  t.equal(TTChung.HTTToan, 'Chuyển khoản');
  t.equal(TTChung.TTHDLQuan, undefined, 'no related invoice');
  t.same(NDHDon.NBan, { Ten: doc.seller.name, MST: '0100233488', DChi: doc.seller.address });
  t.same(NDHDon.NMua, {}, 'no buyer: NMua present and empty');
  t.equal(NDHDon.TToan.TgTTTBSo, 45000);
  t.equal(NDHDon.TToan.TgTTTBChu, 'Bốn mươi lăm nghìn đồng');
  t.equal(NDHDon.TToan.TgTCThue, 45000);
  t.equal(NDHDon.TToan.TgTThue, 0);
  t.same(
    NDHDon.DSHHDVu.HHDVu,
    doc.lines.map((l) => ({
      TChat: 1,
      STT: l.no,
      THHDVu: l.name,
      DVTinh: l.unit,
      SLuong: l.quantity,
      DGia: l.unitPrice,
      ThTien: l.amount,
    })),
  );
  t.same(TTKhac?.TTin, [
    { TTruong: 'ThoiGianLap', KDLieu: 'dateTime', DLieu: doc.issuedAt },
    { TTruong: 'MaTraCuu', KDLieu: 'string', DLieu: doc.lookupCode },
    { TTruong: 'URLTraCuu', KDLieu: 'string', DLieu: doc.lookupUrl },
  ]);
});

t.test('NLap is the date in Vietnam, whatever offset issuedAt uses', async (t) => {
  const at = (issuedAt: string) =>
    parseInvoiceXml(buildInvoiceXml(householdInvoice({ issuedAt }))).HDon.DLHDon.TTChung.NLap;
  t.equal(at('2026-12-31T23:59:59+07:00'), '2026-12-31');
  t.equal(at('2027-01-01T00:00:00+07:00'), '2027-01-01');
  t.equal(at('2026-12-31T17:30:00Z'), '2027-01-01');
  t.throws(() => buildInvoiceXml(householdInvoice({ issuedAt: 'yesterday' })), RangeError);
});

t.test('Vietnamese text and special characters are escaped and survive the round trip', async (t) => {
  const name = 'Bún "chả" <đặc biệt> & nem; Tom\'s';
  const doc = householdInvoice({
    seller: { name: 'Hàng A&B <Đồ nướng> "Ngon"', taxCode: null, address: null },
    buyer: { name: 'Nguyễn Thị Ánh & Co', email: 'anh@example.vn', phone: '0912345678', taxCode: null, address: '' },
  });
  doc.lines[0] = { ...doc.lines[0]!, name };
  const xml = buildInvoiceXml(doc);
  t.equal(XMLValidator.validate(xml), true);
  t.match(xml, 'Hàng A&amp;B &lt;Đồ nướng&gt; &quot;Ngon&quot;');
  t.match(xml, 'Bún &quot;chả&quot; &lt;đặc biệt&gt; &amp; nem; Tom&apos;s');
  t.notMatch(xml, /<Đồ|& nem|"chả"/, 'no raw special characters in text');
  t.match(xml, '<THHDVu>Trà đá</THHDVu>', 'Vietnamese kept as UTF-8 text, not character references');
  const parsed = parseInvoiceXml(xml).HDon.DLHDon.NDHDon;
  t.same(parsed.NBan, { Ten: 'Hàng A&B <Đồ nướng> "Ngon"' }, 'absent seller tax code and address are omitted');
  t.same(parsed.NMua, { Ten: 'Nguyễn Thị Ánh & Co', SDThoai: '0912345678', DCTDTu: 'anh@example.vn' });
  t.equal(parsed.DSHHDVu.HHDVu[0]!.THHDVu, name);
});

t.test('control characters that XML 1.0 forbids are dropped', async (t) => {
  const doc = householdInvoice({ seller: { name: 'Quán\u0000 Hoa\u001B', taxCode: null, address: null } });
  const xml = buildInvoiceXml(doc);
  t.equal(XMLValidator.validate(xml), true);
  t.equal(parseInvoiceXml(xml).HDon.DLHDon.NDHDon.NBan.Ten, 'Quán Hoa');
});

t.test('template 1 carries per-line and per-rate VAT', async (t) => {
  const doc = vatInvoice();
  const parsed = parseInvoiceXml(buildInvoiceXml(doc)).HDon.DLHDon;
  t.equal(parsed.TTChung.THDon, 'Hóa đơn giá trị gia tăng khởi tạo từ máy tính tiền');
  t.equal(parsed.TTChung.KHMSHDon, '1');
  t.equal(parsed.TTChung.HTTToan, 'Tiền mặt');
  t.equal(parsed.NDHDon.NBan.MST, '4701304564-001');
  t.same(
    parsed.NDHDon.DSHHDVu.HHDVu.map((l) => l.TSuat),
    ['10%', '8%', 'KCT'],
  );
  t.equal(parsed.NDHDon.DSHHDVu.HHDVu[2]!.SLuong, 0.5, 'fractional quantity');
  t.same(parsed.NDHDon.TToan.THTTLTSuat?.LTSuat, [
    { TSuat: '10%', ThTien: 40909, TThue: 4091 },
    { TSuat: '8%', ThTien: 100000, TThue: 8000 },
    { TSuat: 'KCT', ThTien: 30000, TThue: 0 },
  ]);
  t.equal(parsed.NDHDon.TToan.TgTCThue, doc.totals.beforeVat);
  t.equal(parsed.NDHDon.TToan.TgTThue, doc.totals.vat);
  t.equal(parsed.NDHDon.TToan.TgTTTBSo, 183000);
  t.equal(parsed.NDHDon.TToan.TgTTTBChu, 'Một trăm tám mươi ba nghìn đồng');
  t.throws(
    () => buildInvoiceXml(vatInvoice({ lines: [{ ...doc.lines[0]!, vatRate: null }] })),
    RangeError,
    'a template 1 line without a rate is refused',
  );
});

t.test('template 2 has no VAT rates anywhere', async (t) => {
  const doc = householdInvoice();
  // Even if a caller leaves rates in, a household invoice must not show them.
  doc.lines = doc.lines.map((l) => ({ ...l, vatRate: '10%' }));
  doc.totals.byRate = [{ rate: '10%', beforeVat: 1, vat: 1 }];
  const xml = buildInvoiceXml(doc);
  t.notMatch(xml, /<TSuat>|<THTTLTSuat>|<LTSuat>/);
  const toan = parseInvoiceXml(xml).HDon.DLHDon.NDHDon.TToan;
  t.equal(toan.THTTLTSuat, undefined);
});

t.test('a replacement invoice carries TTHDLQuan pointing at the replaced one', async (t) => {
  const replaced = { template: '2', series: 'C26MKD', number: 41, issuedAt: '2026-03-04T18:00:00Z' };
  const parsed = parseInvoiceXml(buildInvoiceXml(householdInvoice({ replaces: replaced })));
  t.same(parsed.HDon.DLHDon.TTChung.TTHDLQuan, {
    TCHDon: 1,
    LHDCLQuan: 1,
    KHMSHDCLQuan: '2',
    KHHDCLQuan: 'C26MKD',
    SHDCLQuan: 41,
    NLHDCLQuan: '2026-03-05',
  });
  const adjusting = parseInvoiceXml(buildInvoiceXml(householdInvoice({ adjusts: replaced })));
  t.equal(adjusting.HDon.DLHDon.TTChung.TTHDLQuan?.TCHDon, 2, 'adjustment is TCHDon 2');
  t.throws(() => buildInvoiceXml(householdInvoice({ replaces: replaced, adjusts: replaced })), RangeError);
  const xml = buildInvoiceXml(householdInvoice({ replaces: replaced, solutionProviderTaxCode: '0100233488' }));
  t.match(xml, /<HTTToan>Chuyển khoản<\/HTTToan><MSTTCGP>0100233488<\/MSTTCGP><TTHDLQuan>/, 'schema order');
});

t.test('zero amounts are written, not dropped', async (t) => {
  const doc = householdInvoice({
    lines: [{ no: 1, name: 'Nước lọc tặng', unit: 'chai', quantity: 1, unitPrice: 0, amount: 0, vatRate: null }],
    totals: { beforeVat: 0, vat: 0, total: 0, totalInWords: 'Không đồng', byRate: [] },
  });
  const parsed = parseInvoiceXml(buildInvoiceXml(doc)).HDon.DLHDon.NDHDon;
  t.equal(parsed.TToan.TgTTTBSo, 0);
  t.equal(parsed.DSHHDVu.HHDVu[0]!.DGia, 0);
  t.equal(parsed.TToan.TgTTTBChu, 'Không đồng');
});

t.test('parseInvoiceXml refuses a document that is not an invoice', async (t) => {
  t.throws(() => parseInvoiceXml('<?xml version="1.0"?><Other/>'));
});
