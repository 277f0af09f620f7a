// tvan-sandbox: a simulated tax authority, in process, for the embedded trial and the tests. It reads the real
// message structures (TDiep/TTChung/DLieu with the invoice's HDon), answers each message with a technical receipt
// (999) and checks the invoice into a result (204, notice 01/TB-KTDL), as the authority does. Its error codes are the
// sandbox's own (the 4-character MLoi the structure allows); a real provider passes the authority's codes through.

import { normaliseTaxCode } from '../tax/index.js';
import { vietnamIso } from '../time/index.js';
import {
  AUTHORITY_CODE,
  MESSAGE_TYPES,
  MESSAGE_VERSION,
  RESULT_VALID,
  envelope,
  messageBuilder,
  readMessage,
  type AuthorityError,
} from './messages.js';
import { type TaxAuthorityTransport, TransportUnavailable } from './transport.js';

/** The sandbox's error codes: S1xx refuse a message (receipt), S2xx reject the invoice (result). */
export const SANDBOX_ERRORS = {
  badEnvelope: { code: 'S101', text: 'Thông điệp không đúng cấu trúc TDiep/TTChung/DLieu' },
  wrongType: { code: 'S102', text: 'Mã loại thông điệp (MLTDiep) không được hỗ trợ' },
  badMessageId: { code: 'S103', text: 'Mã thông điệp (MTDiep) không đúng định dạng: MNGui + 32 ký tự UUID' },
  duplicateMessageId: { code: 'S104', text: 'Mã thông điệp đã tồn tại' },
  missingTaxCode: { code: 'S105', text: 'Thiếu mã số thuế (MST) người nộp thuế' },
  sellerTaxCode: { code: 'S201', text: 'Mã số thuế người bán không hợp lệ hoặc không khớp với MST của thông điệp' },
  notCashRegister: {
    code: 'S202',
    text: 'Ký hiệu hóa đơn không phải hóa đơn khởi tạo từ máy tính tiền (ký tự thứ 4 là M)',
  },
  sellerAddress: { code: 'S203', text: 'Thiếu địa chỉ người bán (NBan/DChi)' },
} satisfies Record<string, AuthorityError>;

type Node = Record<string, unknown>;
const node = (v: unknown): Node => (v && typeof v === 'object' ? (v as Node) : {});
const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** The errors of a message's envelope: what makes the technical receipt say TTTNhan 1. */
function envelopeErrors(h: ReturnType<typeof readMessage>['header'], data: Node): AuthorityError[] {
  const errors: AuthorityError[] = [];
  if (!h.PBan || !h.MNGui || h.MNGui.length > 14 || h.MNNhan !== AUTHORITY_CODE || !data.HDon)
    errors.push(SANDBOX_ERRORS.badEnvelope);
  if (h.MLTDiep !== MESSAGE_TYPES.cashRegisterInvoice) errors.push(SANDBOX_ERRORS.wrongType);
  if (h.MTDiep.length > 46 || !h.MTDiep.startsWith(h.MNGui) || !/^[0-9A-F]{32}$/.test(h.MTDiep.slice(h.MNGui.length)))
    errors.push(SANDBOX_ERRORS.badMessageId);
  if (!h.MST) errors.push(SANDBOX_ERRORS.missingTaxCode);
  if (h.SLuong !== 1) errors.push(SANDBOX_ERRORS.badEnvelope);
  return errors;
}

/** The checks of the invoice itself: what makes the result reject it. */
function invoiceErrors(mst: string, hdon: Node): AuthorityError[] {
  const dl = node(hdon.DLHDon);
  const sellerNode = node(node(dl.NDHDon).NBan);
  const seller = text(sellerNode.MST);
  const series = text(node(dl.TTChung).KHHDon);
  const errors: AuthorityError[] = [];
  if (!seller || seller !== mst || normaliseTaxCode(seller) === null) errors.push(SANDBOX_ERRORS.sellerTaxCode);
  if (series[3] !== 'M') errors.push(SANDBOX_ERRORS.notCashRegister);
  if (!text(sellerNode.DChi).trim()) errors.push(SANDBOX_ERRORS.sellerAddress);
  return errors;
}

const list = (errors: AuthorityError[], textTag: 'MTa' | 'MTLoi') =>
  errors.length ? { DSLDo: { LDo: errors.map((e) => ({ MLoi: e.code, [textTag]: e.text })) } } : {};

const newId = () => `${AUTHORITY_CODE}${crypto.randomUUID().replaceAll('-', '').toUpperCase()}`;
// The authority's clock is Vietnam's.
const isoNow = () => vietnamIso(new Date()).slice(0, 19);

export interface TvanSandbox extends TaxAuthorityTransport {
  /** Every message received, in order (the tests count sends per MTDiep here). */
  readonly received: ReadonlyArray<{ messageId: string; xml: string }>;
  /** Off: every call fails as an unreachable authority would. */
  setAvailable(available: boolean): void;
}

/** A fresh simulated authority: it remembers what it received for as long as it lives (one app instance). */
export function tvanSandbox(): TvanSandbox {
  const held = new Map<string, { receipt: string; result: string | null }>();
  const received: Array<{ messageId: string; xml: string }> = [];
  let available = true;
  const reachable = () => {
    if (!available) throw new TransportUnavailable('tvan-sandbox is switched off');
  };

  function answer(type: string, answers: string, mst: string, data: unknown): string {
    const h = { PBan: MESSAGE_VERSION, MNGui: AUTHORITY_CODE, MNNhan: 'SANDBOX', MLTDiep: type, MTDiep: newId() };
    return envelope({ ...h, MTDTChieu: answers, MST: mst, SLuong: 1 }, messageBuilder.build(data));
  }

  return {
    name: 'tvan-sandbox',
    received,
    setAvailable(value) {
      available = value;
    },
    async send(xml) {
      await Promise.resolve();
      reachable();
      let parsed: ReturnType<typeof readMessage> | null = null;
      try {
        parsed = readMessage(xml);
      } catch {
        parsed = null;
      }
      const h = parsed?.header;
      const errors = parsed && h ? envelopeErrors(h, parsed.data) : [SANDBOX_ERRORS.badEnvelope];
      const id = h?.MTDiep ?? '';
      if (id && held.has(id)) errors.push(SANDBOX_ERRORS.duplicateMessageId);
      received.push({ messageId: id, xml });
      const tbao = { MTDiep: id, MNGui: h?.MNGui ?? '', NNhan: isoNow(), TTTNhan: errors.length ? '1' : '0' };
      const receipt = answer(MESSAGE_TYPES.technicalReceipt, id, h?.MST ?? '', {
        TBao: { ...tbao, ...list(errors, 'MTa') },
      });
      if (errors.length || !parsed || !h) return receipt;
      const rejected = invoiceErrors(h.MST, node(parsed.data.HDon));
      const notice = {
        PBan: MESSAGE_VERSION,
        MSo: '01/TB-KTDL',
        Ten: 'Thông báo về việc kết quả kiểm tra dữ liệu hóa đơn điện tử',
        So: id.slice(-12),
        DDanh: 'Sandbox',
        NTBao: isoNow().slice(0, 10),
        MST: h.MST,
        TNNT: text(node(node(node(node(parsed.data.HDon).DLHDon).NDHDon).NBan).Ten),
        TGGui: isoNow(),
        LTBao: rejected.length ? '3' : RESULT_VALID,
        CCu: 'Thông điệp gửi hóa đơn khởi tạo từ máy tính tiền (206)',
        SLuong: '1',
        ...(rejected.length ? { LHDMTTien: list(rejected, 'MTLoi') } : {}),
      };
      held.set(id, { receipt, result: answer(MESSAGE_TYPES.checkResult, id, h.MST, { TBao: { DLTBao: notice } }) });
      return receipt;
    },
    async lookup(messageId) {
      await Promise.resolve();
      reachable();
      return held.get(messageId) ?? null;
    },
  };
}
