import type { InvoiceDocument } from '../db/index.js';
import {
  adjustmentReasonHtml,
  amountOf,
  esc,
  receiptDate,
  refersToHtml,
  soldAtHtml,
  supersededHtml,
  type ReceiptRelations,
} from './receipt-parts.js';

const kindTitle = { original: '', replacement: 'Hóa đơn thay thế', adjustment: 'Hóa đơn điều chỉnh' } as const;

/** The fields of the buyer form, in the order shown. */
export const BUYER_FORM_FIELDS = ['name', 'taxCode', 'address', 'email'] as const;
export type BuyerFormField = (typeof BUYER_FORM_FIELDS)[number];

/** Each field's visible label (its input's id is `buyer-<field>`), Vietnamese with the English beside it. */
const FIELD_LABELS: Record<BuyerFormField, { vi: string; en: string }> = {
  name: { vi: 'Tên người mua / công ty', en: 'Name or company' },
  taxCode: { vi: 'Mã số thuế (nếu có)', en: 'Tax code, if any' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  email: { vi: 'Email', en: 'Email' },
};

/** A message for the buyer, Vietnamese first with the English beside it; `field` is the input it is about. */
export interface ReceiptMessage {
  vi: string;
  en: string;
  field?: BuyerFormField;
  /** A receipt the message points to (the replacement of an already replaced invoice). */
  link?: { lookupCode: string; vi: string; en: string };
}

/** When a submitted buyer form is shown again: what the buyer typed and what was wrong with it. */
export interface BuyerFormState {
  values: Partial<Record<BuyerFormField, string>>;
  error: ReceiptMessage;
}

/** Why a sale refunded in full gets no replacement: the refused form's message, and the receipt's note. */
export const FULLY_REFUNDED_MESSAGE: ReceiptMessage = {
  vi: 'Đơn hàng này đã được hoàn tiền toàn bộ (xem hóa đơn điều chỉnh), nên không thể xuất lại hóa đơn có thông tin người mua.',
  en: 'This sale was refunded in full (see the adjusting invoice), so the invoice cannot be reissued with buyer details.',
};

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

function messageHtml(m: ReceiptMessage): string {
  const href = m.link ? `/i/${encodeURIComponent(m.link.lookupCode)}` : '';
  const vi = m.link ? ` <a href="${esc(href)}">${esc(m.link.vi)}</a>` : '';
  const en = m.link ? ` <a href="${esc(href)}">${esc(m.link.en)}</a>` : '';
  return `<p class="error" role="alert" id="buyer-error">${esc(m.vi)}${vi}<br><small lang="en">${esc(m.en)}${en}</small></p>`;
}

/**
 * The receipt a buyer looks up: fits 58/80 mm thermal paper (narrow, one column) and A5, with a QR that links back
 * here. A form lets the buyer ask for their details on the invoice (which replaces it).
 */
export function receiptHtml(
  doc: InvoiceDocument,
  opts: {
    kind: keyof typeof kindTitle;
    status: string;
    qrSvg: string;
    relations?: ReceiptRelations;
    /** When the sale took place (ISO 8601): printed when it is not the minute the invoice was issued. */
    soldAt?: string;
    fullyRefunded?: boolean;
    form?: BuyerFormState;
    test?: boolean;
  },
): string {
  const title = doc.template === '1' ? 'HÓA ĐƠN GIÁ TRỊ GIA TĂNG' : 'HÓA ĐƠN BÁN HÀNG';
  const relations = opts.relations ?? { adjustments: [] };
  const decrease = opts.kind === 'adjustment';
  const vnd = amountOf(decrease);
  const lines = doc.lines
    .map(
      (l) =>
        `<tr><td>${l.no}. ${esc(l.name)}<br><small>${l.quantity} ${esc(l.unit)} × ${vnd(l.unitPrice)}${l.vatRate ? ` · VAT ${esc(l.vatRate)}` : ''}</small></td><td class="r">${vnd(l.amount)}</td></tr>`,
    )
    .join('');
  const vatRows =
    doc.template === '1'
      ? doc.totals.byRate
          .map(
            (r) =>
              `<tr><td>Thuế GTGT ${esc(r.rate)} (trên ${vnd(r.beforeVat)})</td><td class="r">${vnd(r.vat)}</td></tr>`,
          )
          .join('') + `<tr><td>Cộng tiền hàng chưa thuế</td><td class="r">${vnd(doc.totals.beforeVat)}</td></tr>`
      : '';
  const buyer = doc.buyer
    ? `<section class="buyer"><b>Người mua:</b> ${esc(doc.buyer.name)}${doc.buyer.taxCode ? `<br>MST: ${esc(doc.buyer.taxCode)}` : ''}${doc.buyer.address ? `<br>${esc(doc.buyer.address)}` : ''}</section>`
    : '';
  const banner = supersededHtml(opts.status, relations);
  // A sale refunded in full cannot be reissued (replaceWithBuyer refuses it): no form, and a note saying why.
  const formShown = opts.status === 'issued' && opts.kind !== 'adjustment' && !opts.fullyRefunded;
  // A submitted form that cannot be shown again (the invoice was replaced, or the sale refunded) still says what went wrong.
  const topError = opts.form && !formShown ? messageHtml(opts.form.error) : '';
  const refundedNote =
    opts.fullyRefunded && !topError
      ? `<p class="warn" id="fully-refunded">${esc(FULLY_REFUNDED_MESSAGE.vi)}<br><small lang="en">${esc(FULLY_REFUNDED_MESSAGE.en)}</small></p>`
      : '';
  const input = (field: BuyerFormField, attrs: string) => {
    const value = opts.form?.values[field];
    const invalid =
      opts.form?.error.field === field ? ' aria-invalid="true" aria-describedby="buyer-error" autofocus' : '';
    const label = FIELD_LABELS[field];
    return `<label for="buyer-${field}">${esc(label.vi)} <small lang="en">(${esc(label.en)})</small></label>
    <input name="${field}" id="buyer-${field}" ${attrs}${value ? ` value="${esc(value)}"` : ''}${invalid}>`;
  };
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} ${esc(doc.series)} số ${doc.number}</title>
<style>
  @page { size: auto; margin: 4mm; }
  body { font-family: system-ui, "Noto Sans", sans-serif; margin: 0 auto; max-width: 80mm; padding: 3mm; font-size: 12px; color: #000; }
  @media (min-width: 600px) { body { max-width: 148mm; font-size: 14px; } }
  h1 { font-size: 1.15em; text-align: center; margin: .3em 0; } .c { text-align: center; } .r { text-align: right; white-space: nowrap; }
  table { width: 100%; border-collapse: collapse; } td { padding: 2px 0; vertical-align: top; border-bottom: 1px dotted #999; }
  .total td { font-weight: 700; font-size: 1.15em; border-bottom: 0; } .words { font-style: italic; }
  .qr svg { width: 32mm; height: 32mm; } .warn, .error { background: #fee; padding: .4em; } small { color: #333; }
  .error { border-left: 3px solid #b00; color: #600; } [aria-invalid="true"] { border: 2px solid #b00; }
  form { margin-top: 1em; } form label { display: block; margin-top: .5em; font-weight: 600; }
  form input { width: 100%; box-sizing: border-box; margin: 2px 0; padding: 4px; } .related a, .warn a { font-weight: 700; }
  @media print { form, .no-print { display: none; } }
</style></head>
<body>
  ${opts.test ? '<p class="warn test-money" role="alert"><b>HÓA ĐƠN THỬ NGHIỆM</b>: thanh toán bằng tiền thử của ngân hàng sandbox, không phải tiền thật. <small>(Test invoice: paid with sandbox test money, not real money.)</small></p>' : ''}
  <p class="c"><b>${esc(doc.seller.name)}</b>${doc.seller.taxCode ? `<br>MST: ${esc(doc.seller.taxCode)}` : ''}${doc.seller.address ? `<br>${esc(doc.seller.address)}` : ''}</p>
  <h1>${esc(title)}</h1>
  <p class="c">(Khởi tạo từ máy tính tiền)${opts.kind !== 'original' ? `<br><b>${kindTitle[opts.kind]}</b>` : ''}<br>
  Ký hiệu: ${esc(doc.template)}${esc(doc.series)} · Số: ${doc.number}<br>${doc.taxAuthorityCode ? `Mã của cơ quan thuế: <span class="mccqt">${esc(doc.taxAuthorityCode)}</span><br>` : ''}Ngày lập: ${receiptDate(doc.issuedAt)}${soldAtHtml(doc.issuedAt, opts.soldAt)}</p>
  ${refersToHtml(opts.kind, doc, relations)}${adjustmentReasonHtml(opts.kind, relations)}
  ${banner}${refundedNote}${topError}${buyer}
  <table>${lines}${vatRows}<tr class="total"><td>${decrease ? 'Tổng cộng điều chỉnh giảm' : 'Tổng cộng'}</td><td class="r">${vnd(doc.totals.total)}</td></tr></table>
  <p class="words">Bằng chữ: ${decrease ? `Giảm ${esc(lowerFirst(doc.totals.totalInWords))}` : esc(doc.totals.totalInWords)}</p>
  <p>Thanh toán: ${doc.paymentMethod === 'TM' ? 'Tiền mặt (TM)' : 'Chuyển khoản (CK)'}</p>
  <div class="c qr">${opts.qrSvg}<br><small>Tra cứu: ${esc(doc.lookupUrl)}<br>Mã tra cứu: ${esc(doc.lookupCode)}</small></div>
  <p class="c no-print"><a href="/i/${esc(doc.lookupCode)}.xml">XML</a> · <a href="/i/${esc(doc.lookupCode)}.json">JSON</a> · <a href="#" id="print">In</a></p>
  <script type="module" src="/assets/print-button.js"></script>
  ${
    formShown
      ? `<form method="post" action="/i/${esc(doc.lookupCode)}/buyer" id="buyer-form">
    <b>Cần xuất hóa đơn có thông tin người mua?</b> <small>(Need your details on the invoice?)</small>
    ${opts.form ? messageHtml(opts.form.error) : ''}
    ${input('name', 'required maxlength="200" autocomplete="name"')}
    ${input('taxCode', 'maxlength="14"')}
    ${input('address', 'maxlength="300" autocomplete="street-address"')}
    ${input('email', 'type="email" maxlength="200" autocomplete="email"')}
    <button type="submit">Xuất lại hóa đơn</button>
  </form>`
      : ''
  }
</body></html>`;
}

/** The answer to a browser for a lookup code that is unknown or not a lookup code at all. */
export function receiptNotFoundHtml(): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Không tìm thấy hóa đơn</title>
<style>body { font-family: system-ui, "Noto Sans", sans-serif; margin: 2em auto; max-width: 32em; padding: 0 1em; } small { color: #333; }</style>
</head><body>
  <h1>Không tìm thấy hóa đơn</h1>
  <p>Mã tra cứu không đúng hoặc hóa đơn không tồn tại. Vui lòng kiểm tra lại đường dẫn hoặc quét lại mã QR trên hóa đơn.</p>
  <p lang="en"><small>Invoice not found: the lookup code is wrong or no such invoice exists. Check the link, or scan the QR code on the receipt again.</small></p>
</body></html>`;
}
