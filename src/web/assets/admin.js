// Staff pages (/admin): onboard stalls, list them, review payments that did not match, exports, staff accounts.
// The staff token is pasted once and shared with /admin/activations through localStorage.
import { api, setupLanguageToggle, t, vnd, withPageNonce } from '/assets/common.js';
import { apiResponse } from '/assets/shared/fetch.js';
import { vietnamDay } from '/assets/shared/vietnam-time.js';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'staffToken';
const state = { token: '', view: 'onboard', stallsCursor: null, stallsShown: 0, reviewCursor: null, allStalls: null, banks: [] };
const show = (el, on = true) => el.classList.toggle('hidden', !on);
const uid = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
const when = (iso) => new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
const vnDay = (offsetDays = 0) => vietnamDay(new Date(Date.now() + offsetDays * 86_400_000));

function h(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** A table cell that names its column: on a phone the rows stack into cards and show the name (CSS attr(data-label)). */
function cell(label, { className = '', textContent } = {}, ...children) {
  // One child: in the stacked layout the label is the first grid column and everything else the second.
  const td = h('td', { className }, h('div', {}, ...(textContent !== undefined ? [textContent] : []), ...children));
  if (label) td.dataset.label = label;
  return td;
}

/** Shows a message; a [vi, en] pair is kept on the element (data-vi / data-en) so the language toggle re-renders it. */
function message(el, text, kind = 'err') {
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

const CATEGORIES = {
  food: ['Ẩm thực', 'Food'], drinks: ['Đồ uống', 'Drinks'], specialties: ['Đặc sản địa phương', 'Local specialties'],
  souvenirs: ['Quà lưu niệm', 'Souvenirs'], clothing: ['Quần áo', 'Clothing'], crafts: ['Thủ công mỹ nghệ', 'Crafts'], other: ['Khác', 'Other'],
};
const OUTCOMES = {
  unmatched: ['Không khớp', 'Unmatched'], underpaid: ['Chuyển thiếu', 'Underpaid'], overpaid: ['Chuyển thừa', 'Overpaid'],
  late: ['Trả muộn', 'Late'], duplicate: ['Trả hai lần', 'Duplicate'], matched: ['Đã khớp', 'Matched'],
};
// Used when the sandbox bank (and its list of institutions) is switched off.
const COMMON_BANKS = [
  ['970436', 'Vietcombank'], ['970415', 'VietinBank'], ['970418', 'BIDV'], ['970405', 'Agribank'], ['970407', 'Techcombank'],
  ['970422', 'MB Bank'], ['970416', 'ACB'], ['970432', 'VPBank'], ['970403', 'Sacombank'], ['970423', 'TPBank'],
  ['971025', 'MoMo', 'wallet'], ['971005', 'Viettel Money', 'wallet'], ['971011', 'VNPT Money', 'wallet'],
].map(([bin, shortName, kind = 'bank']) => ({ bin, shortName, kind }));

// The server speaks English; staff read Vietnamese. Its stable error codes choose the text (src/http/errors.ts,
// src/merchants, src/payments, src/auth); an unknown code falls back to the server's own message.
const ERROR_TEXTS = {
  stall_code_taken: ['Mã quầy này đã được đăng ký.', 'This stall code is already onboarded.'],
  invalid_tax_code: ['Mã số thuế không hợp lệ (sai số kiểm tra).', 'The tax code (MST) check digit does not match.'],
  unknown_bin: ['Không có ngân hàng / ví với mã BIN này.', 'No bank or wallet has this BIN.'],
  forbidden: ['Mã này không có quyền làm việc này.', 'This token may not do that.'],
  payment_already_resolved: ['Khoản tiền này đã được xử lý.', 'This payment was already resolved.'],
  validation_failed: ['Thông tin chưa hợp lệ: xem các ô được đánh dấu.', 'Some fields are not valid: see the marked fields.'],
  not_found: ['Không tìm thấy (có thể đã bị xóa).', 'Not found (it may have been removed).'],
  invalid_token: ['Mã cán bộ không còn hiệu lực.', 'The staff token no longer works.'],
  unauthorized: ['Mã cán bộ không còn hiệu lực.', 'The staff token no longer works.'],
  rate_limited: ['Quá nhiều yêu cầu: đợi một lát rồi thử lại.', 'Too many requests: wait a moment and try again.'],
  invalid_cursor: ['Danh sách đã thay đổi: bấm Tải lại.', 'The list changed: press Reload.'],
  payload_too_large: ['Dữ liệu gửi lên quá lớn.', 'What was sent is too large.'],
  internal_error: ['Máy chủ gặp lỗi (đã được ghi lại): thử lại sau.', 'The server failed (it was logged): try again later.'],
};

/** [vi, en] for an API error. */
function errorPair(error) {
  if (!error.status) return ['Mất kết nối mạng, thử lại.', 'No network connection, try again.'];
  return ERROR_TEXTS[error.code] ?? [error.message, error.message];
}
const errorText = (error) => t(...errorPair(error));

// What each onboarding field must be (merchants.schemas.ts), said when the server refuses the field...
const FIELD_RULES = {
  stallCode: ['Mã quầy gồm 2–4 chữ cái, dấu gạch ngang và 1–5 chữ số, ví dụ KD-012.', 'A stall code is 2–4 letters, a dash and 1–5 digits, e.g. KD-012.'],
  name: ['Nhập tên quầy (tối đa 120 ký tự).', 'Give the stall name (at most 120 characters).'],
  category: ['Chọn một ngành hàng trong danh sách.', 'Choose a category from the list.'],
  ward: ['Nhập phường / xã (tối đa 80 ký tự).', 'Give the ward or commune (at most 80 characters).'],
  'payout.bin': ['Chọn một ngân hàng / ví trong danh sách.', 'Choose a bank or wallet from the list.'],
  'payout.accountNumber': ['Số tài khoản / số ví gồm 6–19 chữ số, không có chữ cái hay dấu.', 'An account or wallet number is 6–19 digits, nothing else.'],
  taxMethod: ['Chọn phương pháp thuế.', 'Choose a tax method.'],
  taxCode: ['Mã số thuế gồm 10 chữ số (chi nhánh thêm -001…), tối đa 14 ký tự.', 'A tax code (MST) is 10 digits (a branch adds -001…), 14 characters at most.'],
  address: ['Địa chỉ tối đa 250 ký tự.', 'The address is at most 250 characters.'],
};
// ...or, where the server's field message says more than the rule (merchants.service.ts), that.
const FIELD_MESSAGES = {
  'payout.bin: unknown BIN': ['Không có ngân hàng / ví với mã BIN này.', 'No bank or wallet has this BIN.'],
  'taxCode: invalid MST': ['Mã số thuế không hợp lệ (sai số kiểm tra).', 'The tax code (MST) check digit does not match.'],
};
const fieldPair = (field, text) => FIELD_MESSAGES[`${field}: ${text}`] ?? FIELD_RULES[field] ?? [text, text];

// A repeated request (same Idempotency-Key) gets the first answer without its key or token: the server never keeps
// them. Say so, and how to get a new one, rather than show "null".
const shownOnce = (secret) => secret ?? t('(đã cấp trong một câu trả lời bị mất: hãy cấp lại)', '(issued in an answer that was lost: issue a new one)');

async function call(path, { idempotent = false, ...options } = {}) {
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

async function download(path, fallbackName) {
  const { blob, name } = await fetchBlob(path);
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name || fallbackName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

async function openPoster(merchant) {
  const win = window.open('', '_blank'); // inside the click, so popup blockers let it through
  try {
    const { blob } = await fetchBlob(merchant.links.poster);
    const url = URL.createObjectURL(new Blob([withPageNonce(await blob.text())], { type: 'text/html;charset=utf-8' }));
    if (win) win.location.href = url; else location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    win?.close();
    toast(errorText(error));
  }
}

async function copy(text, button) {
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
  setTimeout(() => { button.textContent = t('Sao chép', 'Copy'); }, 2000);
}

// ---------- Sign in ----------
async function signIn(token) {
  await api('/api/v1/merchants?limit=1', { token }); // any staff route proves the token
  state.token = token;
  localStorage.setItem(TOKEN_KEY, token);
  show($('login'), false);
  show($('app'));
  show($('sign-out'));
  await loadBanks();
  setView(location.hash.slice(1) || 'onboard');
}

function signOut(text = '') {
  state.token = '';
  localStorage.removeItem(TOKEN_KEY);
  if (text) sessionStorage.setItem('signOutMessage', text);
  location.replace(location.pathname);
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  message($('login-error'), '');
  try {
    await signIn($('token').value.trim());
    $('token').value = '';
  } catch (error) {
    const text = error.status === 401 ? t('Mã không đúng.', 'The token is not valid.')
      : error.status === 403 ? t('Đây là khóa của quầy, không phải mã cán bộ.', 'This is a stall key, not a staff token.') : errorText(error);
    message($('login-error'), text);
  }
});
$('sign-out').addEventListener('click', () => signOut());

// ---------- Views ----------
const VIEWS = ['onboard', 'stalls', 'review', 'exports', 'staff'];
function setView(view) {
  if (!VIEWS.includes(view)) view = 'onboard';
  state.view = view;
  for (const name of VIEWS) {
    show($(`view-${name}`), name === view);
    $(`tab-${name}`).classList.toggle('active', name === view);
  }
  history.replaceState(null, '', `#${view}`);
  if (view === 'stalls') loadStalls().catch((e) => message($('stalls-msg'), errorPair(e)));
  if (view === 'review') loadReview().catch((e) => message($('review-msg'), errorPair(e)));
  if (view === 'staff') loadStaff().catch((e) => message($('staff-msg'), staffErrorPair(e)));
}
$('tabs').addEventListener('click', (e) => { const view = e.target.closest('button')?.dataset.view; if (view) setView(view); });

// ---------- Onboarding ----------
async function loadBanks() {
  state.banks = await api('/sandbox/institutions').catch(() => COMMON_BANKS);
  renderSelects();
}

function renderSelects() {
  const category = $('f-category').value || 'food';
  $('f-category').replaceChildren(...Object.entries(CATEGORIES).map(([value, [vi, en]]) => h('option', { value, textContent: t(vi, en) })));
  $('f-category').value = category;
  const bin = $('f-bin').value || '970436';
  const group = (kind, label) => h('optgroup', { label }, ...state.banks.filter((b) => b.kind === kind).map((b) => h('option', { value: b.bin, textContent: `${b.shortName} (${b.bin})` })));
  $('f-bin').replaceChildren(group('bank', t('Ngân hàng', 'Banks')), group('wallet', t('Ví điện tử', 'Mobile-money wallets')));
  $('f-bin').value = bin;
}

const FIELD_INPUTS = { stallCode: 'f-stallCode', name: 'f-name', category: 'f-category', ward: 'f-ward', 'payout.bin': 'f-bin', 'payout.accountNumber': 'f-account', taxMethod: 'f-taxMethod', taxCode: 'f-taxCode', address: 'f-address' };

function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid]')) { el.removeAttribute('aria-invalid'); el.removeAttribute('aria-describedby'); }
  for (const el of form.querySelectorAll('.field-err')) el.remove();
}

/** A message under a field, in both languages (the toggle re-renders it through data-vi / data-en). */
function fieldError(input, [vi, en]) {
  input.setAttribute('aria-invalid', 'true');
  const el = h('div', { className: 'field-err', id: `${input.id}-err`, textContent: t(vi, en) });
  Object.assign(el.dataset, { vi, en });
  input.setAttribute('aria-describedby', el.id);
  input.after(el);
}

function showFieldErrors(details) {
  for (const { field: path, message: text } of Array.isArray(details) ? details : []) {
    const field = String(path).replace(/^body\./, '');
    const input = $(FIELD_INPUTS[field] ?? '');
    if (!input || input.getAttribute('aria-invalid') === 'true') continue; // one message per field
    fieldError(input, fieldPair(field, String(text ?? '')));
  }
}

$('onboard-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = $('onboard-form');
  clearFieldErrors(form);
  message($('onboard-error'), '');
  const value = (id) => $(id).value.trim();
  const body = {
    stallCode: value('f-stallCode').toUpperCase(), name: value('f-name'), category: value('f-category'), ward: value('f-ward'),
    payout: { bin: value('f-bin'), accountNumber: value('f-account').replace(/\s/g, '') }, taxMethod: value('f-taxMethod'),
  };
  const missing = ['f-stallCode', 'f-name', 'f-ward', 'f-account'].filter((id) => !value(id));
  if (missing.length) {
    for (const id of missing) fieldError($(id), ['Bắt buộc', 'Required']);
    $(missing[0]).focus();
    return;
  }
  if (value('f-taxCode')) body.taxCode = value('f-taxCode');
  if (value('f-address')) body.address = value('f-address');
  $('onboard-submit').disabled = true;
  try {
    const { merchant, apiKey } = await call('/api/v1/merchants', { method: 'POST', body, idempotent: true });
    state.lastOnboarded = merchant;
    $('new-stall').textContent = `${merchant.stallCode} · ${merchant.name}`;
    $('new-api-key').textContent = shownOnce(apiKey);
    $('new-app-link').href = apiKey ? `/m#key=${encodeURIComponent(apiKey)}` : '/m';
    show(form.closest('.card'), false);
    show($('onboard-result'));
    state.allStalls = null; // the assign list must include the new stall
    state.stallsCursor = null; state.stallsShown = 0;
  } catch (error) {
    showFieldErrors(error.data?.error?.details);
    message($('onboard-error'), errorPair(error));
    form.querySelector('[aria-invalid="true"]')?.focus();
  } finally {
    $('onboard-submit').disabled = false;
  }
});
$('copy-key').addEventListener('click', () => copy($('new-api-key').textContent, $('copy-key')));
$('new-poster').addEventListener('click', () => openPoster(state.lastOnboarded));
$('onboard-another').addEventListener('click', () => {
  const form = $('onboard-form');
  for (const id of ['f-stallCode', 'f-name', 'f-account', 'f-taxCode', 'f-address']) $(id).value = '';
  $('new-api-key').textContent = ''; // the key is gone from the screen for good
  show($('onboard-result'), false);
  show(form.closest('.card'));
  $('f-stallCode').focus();
});

// ---------- Stall list ----------
function stallRow(m) {
  const [vi, en] = CATEGORIES[m.category] ?? [m.category, m.category];
  const tr = h('tr', {},
    cell(t('Mã', 'Code'), {}, h('b', { textContent: m.stallCode })),
    cell(t('Tên quầy', 'Name'), {}, m.name, m.isDemo ? h('span', { className: 'tag demo', textContent: ' demo' }) : null),
    cell(t('Ngành', 'Category'), { textContent: t(vi, en) }),
    cell(t('Phường', 'Ward'), { textContent: m.ward }),
    cell(t('Nhận tiền vào', 'Pays into'), { textContent: `${m.payout.bankName} · ${m.payout.accountNumber}` }),
    cell('', { className: 'actions' },
      h('button', { type: 'button', className: 'secondary', textContent: t('Áp phích', 'Poster'), onclick: () => openPoster(m) }), ' ',
      h('button', { type: 'button', className: 'secondary', textContent: t('Cấp khóa mới', 'New key'), onclick: () => rotateKey(m) })));
  tr.dataset.stallCode = m.stallCode;
  return tr;
}

async function loadStalls(more = false) {
  if (!more && state.stallsShown > 0) return; // already loaded: "more" pages on
  const page = await call(`/api/v1/merchants?limit=50${more && state.stallsCursor ? `&cursor=${encodeURIComponent(state.stallsCursor)}` : ''}`);
  if (!more) $('stalls').replaceChildren();
  $('stalls').append(...page.items.map(stallRow));
  state.stallsShown += page.items.length;
  state.stallsCursor = page.nextCursor;
  show($('stalls-more'), Boolean(page.nextCursor));
  $('stalls-count').textContent = `${state.stallsShown} ${t('quầy', 'stalls')}${page.nextCursor ? '+' : ''}`;
}
$('stalls-more').addEventListener('click', () => loadStalls(true).catch((e) => message($('stalls-msg'), errorPair(e))));

async function rotateKey(m) {
  if (!confirm(t(`Cấp khóa mới cho ${m.stallCode}? Khóa cũ trên điện thoại của quầy sẽ ngừng hoạt động.`, `Issue a new key for ${m.stallCode}? The old key on the stall's phone stops working.`))) return;
  try {
    const { apiKey } = await call(`/api/v1/merchants/${m.id}/api-keys`, { method: 'POST', idempotent: true });
    message($('stalls-msg'), `${m.stallCode}: ${shownOnce(apiKey)}  ← ${t('chỉ hiện một lần', 'shown once')}`, 'ok');
  } catch (error) {
    message($('stalls-msg'), errorPair(error));
  }
}

// ---------- Payments waiting for review ----------
async function allStalls() {
  if (state.allStalls) return state.allStalls;
  const list = [];
  let cursor = null;
  do {
    const page = await call(`/api/v1/merchants?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    list.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && list.length < 20_000);
  state.allStalls = list;
  return list;
}

function reviewRow(p, stalls) {
  const [vi, en] = OUTCOMES[p.outcome] ?? [p.outcome, p.outcome];
  const bank = state.banks.find((b) => b.bin === p.bin)?.shortName ?? p.bin ?? '';
  let action;
  if (p.saleId) {
    action = h('span', { className: 'muted', textContent: t('Đã ghi bán; trả lại phần thừa cho khách rồi bấm Đóng', 'Sale recorded; hand the excess back, then Close') });
  } else {
    // Suggest the stall the money went to, when exactly one stall receives into that account; not for a second
    // payment of a paid code (a duplicate): that one is usually returned to the payer, not booked as another sale.
    const owner = p.outcome === 'duplicate' ? '' : p.merchantId ?? stalls.find((m) => m.payout.accountNumber === p.accountNumber && (!p.bin || m.payout.bin === p.bin))?.id ?? '';
    const select = h('select', { className: 'assign-to' }, h('option', { value: '', textContent: t('— chọn quầy —', '— choose a stall —') }),
      ...stalls.map((m) => h('option', { value: m.id, textContent: `${m.stallCode} · ${m.name}` })));
    select.setAttribute('aria-label', t('Gán cho quầy', 'Give to stall'));
    select.value = owner;
    const button = h('button', { type: 'button', className: 'assign', textContent: t('Gán', 'Assign') });
    button.onclick = () => assign(p, select.value, button);
    action = h('div', { className: 'assign-row' }, select, ' ', button);
  }
  // Money that needs no sale (an excess handed back, a transfer the bank returned) is closed with a note instead.
  const close = h('button', { type: 'button', className: 'secondary close-payment', textContent: t('Đóng…', 'Close…') });
  close.onclick = () => closePayment(p, close);
  action = h('div', {}, action, h('div', { className: 'close-row' }, close));
  const tr = h('tr', {},
    cell(t('Lúc', 'When'), { textContent: when(p.occurredAt) }),
    cell(t('Số tiền', 'Amount'), { className: 'num', textContent: vnd(p.amount) }),
    cell(t('Loại', 'Kind'), {}, h('span', { className: 'tag', textContent: t(vi, en) })),
    cell(t('Người chuyển', 'Payer'), {}, `${p.payerBank ?? ''} ${p.payerName ?? ''}`, h('div', { className: 'memo', textContent: p.description })),
    cell(t('Vào tài khoản', 'Into account'), { textContent: `${bank} · ${p.accountNumber}` }),
    cell('', { className: 'actions' }, action));
  tr.dataset.paymentId = p.id;
  return tr;
}

async function loadReview(more = false) {
  const outcome = $('review-outcome').value;
  const [page, stalls] = await Promise.all([
    call(`/api/v1/payments?open=true&limit=50${outcome ? `&outcome=${outcome}` : ''}${more && state.reviewCursor ? `&cursor=${encodeURIComponent(state.reviewCursor)}` : ''}`),
    allStalls(),
  ]);
  if (!more) { $('review').replaceChildren(); message($('review-msg'), ''); }
  $('review').append(...page.items.map((p) => reviewRow(p, stalls)));
  state.reviewCursor = page.nextCursor;
  show($('review-more'), Boolean(page.nextCursor));
  show($('review-empty'), $('review').children.length === 0);
}

/** A payment no longer waiting for review leaves the list. */
function removeReviewRow(payment) {
  document.querySelector(`#review tr[data-payment-id="${payment.id}"]`)?.remove();
  show($('review-empty'), $('review').children.length === 0);
}

async function assign(payment, merchantId, button) {
  if (!merchantId) { message($('review-msg'), t('Chọn quầy trước.', 'Choose a stall first.')); return; }
  button.disabled = true;
  try {
    await call(`/api/v1/payments/${payment.id}/assign`, { method: 'POST', body: { merchantId }, idempotent: true });
    const stall = state.allStalls?.find((m) => m.id === merchantId);
    removeReviewRow(payment);
    message($('review-msg'), `${vnd(payment.amount)} → ${stall?.stallCode ?? ''} ${stall?.name ?? ''}: ${t('đã ghi thành doanh số của quầy và lập hóa đơn.', 'recorded as the stall\'s sale, invoice issued.')}`, 'ok');
  } catch (error) {
    message($('review-msg'), errorPair(error));
    button.disabled = false;
  }
}
async function closePayment(payment, button) {
  // No figure in the suggestion: the amount here is the whole transfer, not the excess the stall handed back.
  const suggestion = payment.saleId
    ? t('Quầy đã trả lại phần tiền thừa cho khách', 'The stall handed the excess back to the shopper')
    : t('Ngân hàng đã hoàn tiền cho người chuyển', 'The bank returned the money to the payer');
  const note = prompt(t('Đã xử lý khoản này thế nào? (ghi lại cùng khoản tiền)', 'How was this settled? (kept with the payment)'), suggestion);
  if (note === null) return;
  if (!note.trim()) { message($('review-msg'), ['Cần ghi cách xử lý.', 'Say how it was settled.']); return; }
  button.disabled = true;
  try {
    await call(`/api/v1/payments/${payment.id}/close`, { method: 'POST', body: { note: note.trim() }, idempotent: true });
    removeReviewRow(payment);
    message($('review-msg'), `${vnd(payment.amount)}: ${t('đã đóng', 'closed')} (${note.trim()})`, 'ok');
  } catch (error) {
    message($('review-msg'), errorPair(error));
    button.disabled = false;
  }
}
$('review-outcome').addEventListener('change', () => loadReview().catch((e) => message($('review-msg'), errorPair(e))));
$('review-refresh').addEventListener('click', () => { state.allStalls = null; loadReview().catch((e) => message($('review-msg'), errorPair(e))); });
$('review-more').addEventListener('click', () => loadReview(true).catch((e) => message($('review-msg'), errorPair(e))));

// ---------- Exports ----------
$('export-from').value = vnDay(-30);
$('export-to').value = vnDay();
async function exporting(button, path, name) {
  button.disabled = true;
  message($('export-msg'), '');
  try {
    await download(path, name);
    message($('export-msg'), `${t('Đã tải', 'Downloaded')} ${name}`, 'ok');
  } catch (error) {
    message($('export-msg'), errorPair(error));
  } finally {
    button.disabled = false;
  }
}
$('export-sales').addEventListener('click', () => {
  const from = $('export-from').value, to = $('export-to').value;
  // "To" is inclusive on screen; the API's day bound is exclusive, so ask up to the start of the next day.
  const next = to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : '';
  const query = new URLSearchParams({ ...(from ? { from } : {}), ...(next ? { to: next } : {}) });
  exporting($('export-sales'), `/api/v1/sales.csv?${query}`, `sales-${from || 'all'}-${to || vnDay()}.csv`);
});
$('export-daily').addEventListener('click', () => exporting($('export-daily'), '/api/v1/stats/daily.csv', 'daily.csv'));
$('export-activations').addEventListener('click', () => exporting($('export-activations'), '/api/v1/activations.csv', `activations-${vnDay()}.csv`));

// ---------- Staff ----------
$('staff-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  message($('staff-error'), '');
  show($('staff-result'), false);
  try {
    const { staff, token } = await call('/api/v1/staff', { method: 'POST', body: { name: $('staff-name').value.trim(), role: $('staff-role').value }, idempotent: true });
    $('new-staff').textContent = `${staff.name} · ${staff.role === 'admin' ? t('Quản trị viên', 'Admin') : t('Cán bộ', 'Staff')}`;
    $('new-staff-token').textContent = shownOnce(token);
    $('staff-name').value = '';
    show($('staff-result'));
    loadStaff().catch(() => {});
  } catch (error) {
    message($('staff-error'), error.status === 403 ? t('Chỉ quản trị viên (admin) được tạo tài khoản cán bộ.', 'Only an admin can create staff accounts.') : errorText(error));
  }
});
$('copy-staff-token').addEventListener('click', () => copy($('new-staff-token').textContent, $('copy-staff-token')));

const staffErrorPair = (error) => (error.status === 403 ? ['Chỉ quản trị viên (admin) xem và thu hồi được mã cán bộ.', 'Only an admin can see and revoke staff tokens.'] : errorPair(error));

function staffRow(s) {
  const tr = h('tr', {},
    cell(t('Họ tên', 'Name'), { textContent: s.name }),
    cell(t('Vai trò', 'Role'), { textContent: s.role === 'admin' ? t('Quản trị viên', 'Admin') : t('Cán bộ', 'Staff') }),
    cell(t('Trạng thái', 'Status'), { textContent: s.active ? t('Đang dùng', 'Active') : t('Đã thu hồi', 'Revoked') }),
    cell('', { className: 'actions' },
      s.active ? h('button', { type: 'button', className: 'secondary', textContent: t('Thu hồi mã', 'Revoke token'), onclick: () => revokeStaff(s) }) : null));
  tr.dataset.staffId = s.id;
  return tr;
}

async function loadStaff() {
  const { items } = await call('/api/v1/staff');
  $('staff-list').replaceChildren(...items.map(staffRow));
}

async function revokeStaff(s) {
  if (!confirm(t(`Thu hồi mã của ${s.name}? Mã đó ngừng hoạt động ngay, không khôi phục được.`, `Revoke ${s.name}'s token? It stops working at once, for good.`))) return;
  message($('staff-msg'), '');
  try {
    await call(`/api/v1/staff/${s.id}/revoke`, { method: 'POST' });
    message($('staff-msg'), `${s.name}: ${t('đã thu hồi mã', 'token revoked')}`, 'ok');
    await loadStaff();
  } catch (error) {
    message($('staff-msg'), staffErrorPair(error));
  }
}

// ---------- Start ----------
setupLanguageToggle($('lang'), () => {
  if (!state.token) return;
  renderSelects();
  state.stallsShown = 0;
  if (state.view === 'stalls') loadStalls().catch(() => {});
  if (state.view === 'review') loadReview().catch(() => {});
  if (state.view === 'staff') loadStaff().catch(() => {});
});
const saved = localStorage.getItem(TOKEN_KEY);
if (saved) {
  signIn(saved).catch((error) => {
    if (error.status === 401 || error.status === 403) localStorage.removeItem(TOKEN_KEY);
    message($('login-error'), errorPair(error));
    show($('login'));
  });
} else {
  message($('login-error'), sessionStorage.getItem('signOutMessage') ?? '');
  sessionStorage.removeItem('signOutMessage');
  show($('login'));
}
