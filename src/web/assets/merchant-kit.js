// Shared by the stall app's parts: the state, small DOM helpers, messages by error code and the API call.
import { api, t, vnd } from '/assets/common.js';
import { vietnamDay } from '/assets/shared/vietnam-time.js';
import { errorMessage } from '/assets/shared/errors.js';
import { pick } from '/assets/shared/language.js';
import { signOut } from '/assets/merchant.js';

// ---------- State and small helpers ----------
export const $ = (id) => document.getElementById(id);
export const KEY = 'merchantKey';
export const state = {
  key: '',
  merchant: null,
  digits: '',
  request: null,
  day: '',
  sales: new Map(),
  notes: [],
  fresh: new Set(),
  seen: new Set(),
  seenRefunds: new Set(),
  invoices: [],
  invoicesCursor: null,
  invoicesStale: true,
  view: 'sell',
};
/**
 * The websocket's state (merchant-live.js runs it). Kept here so the keypad's modules can read it without loading
 * the live feed's code, which comes after the keypad works (merchant.js).
 */
export const live = { socket: null, connected: false, attempt: 0, timer: null, lastSeen: 0, tries: 0 };
export const vnDay = () => vietnamDay(new Date());
export const clock = (iso) =>
  new Date(iso).toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' });
export const uid = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
export const methodName = (m) =>
  ({
    bank_qr: t('Chuyển khoản', 'Bank transfer'),
    mobile_money: t('Ví điện tử', 'Mobile money'),
    cash: t('Tiền mặt', 'Cash'),
  })[m] ?? m;
export const show = (el, on = true) => el.classList.toggle('hidden', !on);

export function h(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

let toastTimer;
export function toast(text) {
  $('toast').textContent = text;
  show($('toast'));
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => show($('toast'), false), 3500);
}

// This page's error codes; the rest fall back to the server's own message.
const ERROR_TEXTS = {
  amount_too_large: ['Số tiền vượt mức tối đa cho một giao dịch.', 'More than the largest amount for one sale.'],
  refund_exceeds_sale: ['Số tiền hoàn lớn hơn số còn lại của giao dịch.', 'More than what is left of the sale.'],
};

export function errorText(error) {
  if (!error.status) return t('Mất kết nối mạng, thử lại.', 'No network connection, try again.');
  // The server says how much can still be refunded (another phone may have refunded part meanwhile).
  const refundable = error.data?.error?.details?.refundable;
  if (error.code === 'refund_exceeds_sale' && Number.isFinite(refundable)) {
    return `${pick(ERROR_TEXTS.refund_exceeds_sale)} ${t(`Chỉ còn hoàn được ${vnd(refundable)}.`, `At most ${vnd(refundable)} can still be refunded.`)}`;
  }
  return errorMessage(error.code, { texts: ERROR_TEXTS, fallback: error.message });
}

/**
 * The API with this stall's key; POSTs carry an Idempotency-Key and are retried on a dropped connection.
 * `idempotent` is true (a fresh key) or the key itself (a queued cash sale sends the one stored with it).
 */
export async function call(path, { idempotent = false, ...options } = {}) {
  const headers = idempotent ? { 'idempotency-key': typeof idempotent === 'string' ? idempotent : uid() } : {};
  for (let attempt = 0; ; attempt++) {
    try {
      return await api(path, { ...options, token: state.key, headers });
    } catch (error) {
      if (error.status === 401)
        signOut(t('Khóa đã hết hiệu lực, hãy đăng nhập lại.', 'This key no longer works; sign in again.'));
      if (idempotent && !error.status && attempt < 2) {
        await new Promise((r) => setTimeout(r, 800 * (attempt + 1)));
        continue;
      }
      throw error;
    }
  }
}
