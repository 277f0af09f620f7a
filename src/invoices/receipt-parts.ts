// The parts of the receipt page that make it read like a Vietnamese document: dates as `07/12/2026 10:29` in Vietnam
// time, an adjusting invoice's decrease shown negative with the refund's reason, and the links between an invoice and
// the invoices that replaced, adjusted or were replaced by it (all of one sale). receipt.ts puts them in place.

import { vietnamDateTime } from '../time/index.js';

export const esc = (s: string | null | undefined) =>
  (s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const vnd = (n: number) => `${n.toLocaleString('vi-VN')} đ`;

/** A date and time as the receipt prints it (Vietnam time, day first, to the minute): `07/12/2026 10:29`. */
export const receiptDate = (at: Date | string) => vietnamDateTime(at);

/**
 * How an amount of the invoice is printed. An adjusting invoice here only ever decreases (it is a refund's), and its
 * stored lines and totals are the positive amounts taken back: the receipt prints them negative, as the decrease they
 * are. Zero stays 0 (never "-0").
 */
export const amountOf = (decrease: boolean) => (n: number) => vnd(decrease && n !== 0 ? -n : n);

/** Another invoice of the same sale, as the receipt names and links it. */
export interface RelatedReceipt {
  lookupCode: string;
  template: string;
  series: string;
  number: number;
  issuedAt: string;
  total: number;
}

/** The invoices around this one: what it replaces or adjusts, and what replaced or adjusted it. */
export interface ReceiptRelations {
  /** The invoice this one replaces or adjusts. */
  original?: RelatedReceipt;
  /** The invoice that replaced this one. */
  replacement?: RelatedReceipt;
  /** The adjusting invoices (refunds) issued against this one, oldest first. */
  adjustments: RelatedReceipt[];
  /** On an adjusting invoice: why the stall made the refund, as it wrote it (null when it gave none). */
  refundReason?: string | null;
}

const link = (r: RelatedReceipt) =>
  `<a href="/i/${esc(encodeURIComponent(r.lookupCode))}">${esc(r.template)}${esc(r.series)} số ${r.number}</a>`;

/** The line under the invoice's number on a replacement or an adjustment: the invoice it refers to, linked. */
export function refersToHtml(kind: string, doc: { replaces?: unknown; adjusts?: unknown }, r: ReceiptRelations) {
  if (kind === 'original' || !r.original) return '';
  const what = doc.replaces ? 'Thay thế hóa đơn' : 'Điều chỉnh giảm cho hóa đơn';
  const en = doc.replaces ? 'Replaces invoice' : 'Decreases invoice';
  const o = r.original;
  return `<p class="c related" id="refers-to">${what} ${link(o)} lập ngày ${receiptDate(o.issuedAt)}<br><small lang="en">${en} ${esc(o.template)}${esc(o.series)} no. ${o.number}</small></p>`;
}

/** On an adjusting invoice: that it is a decrease, and the refund's reason. */
export function adjustmentReasonHtml(kind: string, r: ReceiptRelations) {
  if (kind !== 'adjustment') return '';
  const reason = r.refundReason?.trim();
  return `<p id="adjustment-reason"><b>Lý do điều chỉnh:</b> hoàn tiền cho người mua${reason ? ` — ${esc(reason)}` : ''}<br><small lang="en">Reason: refund to the buyer${reason ? '' : ' (no reason given)'}. Amounts below are the decrease.</small></p>`;
}

/** On an invoice that was replaced or adjusted: that it was, plainly, with links to the newer invoices. */
export function supersededHtml(status: string, r: ReceiptRelations) {
  let out = '';
  if (status === 'replaced') {
    const by = r.replacement
      ? ` bởi hóa đơn ${link(r.replacement)} lập ngày ${receiptDate(r.replacement.issuedAt)}`
      : '';
    out += `<p class="warn" id="replaced-by"><b>Hóa đơn này đã bị thay thế</b>${by}. Hóa đơn thay thế là hóa đơn có giá trị.<br><small lang="en">This invoice was replaced${r.replacement ? ' (see the link)' : ''}; the replacement is the one in force.</small></p>`;
  }
  if (r.adjustments.length > 0) {
    const items = r.adjustments
      .map((a) => `<li>${link(a)} lập ngày ${receiptDate(a.issuedAt)}: ${vnd(a.total === 0 ? 0 : -a.total)}</li>`)
      .join('');
    out += `<div class="warn" id="adjusted-by"><b>Hóa đơn này đã được điều chỉnh giảm</b> (hoàn tiền) bởi:<ul>${items}</ul><small lang="en">This invoice was decreased (refunded) by the adjusting invoice(s) above.</small></div>`;
  }
  return out;
}

/** The sale's time, when it is not the minute the invoice was issued (a later replacement or adjustment, a delay). */
export function soldAtHtml(issuedAt: string, soldAt: string | undefined) {
  if (!soldAt || receiptDate(soldAt) === receiptDate(issuedAt)) return '';
  return `<br>Thời điểm bán: ${receiptDate(soldAt)}`;
}
