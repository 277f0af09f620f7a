// Shared by the /admin views: the page state, small DOM helpers, messages by error code, the staff API call and
// downloads.
import { api, t, withPageNonce } from '/assets/common.js';
import { apiResponse } from '/assets/shared/fetch.js';
import { vietnamDay } from '/assets/shared/vietnam-time.js';

export const $ = (id) => document.getElementById(id);
export const TOKEN_KEY = 'staffToken';
export const state = {
  token: '',
  view: 'onboard',
  stallsCursor: null,
  stallsShown: 0,
  reviewCursor: null,
  allStalls: null,
  banks: [],
};
export const show = (el, on = true) => el.classList.toggle('hidden', !on);
const uid = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
export const when = (iso) =>
  new Date(iso).toLocaleString('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
export const vnDay = (offsetDays = 0) => vietnamDay(new Date(Date.now() + offsetDays * 86_400_000));

export function h(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** A table cell that names its column: on a phone the rows stack into cards and show the name (CSS attr(data-label)). */
export function cell(label, { className = '', textContent } = {}, ...children) {
  // One child: in the stacked layout the label is the first grid column and everything else the second.
  const td = h('td', { className }, h('div', {}, ...(textContent !== undefined ? [textContent] : []), ...children));
  if (label) td.dataset.label = label;
  return td;
}

/** Shows a message; a [vi, en] pair is kept on the element (data-vi / data-en) so the language toggle re-renders it. */
export function message(el, text, kind = 'err') {
  el.className = `msg ${kind}`;
  if (Array.isArray(text)) {
    [el.dataset.vi, el.dataset.en] = text;
    el.textContent = t(...text);
  } else {
    delete el.dataset.vi;
    delete el.dataset.en;
    el.textContent = text;
  }
}

let toastTimer;
function toast(text) {
  $('toast').textContent = text;
  show($('toast'));
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => show($('toast'), false), 3000);
}

export const CATEGORIES = {
  food: ['Ẩm thực', 'Food'],
  drinks: ['Đồ uống', 'Drinks'],
  specialties: ['Đặc sản địa phương', 'Local specialties'],
  souvenirs: ['Quà lưu niệm', 'Souvenirs'],
  clothing: ['Quần áo', 'Clothing'],
  crafts: ['Thủ công mỹ nghệ', 'Crafts'],
  other: ['Khác', 'Other'],
};
export const OUTCOMES = {
  unmatched: ['Không khớp', 'Unmatched'],
  underpaid: ['Chuyển thiếu', 'Underpaid'],
  overpaid: ['Chuyển thừa', 'Overpaid'],
  late: ['Trả muộn', 'Late'],
  duplicate: ['Trả hai lần', 'Duplicate'],
  matched: ['Đã khớp', 'Matched'],
};
// Used when the sandbox bank (and its list of institutions) is switched off.
export const COMMON_BANKS = [
  ['970436', 'Vietcombank'],
  ['970415', 'VietinBank'],
  ['970418', 'BIDV'],
  ['970405', 'Agribank'],
  ['970407', 'Techcombank'],
  ['970422', 'MB Bank'],
  ['970416', 'ACB'],
  ['970432', 'VPBank'],
  ['970403', 'Sacombank'],
  ['970423', 'TPBank'],
  ['971025', 'MoMo', 'wallet'],
  ['971005', 'Viettel Money', 'wallet'],
  ['971011', 'VNPT Money', 'wallet'],
].map(([bin, shortName, kind = 'bank']) => ({ bin, shortName, kind }));

// The server speaks English; staff read Vietnamese. Its stable error codes choose the text (src/http/errors.ts,
// src/merchants, src/payments, src/auth); an unknown code falls back to the server's own message.
const ERROR_TEXTS = {
  stall_code_taken: ['Mã quầy này đã được đăng ký.', 'This stall code is already onboarded.'],
  tax_code_required: [
    'Cần mã số thuế của quầy: hóa đơn nào cũng ghi.',
    "The stall's tax code (MST) is required: every invoice names it.",
  ],
  address_required: [
    'Cần địa chỉ của quầy: hóa đơn nào cũng ghi.',
    "The stall's address is required: every invoice names it.",
  ],
  invalid_tax_code: ['Mã số thuế không hợp lệ (sai số kiểm tra).', 'The tax code (MST) check digit does not match.'],
  unknown_bin: ['Không có ngân hàng / ví với mã BIN này.', 'No bank or wallet has this BIN.'],
  unknown_ward: [
    'Không có phường / xã này trong danh mục chính thức: chọn trong danh sách.',
    'Not an official ward or commune: pick one from the list.',
  ],
  unknown_province: ['Không có tỉnh / thành phố này.', 'No such province.'],
  forbidden: ['Mã này không có quyền làm việc này.', 'This token may not do that.'],
  payment_already_resolved: ['Khoản tiền này đã được xử lý.', 'This payment was already resolved.'],
  validation_failed: [
    'Thông tin chưa hợp lệ: xem các ô được đánh dấu.',
    'Some fields are not valid: see the marked fields.',
  ],
  not_found: ['Không tìm thấy (có thể đã bị xóa).', 'Not found (it may have been removed).'],
  invalid_token: ['Mã cán bộ không còn hiệu lực.', 'The staff token no longer works.'],
  unauthorized: ['Mã cán bộ không còn hiệu lực.', 'The staff token no longer works.'],
  rate_limited: ['Quá nhiều yêu cầu: đợi một lát rồi thử lại.', 'Too many requests: wait a moment and try again.'],
  invalid_cursor: ['Danh sách đã thay đổi: bấm Tải lại.', 'The list changed: press Reload.'],
  payload_too_large: ['Dữ liệu gửi lên quá lớn.', 'What was sent is too large.'],
  internal_error: [
    'Máy chủ gặp lỗi (đã được ghi lại): thử lại sau.',
    'The server failed (it was logged): try again later.',
  ],
};

/** [vi, en] for an API error. */
export function errorPair(error) {
  if (!error.status) return ['Mất kết nối mạng, thử lại.', 'No network connection, try again.'];
  return ERROR_TEXTS[error.code] ?? [error.message, error.message];
}
export const errorText = (error) => t(...errorPair(error));

// What each onboarding field must be (merchants.schemas.ts), said when the server refuses the field...
const FIELD_RULES = {
  stallCode: [
    'Mã quầy gồm 2–4 chữ cái, dấu gạch ngang và 1–5 chữ số, ví dụ KD-012.',
    'A stall code is 2–4 letters, a dash and 1–5 digits, e.g. KD-012.',
  ],
  name: ['Nhập tên quầy (tối đa 120 ký tự).', 'Give the stall name (at most 120 characters).'],
  category: ['Chọn một ngành hàng trong danh sách.', 'Choose a category from the list.'],
  ward: [
    'Chọn phường / xã trong danh mục chính thức (tên hoặc mã 5 chữ số).',
    'Pick the ward or commune from the official list (name or five-digit code).',
  ],
  'payout.bin': ['Chọn một ngân hàng / ví trong danh sách.', 'Choose a bank or wallet from the list.'],
  'payout.accountNumber': [
    'Số tài khoản / số ví gồm 6–19 chữ số, không có chữ cái hay dấu.',
    'An account or wallet number is 6–19 digits, nothing else.',
  ],
  taxMethod: ['Chọn phương pháp thuế.', 'Choose a tax method.'],
  taxCode: [
    'Mã số thuế gồm 10 chữ số (chi nhánh thêm -001…), tối đa 14 ký tự.',
    'A tax code (MST) is 10 digits (a branch adds -001…), 14 characters at most.',
  ],
  address: ['Địa chỉ tối đa 250 ký tự.', 'The address is at most 250 characters.'],
};
// ...or, where the server's field message says more than the rule (merchants.service.ts), that.
const FIELD_MESSAGES = {
  'payout.bin: unknown BIN': ['Không có ngân hàng / ví với mã BIN này.', 'No bank or wallet has this BIN.'],
  'taxCode: invalid MST': [
    'Mã số thuế không hợp lệ (sai số kiểm tra).',
    'The tax code (MST) check digit does not match.',
  ],
};
export const fieldPair = (field, text) => FIELD_MESSAGES[`${field}: ${text}`] ?? FIELD_RULES[field] ?? [text, text];

// A repeated request (same Idempotency-Key) gets the first answer without its key or token: the server never keeps
// them. Say so, and how to get a new one, rather than show "null".
export const shownOnce = (secret) =>
  secret ??
  t('(đã cấp trong một câu trả lời bị mất: hãy cấp lại)', '(issued in an answer that was lost: issue a new one)');

export async function call(path, { idempotent = false, ...options } = {}) {
  try {
    return await api(path, { ...options, token: state.token, headers: idempotent ? { 'idempotency-key': uid() } : {} });
  } catch (error) {
    if (error.status === 401) signOut(t('Mã cán bộ không còn hiệu lực.', 'The staff token no longer works.'));
    throw error;
  }
}

/** Downloads an authorised file (CSV, poster) through fetch, since links cannot carry the bearer token. */
async function fetchBlob(path) {
  const res = await apiResponse(path, { token: state.token });
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '')?.[1];
  return { blob: await res.blob(), name };
}

export async function download(path, fallbackName) {
  const { blob, name } = await fetchBlob(path);
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name || fallbackName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export async function openPoster(merchant) {
  const win = window.open('', '_blank'); // inside the click, so popup blockers let it through
  try {
    const { blob } = await fetchBlob(merchant.links.poster);
    const url = URL.createObjectURL(new Blob([withPageNonce(await blob.text())], { type: 'text/html;charset=utf-8' }));
    if (win) win.location.href = url;
    else location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    win?.close();
    toast(errorText(error));
  }
}

export async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Plain http on a LAN has no clipboard API: fall back to a selection copy.
    const area = h('textarea', { value: text });
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  button.textContent = t('Đã chép ✓', 'Copied ✓');
  setTimeout(() => {
    button.textContent = t('Sao chép', 'Copy');
  }, 2000);
}

/** Forgets the token and reloads to the sign-in form, saying why when there is a reason. */
export function signOut(text = '') {
  state.token = '';
  localStorage.removeItem(TOKEN_KEY);
  if (text) sessionStorage.setItem('signOutMessage', text);
  location.replace(location.pathname);
}
