// The invoice as the tax authority's XML (HDon/DLHDon/TTChung/NDHDon, then HDon/MCCQT; docs/standards.md).
// Cash-register invoices need no digital signature, so DSCKS is absent; the tax-authority module sends the XML inside
// its 206 message (docs/tax-authority.md).
// Built with XMLBuilder rather than strings so that every text value (names, addresses typed by merchants and
// buyers) is escaped; element order follows the schema's sequences because validators check it.

import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { InvoiceDocument, RelatedInvoice } from '../db/index.js';
import type { ParsedInvoiceXml } from './invoice-xml.types.js';
import { VIETNAM_OFFSET_MS } from '../time/index.js';
import { solutionProviderTaxCode } from './tax-authority-code.js';

export type { InvoiceDocument, InvoiceLine, RelatedInvoice, VatRate } from '../db/index.js';
export type { ParsedInvoiceXml } from './invoice-xml.types.js';

const SCHEMA_VERSION = '2.1.0';
const TITLES = {
  '1': 'Hóa đơn giá trị gia tăng khởi tạo từ máy tính tiền',
  '2': 'Hóa đơn bán hàng khởi tạo từ máy tính tiền',
} as const;
const PAYMENT_METHODS = { TM: 'Tiền mặt', CK: 'Chuyển khoản' } as const;
/**
 * The flag each template must carry right after NLap (Decision 1450/QĐ-TCT as amended, TTChung): a VAT invoice
 * (template 1) says whether it is for financial leasing (HDCTTChinh), a sales invoice (template 2) whether it is for
 * buyers in a tariff-free zone (HDDCKPTQuan). A street stall's sale is neither: 0.
 */
const TEMPLATE_FLAG = { '1': 'HDCTTChinh', '2': 'HDDCKPTQuan' } as const;
const NOT_SPECIAL = 0;
/** LHDCLQuan 1: the related invoice is an e-invoice under Decree 123 (ours always are). */
const RELATED_IS_DECREE_123_EINVOICE = 1;

/** Elements whose text is a number; everything else (tax codes, phone numbers, '1' templates) stays a string. */
const NUMERIC_TAGS = new Set([
  'SHDon',
  'TGia',
  'TCHDon',
  'LHDCLQuan',
  'SHDCLQuan',
  'TChat',
  'STT',
  'SLuong',
  'DGia',
  'ThTien',
  'TThue',
  'TgTCThue',
  'TgTThue',
  'TgTTTBSo',
  'HDCTTChinh',
  'HDDCKPTQuan',
]);
const ARRAY_TAGS = new Set(['HHDVu', 'LTSuat', 'TTin']);

// Matching control characters is the point: XML 1.0 forbids these, so they are removed before writing.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

type XmlValue = string | XmlObject | XmlObject[];
interface XmlObject {
  [key: string]: XmlValue;
}

/** Drop absent fields (null, undefined, blank) rather than emitting empty elements; numbers become plain text. */
function fields(entries: Record<string, string | number | null | undefined | XmlObject | XmlObject[]>): XmlObject {
  const out: XmlObject = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`${key} must be a finite number, got ${value}`);
      out[key] = String(value);
    } else if (typeof value === 'string') {
      // Control characters cannot appear in XML 1.0 even escaped; a stray one pasted into a name must not make
      // the whole invoice unreadable.
      const text = value.replace(XML_FORBIDDEN, '');
      if (text.trim() !== '') out[key] = text;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** YYYY-MM-DD in Vietnam (UTC+7) for an ISO 8601 instant, whatever offset it was written with. */
function vietnamDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 time: "${iso}"`);
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

function relatedInvoice(kind: 1 | 2, related: RelatedInvoice): XmlObject {
  return fields({
    TCHDon: kind,
    LHDCLQuan: RELATED_IS_DECREE_123_EINVOICE,
    KHMSHDCLQuan: related.template,
    KHHDCLQuan: related.series,
    SHDCLQuan: related.number,
    NLHDCLQuan: vietnamDate(related.issuedAt),
  });
}

function generalInfo(doc: InvoiceDocument): XmlObject {
  if (doc.replaces && doc.adjusts) throw new RangeError('an invoice either replaces or adjusts another, not both');
  const related = doc.replaces
    ? relatedInvoice(1, doc.replaces)
    : doc.adjusts
      ? relatedInvoice(2, doc.adjusts)
      : undefined;
  return fields({
    PBan: SCHEMA_VERSION,
    THDon: TITLES[doc.template],
    KHMSHDon: doc.template,
    KHHDon: doc.series,
    SHDon: doc.number,
    NLap: vietnamDate(doc.issuedAt),
    [TEMPLATE_FLAG[doc.template]]: NOT_SPECIAL,
    DVTTe: doc.currency,
    TGia: 1,
    HTTToan: PAYMENT_METHODS[doc.paymentMethod],
    // Required by 2.1.0. Invoices issued before the document kept it were made by this same solution: its code now.
    MSTTCGP: doc.solutionProviderTaxCode ?? solutionProviderTaxCode(),
    TTHDLQuan: related,
  });
}

function lines(doc: InvoiceDocument): XmlObject[] {
  return doc.lines.map((line) => {
    if (doc.template === '1' && line.vatRate === null) {
      throw new RangeError(`line ${line.no} needs a VAT rate on a template 1 invoice`);
    }
    return fields({
      TChat: 1, // 1 = goods or service (not a promotion, discount or note line)
      STT: line.no,
      THHDVu: line.name,
      DVTinh: line.unit,
      SLuong: line.quantity,
      DGia: line.unitPrice,
      ThTien: line.amount,
      TSuat: doc.template === '1' ? line.vatRate : undefined,
    });
  });
}

function payment(doc: InvoiceDocument): XmlObject {
  const { totals } = doc;
  // Template 1 lists VAT per rate; household businesses (template 2) have no VAT to list.
  const perRate =
    doc.template === '1' && totals.byRate.length > 0
      ? { LTSuat: totals.byRate.map((r) => fields({ TSuat: r.rate, ThTien: r.beforeVat, TThue: r.vat })) }
      : undefined;
  return fields({
    THTTLTSuat: perRate,
    TgTCThue: totals.beforeVat,
    TgTThue: totals.vat,
    TgTTTBSo: totals.total,
    TgTTTBChu: totals.totalInWords,
  });
}

function otherInfo(doc: InvoiceDocument): XmlObject {
  const info = (name: string, type: string, value: string) => fields({ TTruong: name, KDLieu: type, DLieu: value });
  // The time of issue must be on a cash-register invoice but NLap holds only the date, so the instant rides here.
  const entries = [info('ThoiGianLap', 'dateTime', doc.issuedAt)];
  if (doc.lookupCode.trim() !== '') entries.push(info('MaTraCuu', 'string', doc.lookupCode));
  if (doc.lookupUrl.trim() !== '') entries.push(info('URLTraCuu', 'string', doc.lookupUrl));
  return { TTin: entries };
}

export function buildInvoiceXml(doc: InvoiceDocument): string {
  const buyer = doc.buyer ?? {};
  const tree: XmlObject = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    HDon: {
      DLHDon: {
        '@_Id': 'data',
        TTChung: generalInfo(doc),
        NDHDon: {
          NBan: fields({ Ten: doc.seller.name, MST: doc.seller.taxCode, DChi: doc.seller.address }),
          // Buyer details appear only when the buyer asked; the element stays so the structure is always complete.
          NMua: fields({
            Ten: buyer.name,
            MST: buyer.taxCode,
            DChi: buyer.address,
            SDThoai: buyer.phone,
            DCTDTu: buyer.email,
          }),
          DSHHDVu: { HHDVu: lines(doc) },
          TToan: payment(doc),
        },
        TTKhac: otherInfo(doc),
      },
      // After DLHDon (and DLQRCode, which we do not write), before DSCKS: the tax authority's code. On a cash-register
      // invoice the seller's side makes it (tax-authority-code.ts); invoices issued before it existed have none.
      ...(doc.taxAuthorityCode ? { MCCQT: doc.taxAuthorityCode } : {}),
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });
  return builder.build(tree);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false, // '0100233488' and '0912345678' must keep their leading zeros
  parseAttributeValue: false,
  tagValueProcessor: (tagName, value) => (NUMERIC_TAGS.has(tagName) ? Number(value) : value),
  isArray: (tagName) => ARRAY_TAGS.has(tagName),
});

/** Parse an invoice XML back into plain values; element names are kept so values can be checked field by field. */
export function parseInvoiceXml(xml: string): ParsedInvoiceXml {
  const parsed = parser.parse(xml) as ParsedInvoiceXml;
  const content = parsed?.HDon?.DLHDon?.NDHDon;
  if (!content) throw new Error('not an invoice: HDon/DLHDon/NDHDon is missing');
  // An element with no children parses as '': give containers their object shape back.
  if ((content.NMua as unknown) === '') content.NMua = {};
  if ((content.DSHHDVu as unknown) === '' || !content.DSHHDVu.HHDVu) content.DSHHDVu = { HHDVu: [] };
  return parsed;
}
