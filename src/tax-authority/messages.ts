// The messages exchanged with the tax authority (Decision 1450/QĐ-TCT, as amended; docs/tax-authority.md): every one
// is a `TDiep` envelope, its common header `TTChung` and its data `DLieu`. Built with XMLBuilder (every text escaped),
// read with XMLParser; element order follows the specification's sequences.

import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** PBan: the version of the message formats. */
export const MESSAGE_VERSION = '2.1.0';
/** MNNhan: the tax authority's receiving code. */
export const AUTHORITY_CODE = 'TCT';

/** MLTDiep: the message types this service sends and reads. */
export const MESSAGE_TYPES = {
  /** Thông điệp gửi hóa đơn khởi tạo từ máy tính tiền tới cơ quan thuế: a cash-register invoice's data. */
  cashRegisterInvoice: '206',
  /** Thông điệp thông báo về việc kết quả kiểm tra dữ liệu hóa đơn điện tử (notice 01/TB-KTDL): the result. */
  checkResult: '204',
  /** Thông điệp phản hồi kỹ thuật: the technical receipt, sent back for every message received. */
  technicalReceipt: '999',
} as const;

/** LTBao of a result (204): 2 = the data checked valid; any other value lists what was not. */
export const RESULT_VALID = '2';

export interface CommonHeader {
  PBan: string;
  MNGui: string;
  MNNhan: string;
  MLTDiep: string;
  MTDiep: string;
  /** The message this one answers (a receipt's or result's MTDTChieu is the MTDiep it answers); absent on a first send. */
  MTDTChieu?: string | null;
  MST: string;
  SLuong: number;
}

/** An error as the authority lists it (LDo: MLoi, and MTa in a receipt, MTLoi in a result). */
export interface AuthorityError {
  code: string;
  text: string;
}

/** What a technical receipt (999) says: received without error, or refused with its reasons. */
export interface TechnicalReceipt {
  answers: string;
  received: boolean;
  errors: AuthorityError[];
}

/** What a result (204) says about the message it answers. */
export interface CheckResult {
  answers: string;
  valid: boolean;
  errors: AuthorityError[];
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false });
const parser = new XMLParser({
  parseTagValue: false, // codes such as MLoi or MST keep their leading zeros
  isArray: (name) => name === 'LDo',
  ignoreDeclaration: true,
});

/** MTDiep for one invoice: the sender's code and the invoice id's 32 hex digits, upper case (46 characters at most). */
export function messageIdFor(senderCode: string, invoiceId: string): string {
  return `${senderCode}${invoiceId.replaceAll('-', '').toUpperCase()}`;
}

function header(h: CommonHeader) {
  return {
    PBan: h.PBan,
    MNGui: h.MNGui,
    MNNhan: h.MNNhan,
    MLTDiep: h.MLTDiep,
    MTDiep: h.MTDiep,
    ...(h.MTDTChieu ? { MTDTChieu: h.MTDTChieu } : {}),
    MST: h.MST,
    SLuong: String(h.SLuong),
  };
}

/** A whole message: `<TDiep><TTChung>…</TTChung><DLieu>{data}</DLieu></TDiep>`; `dataXml` is inserted as given. */
export function envelope(h: CommonHeader, dataXml: string): string {
  const common = builder.build({ TTChung: header(h) });
  return `<?xml version="1.0" encoding="UTF-8"?><TDiep>${common}<DLieu>${dataXml}</DLieu></TDiep>`;
}

/** The envelope of an invoice's 206 message, around the invoice's own XML (its HDon element). */
export function invoiceMessage(
  input: { senderCode: string; messageId: string; sellerTaxCode: string | null },
  invoiceXml: string,
): string {
  const hdon = invoiceXml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const h: CommonHeader = {
    PBan: MESSAGE_VERSION,
    MNGui: input.senderCode,
    MNNhan: AUTHORITY_CODE,
    MLTDiep: MESSAGE_TYPES.cashRegisterInvoice,
    MTDiep: input.messageId,
    MST: input.sellerTaxCode ?? '',
    SLuong: 1,
  };
  return envelope(h, hdon);
}

type Node = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const node = (v: unknown): Node => (v && typeof v === 'object' ? (v as Node) : {});

/** Reads any TDiep: its header and its data as parsed nodes (empty when absent). */
export function readMessage(xml: string): { header: CommonHeader; data: Node } {
  const root = node(node(parser.parse(xml)).TDiep);
  const h = node(root.TTChung);
  return {
    header: {
      PBan: text(h.PBan),
      MNGui: text(h.MNGui),
      MNNhan: text(h.MNNhan),
      MLTDiep: text(h.MLTDiep),
      MTDiep: text(h.MTDiep),
      MTDTChieu: text(h.MTDTChieu) || null,
      MST: text(h.MST),
      SLuong: Number(text(h.SLuong)),
    },
    data: node(root.DLieu),
  };
}

const errorsOf = (list: unknown, textTag: 'MTa' | 'MTLoi'): AuthorityError[] =>
  (Array.isArray(node(list).LDo) ? (node(list).LDo as unknown[]) : []).map((e) => ({
    code: text(node(e).MLoi),
    text: text(node(e)[textTag]),
  }));

/** Reads a technical receipt (999): `TBao` with the answered MTDiep, TTTNhan (0 no error, 1 error) and DSLDo. */
export function readReceipt(xml: string): TechnicalReceipt {
  const { header: h, data } = readMessage(xml);
  if (h.MLTDiep !== MESSAGE_TYPES.technicalReceipt) throw new Error(`not a technical receipt: MLTDiep ${h.MLTDiep}`);
  const tbao = node(data.TBao);
  return { answers: text(tbao.MTDiep), received: text(tbao.TTTNhan) === '0', errors: errorsOf(tbao.DSLDo, 'MTa') };
}

/** Reads a result (204, notice 01/TB-KTDL): DLTBao's LTBao, and for a cash-register invoice LHDMTTien's DSLDo. */
export function readResult(xml: string): CheckResult {
  const { header: h, data } = readMessage(xml);
  if (h.MLTDiep !== MESSAGE_TYPES.checkResult) throw new Error(`not a check result: MLTDiep ${h.MLTDiep}`);
  const notice = node(node(data.TBao).DLTBao);
  return {
    answers: h.MTDTChieu ?? '',
    valid: text(notice.LTBao) === RESULT_VALID,
    errors: errorsOf(node(notice.LHDMTTien).DSLDo, 'MTLoi'),
  };
}

export { builder as messageBuilder };
