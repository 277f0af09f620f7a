// The stall app (/m): keypad → dynamic QR; the bank side's confirmation arrives over the merchant websocket and is
// shown, chimed and spoken. Totals, feed, cash sales, refunds, poster and invoices use the merchant API key.
import { api, setupLanguageToggle, t, vnd, withPageNonce } from '/assets/common.js';
import { amountInWords as sharedAmountInWords, MAX_AMOUNT_IN_WORDS } from '/assets/shared/amount-in-words.js';
import { startOfVietnamDay, vietnamDay } from '/assets/shared/vietnam-time.js';
import { errorMessage } from '/assets/shared/errors.js';
import { apiResponse } from '/assets/shared/fetch.js';
import { pick } from '/assets/shared/language.js';

// ---------- Amount in Vietnamese words: the invoices' own implementation, shared ----------
/** 45000 → "Bốn mươi lăm nghìn đồng"; '' for what the keypad cannot hold (the shared reader throws there). */
export function amountInWords(n) {
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_AMOUNT_IN_WORDS ? sharedAmountInWords(n) : '';
}

/** What the phone says when money arrives: "Đã nhận bốn mươi lăm nghìn đồng". */
export const spokenReceipt = (n) => `Đã nhận ${amountInWords(n).toLowerCase()}`;

// ---------- Sound and voice (no audio files: an oscillator chime and the browser's speech synthesis) ----------
let audio = null;
function unlockAudio() {
  // Browsers only start audio after a tap: every tap on the page readies it for the next payment.
  try {
    audio ??= new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === 'suspended') audio.resume();
  } catch { /* no WebAudio: the screen still shows the payment */ }
}

function tone(freq, start, length, gain = 0.25) {
  const osc = audio.createOscillator(), env = audio.createGain();
  osc.type = 'sine';
  osc.frequency.value = freq;
  env.gain.setValueAtTime(0.0001, start);
  env.gain.exponentialRampToValueAtTime(gain, start + 0.02);
  env.gain.exponentialRampToValueAtTime(0.0001, start + length);
  osc.connect(env).connect(audio.destination);
  osc.start(start);
  osc.stop(start + length + 0.05);
}

function chime(ok = true) {
  if (!audio) return;
  const now = audio.currentTime + 0.05;
  if (ok) { tone(880, now, 0.35); tone(1318.5, now + 0.18, 0.6); } // a bright rising two-note chime
  else { tone(330, now, 0.25); tone(330, now + 0.3, 0.25); } // a low double beep: look at the screen
}

function speak(text) {
  if (!('speechSynthesis' in window)) return;
  const say = new SpeechSynthesisUtterance(text);
  say.lang = 'vi-VN';
  say.rate = 0.95;
  const voice = speechSynthesis.getVoices().find((v) => v.lang?.toLowerCase().replace('_', '-').startsWith('vi'));
  if (voice) say.voice = voice;
  speechSynthesis.cancel();
  speechSynthesis.speak(say);
}

// ---------- State and small helpers ----------
const $ = (id) => document.getElementById(id);
const KEY = 'merchantKey';
const state = {
  key: '', merchant: null, digits: '', request: null, day: '',
  sales: new Map(), notes: [], fresh: new Set(), seen: new Set(), seenRefunds: new Set(),
  invoices: [], invoicesCursor: null, invoicesStale: true, view: 'sell',
};
const vnDay = () => vietnamDay(new Date());
const clock = (iso) => new Date(iso).toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' });
const uid = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
const methodName = (m) => ({ bank_qr: t('Chuyển khoản', 'Bank transfer'), mobile_money: t('Ví điện tử', 'Mobile money'), cash: t('Tiền mặt', 'Cash') })[m] ?? m;
const show = (el, on = true) => el.classList.toggle('hidden', !on);

function h(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

let toastTimer;
function toast(text) {
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

function errorText(error) {
  if (!error.status) return t('Mất kết nối mạng, thử lại.', 'No network connection, try again.');
  // The server says how much can still be refunded (another phone may have refunded part meanwhile).
  const refundable = error.data?.error?.details?.refundable;
  if (error.code === 'refund_exceeds_sale' && Number.isFinite(refundable)) {
    return `${pick(ERROR_TEXTS.refund_exceeds_sale)} ${t(`Chỉ còn hoàn được ${vnd(refundable)}.`, `At most ${vnd(refundable)} can still be refunded.`)}`;
  }
  return errorMessage(error.code, { texts: ERROR_TEXTS, fallback: error.message });
}

/** The API with this stall's key; POSTs carry an Idempotency-Key and are retried on a dropped connection. */
async function call(path, { idempotent = false, ...options } = {}) {
  const headers = idempotent ? { 'idempotency-key': uid() } : {};
  for (let attempt = 0; ; attempt++) {
    try {
      return await api(path, { ...options, token: state.key, headers });
    } catch (error) {
      if (error.status === 401) signOut(t('Khóa đã hết hiệu lực, hãy đăng nhập lại.', 'This key no longer works; sign in again.'));
      if (idempotent && !error.status && attempt < 2) { await new Promise((r) => setTimeout(r, 800 * (attempt + 1))); continue; }
      throw error;
    }
  }
}

// ---------- Sign in ----------
async function signIn(key) {
  const merchant = await api('/api/v1/merchants/me', { token: key });
  state.key = key;
  state.merchant = merchant;
  localStorage.setItem(KEY, key);
  const title = $('stall-name');
  delete title.dataset.vi; delete title.dataset.en;
  title.textContent = merchant.name;
  renderStallInfo();
  show($('login'), false);
  show($('tabs'));
  show($('live'));
  setLive(false);
  // Browsers keep sound off until the first tap: until then, ask for one so a payment is heard.
  show($('sound-hint'), !navigator.userActivation?.hasBeenActive);
  setView('sell');
  loadToday().catch(() => {});
  connect();
}

function renderStallInfo() {
  const m = state.merchant;
  $('stall-info').textContent = `${m.stallCode} · ${m.payout.bankName} ${m.payout.accountNumber} · ${t('Ký hiệu hóa đơn', 'Invoice series')} ${m.invoiceSeries}`;
}

function signOut(message = '') {
  state.key = '';
  localStorage.removeItem(KEY);
  live.socket?.close();
  live.socket = null;
  clearTimeout(live.timer);
  if (message) sessionStorage.setItem('signOutMessage', message);
  location.replace(location.pathname); // a fresh page: nothing of the stall stays in memory
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  $('sign-in').disabled = true;
  try {
    await signIn($('api-key').value.trim());
    $('api-key').value = '';
  } catch (error) {
    $('login-error').textContent = error.status === 401 ? t('Khóa không đúng hoặc đã bị thay.', 'The key is wrong or was replaced.')
      : error.status === 403 ? t('Đây là mã cán bộ, không phải khóa của quầy.', 'This is a staff token, not a stall key.') : errorText(error);
  } finally {
    $('sign-in').disabled = false;
  }
});

// ---------- Views ----------
function setView(view) {
  state.view = view;
  for (const name of ['sell', 'today', 'invoices']) {
    show($(`view-${name}`), name === view);
    $(`tab-${name}`).classList.toggle('active', name === view);
  }
  if (view === 'invoices' && state.invoicesStale) loadInvoices().catch((e) => toast(errorText(e)));
  if (view === 'today') renderToday();
}
$('tabs').addEventListener('click', (e) => { const v = e.target.closest('button')?.dataset.view; if (v) setView(v); });

// ---------- Keypad ----------
function renderAmount() {
  const n = Number(state.digits || 0);
  $('amount').textContent = vnd(n);
  $('amount').classList.toggle('empty', n === 0);
  $('amount-words').textContent = n ? amountInWords(n) : '';
  $('sell-msg').textContent = '';
}

function press(key) {
  if (key === 'back') state.digits = state.digits.slice(0, -1);
  else if (state.digits.length + key.length <= 9) state.digits = String(Number(state.digits + key) || '');
  renderAmount();
}

$('keypad').addEventListener('click', (e) => { const key = e.target.closest('button')?.dataset.key; if (key) press(key); });
$('clear').addEventListener('click', () => { state.digits = ''; renderAmount(); });
document.addEventListener('keydown', (e) => {
  if (state.view !== 'sell' || !state.key || e.target.closest?.('input, textarea, dialog') || !$('qr-screen').classList.contains('hidden')) return;
  if (/^\d$/.test(e.key)) press(e.key);
  else if (e.key === 'Backspace') press('back');
  else if (e.key === 'Enter') $('create-qr').click();
});
document.addEventListener('pointerdown', unlockAudio, { capture: true });
$('sound-hint').addEventListener('click', () => chime(true)); // the merchant hears that sound works
document.addEventListener('click', () => show($('sound-hint'), false));

function keypadAmount() {
  const amount = Number(state.digits || 0);
  if (!amount) $('sell-msg').textContent = t('Nhập số tiền trước.', 'Type an amount first.');
  return amount;
}

// ---------- Dynamic QR ----------
let countdownTimer, wakeLock;
$('create-qr').addEventListener('click', async () => {
  const amount = keypadAmount();
  if (!amount) return;
  unlockAudio();
  $('create-qr').disabled = true;
  try {
    showQr(await call('/api/v1/payment-requests', { method: 'POST', body: { amount }, idempotent: true }));
  } catch (error) {
    $('sell-msg').textContent = errorText(error);
  } finally {
    $('create-qr').disabled = false;
  }
});

function showQr(pr) {
  // Count down on this phone's monotonic clock from the server's own lifetime, so a wrong phone clock does not matter.
  const lifetime = Date.parse(pr.expiresAt) - Date.parse(pr.createdAt);
  state.request = { id: pr.id, amount: pr.amount, reference: pr.reference, deadline: performance.now() + lifetime, expired: false };
  $('qr-stall').textContent = `${state.merchant.name} · ${state.merchant.payout.bankName}`;
  $('qr-amount').textContent = vnd(pr.amount);
  $('qr-svg').innerHTML = pr.qr.svg; // our own server's rendering of the VietQR payload
  $('qr-svg').classList.remove('expired');
  $('qr-reference').textContent = pr.reference;
  show($('qr-renew'), false);
  show($('qr-screen'));
  navigator.wakeLock?.request('screen').then((l) => { wakeLock = l; }).catch(() => {});
  clearInterval(countdownTimer);
  countdownTimer = setInterval(renderQrState, 1000);
  renderQrState();
}

function renderQrState() {
  const req = state.request;
  if (!req) return;
  const left = Math.max(0, Math.round((req.deadline - performance.now()) / 1000));
  if (left === 0 && !req.expired) { req.expired = true; $('qr-svg').classList.add('expired'); show($('qr-renew')); }
  $('qr-countdown').textContent = req.expired
    ? t('Mã đã hết hạn', 'This code has expired')
    : `${t('Hết hạn sau', 'Expires in')} ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  $('qr-cancel').textContent = req.expired ? t('Đóng', 'Close') : t('Hủy mã', 'Cancel code');
  const status = $('qr-status');
  if (req.warning) { status.textContent = req.warning; status.className = 'warn'; }
  else if (live.connected) { status.textContent = t('Đang chờ khách chuyển tiền…', 'Waiting for the transfer…'); status.className = 'muted'; }
  else { status.textContent = t('Mất kết nối: chưa thể báo tiền về, đang kết nối lại…', 'Offline: cannot confirm payments yet, reconnecting…'); status.className = 'err'; }
}

function closeQr() {
  clearInterval(countdownTimer);
  state.request = null;
  show($('qr-screen'), false);
  $('qr-svg').innerHTML = '';
  wakeLock?.release().catch(() => {});
  wakeLock = null;
}

$('qr-cancel').addEventListener('click', async () => {
  const req = state.request;
  if (!req || req.expired) return closeQr();
  try {
    await call(`/api/v1/payment-requests/${req.id}/cancel`, { method: 'POST' });
    closeQr();
  } catch (error) {
    // Paid a moment ago? Then the money is here: say so rather than an error.
    const now = await call(`/api/v1/payment-requests/${req.id}`).catch(() => null);
    if (now?.status === 'paid') return paid({ amount: now.amount, outcome: 'matched', paymentRequestId: now.id });
    if (now && now.status !== 'pending') return closeQr();
    req.warning = errorText(error);
    renderQrState();
  }
});
$('qr-renew').addEventListener('click', () => { closeQr(); $('create-qr').click(); });

// ---------- Money arrived ----------
function paid(data) {
  const req = state.request;
  const forShownCode = req && data.paymentRequestId === req.id;
  const text = spokenReceipt(data.amount);
  chime(true);
  speak(text);
  navigator.vibrate?.([120, 60, 120]);
  if (req && !forShownCode) { toast(`${t('Đã nhận', 'Received')} ${vnd(data.amount)}`); return; } // keep the code on screen for its shopper
  if (forShownCode) { state.digits = ''; renderAmount(); closeQr(); }
  $('paid-amount').textContent = vnd(data.amount);
  $('paid-detail').textContent = [
    data.outcome === 'overpaid' && req ? t(`Nhiều hơn ${vnd(req.amount)} cần thu: phần thừa chờ cán bộ xử lý`, `More than the ${vnd(req.amount)} due: the excess waits for staff review`) : '',
    !data.paymentRequestId ? t('Qua mã QR tĩnh (áp phích)', 'Through the static QR (poster)') : '',
    clock(data.occurredAt ?? new Date().toISOString()),
  ].filter(Boolean).join(' · ');
  Object.assign($('paid-screen').dataset, { spoken: text, outcome: data.outcome, paymentId: data.paymentId ?? '' });
  show($('paid-screen'));
}
$('paid-done').addEventListener('click', () => { show($('paid-screen'), false); setView('sell'); });

// Overpaid money arrives as a sale (the paid screen); its excess is a note only when read back from the server.
const WARNINGS = {
  underpaid: ['Khách chuyển thiếu', 'Underpaid'],
  overpaid: ['Khách chuyển thừa', 'Overpaid'],
  late: ['Tiền đến sau khi mã hết hạn', 'Paid after the code expired'],
  duplicate: ['Khách trả hai lần cho một mã', 'Paid twice for one code'],
  unmatched: ['Tiền chưa khớp giao dịch nào', 'Money not matched to a sale'],
};

/** A payment waiting for staff, as a line of today's feed (from the live event or from GET /api/v1/payments/waiting). */
function noteOf(data) {
  const [vi, en] = WARNINGS[data.outcome] ?? [data.outcome, data.outcome];
  const text = `${t(vi, en)}: ${vnd(data.amount)}. ${t('Cán bộ sẽ xử lý.', 'Staff will review it.')}`;
  return { id: data.paymentId, at: new Date(data.occurredAt ?? Date.now()).toISOString(), text, amount: data.amount, requestId: data.paymentRequestId ?? null, outcome: data.outcome };
}

/** The code on screen was paid short (or late, or twice): it stays up and says so. */
function warnShownCode(note) {
  state.request.warning = note.outcome === 'underpaid'
    ? t(`Khách chuyển thiếu: mới nhận ${vnd(note.amount)}. Chưa thu đủ, chưa giao hàng.`, `Underpaid: only ${vnd(note.amount)} arrived. Not paid yet.`)
    : note.text;
  renderQrState();
}

function onPayment(data) {
  if (data.outcome === 'matched' || data.outcome === 'overpaid') return paid(data);
  const note = noteOf(data);
  chime(false);
  state.notes = [note, ...state.notes.filter((n) => n.id !== note.id)];
  state.fresh.add(note.id);
  if (state.request && note.requestId === state.request.id) warnShownCode(note);
  else toast(note.text);
  renderToday();
}

// ---------- Today's totals and feed ----------
async function loadToday() {
  const day = vnDay();
  const [sales, waiting] = await Promise.all([salesOf(day), call('/api/v1/payments/waiting')]);
  // Today's payments still waiting for staff come back after a reload; notes from live events (one may have
  // arrived while this was read) are kept beside them.
  const dayStart = startOfVietnamDay(day).getTime();
  const kept = day === state.day ? state.notes : [];
  const read = waiting.items.filter((p) => WARNINGS[p.outcome] && Date.parse(p.occurredAt) >= dayStart).map(noteOf);
  state.notes = [...read, ...kept.filter((n) => !read.some((r) => r.id === n.id))];
  state.day = day;
  state.sales = sales;
  renderToday();
}

async function salesOf(day) {
  const sales = new Map();
  let cursor = null;
  do {
    const page = await call(`/api/v1/sales?from=${day}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const s of page.items) sales.set(s.id, s);
    cursor = page.nextCursor;
  } while (cursor && sales.size < 50_000);
  return sales;
}
setInterval(() => { if (state.key && vnDay() !== state.day) loadToday().catch(() => {}); }, 60_000);

function renderToday() {
  let total = 0, cash = 0, count = 0;
  for (const s of state.sales.values()) {
    const net = s.amount - s.refundedAmount;
    total += net;
    if (s.method === 'cash') cash += net;
    count += 1;
  }
  $('today-total').textContent = vnd(total);
  $('sum-total').textContent = vnd(total);
  $('sum-cash').textContent = vnd(cash);
  $('sum-cashless').textContent = vnd(total - cash);
  $('sum-count').textContent = `${count} ${t('giao dịch', count === 1 ? 'sale' : 'sales')}`;
  if (state.view !== 'today') return;
  const rows = [
    ...[...state.sales.values()].map((s) => ({ at: s.occurredAt, sale: s })),
    ...state.notes.map((n) => ({ at: n.at, note: n })),
  ].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 150);
  $('feed').replaceChildren(...rows.map(({ sale, note }) => (sale ? saleRow(sale) : noteRow(note))));
  show($('feed-empty'), rows.length === 0);
  state.fresh.clear();
}

function saleRow(s) {
  const left = s.amount - s.refundedAmount;
  const li = h('li', { className: state.fresh.has(s.id) ? 'fresh' : '' },
    h('div', { className: 'main' }, h('div', {}, methodName(s.method)),
      h('div', { className: 'sub' }, clock(s.occurredAt), s.refundedAmount ? ` · ${t('Đã hoàn', 'Refunded')} ${vnd(s.refundedAmount)}` : '')),
    h('span', { className: 'amt' }, vnd(s.amount)),
    left > 0 ? h('button', { type: 'button', className: 'secondary refund', textContent: t('Hoàn tiền', 'Refund'), onclick: () => openRefund(s) }) : null);
  li.dataset.saleId = s.id;
  li.dataset.method = s.method;
  return li;
}

const noteRow = (n) => h('li', { className: `warn${state.fresh.has(n.id) ? ' fresh' : ''}` },
  h('div', { className: 'main' }, h('div', {}, n.text), h('div', { className: 'sub' }, clock(n.at))), h('span', { className: 'amt' }, vnd(n.amount)));

function addSale(sale) {
  if (Date.parse(sale.occurredAt) < startOfVietnamDay(state.day).getTime()) return; // yesterday's, replayed
  const known = state.sales.get(sale.id);
  state.sales.set(sale.id, known ? { ...known, ...sale, refundedAmount: Math.max(known.refundedAmount, sale.refundedAmount) } : sale);
  if (!known) state.fresh.add(sale.id);
  state.invoicesStale = true;
  renderToday();
}

// ---------- Cash sale, refunds ----------
$('cash-sale').addEventListener('click', async () => {
  const amount = keypadAmount();
  if (!amount) return;
  $('cash-sale').disabled = true;
  try {
    const { sale } = await call('/api/v1/sales', { method: 'POST', body: { amount, method: 'cash' }, idempotent: true });
    addSale(sale);
    state.digits = '';
    renderAmount();
    toast(`${t('Đã ghi bán tiền mặt', 'Cash sale recorded')} ${vnd(amount)}`);
  } catch (error) {
    $('sell-msg').textContent = errorText(error);
  } finally {
    $('cash-sale').disabled = false;
  }
});

let refunding = null;
function openRefund(sale) {
  refunding = sale;
  const left = sale.amount - sale.refundedAmount;
  $('refund-sale').textContent = `${methodName(sale.method)} · ${clock(sale.occurredAt)} · ${vnd(sale.amount)} · ${t(`còn hoàn được ${vnd(left)}`, `${vnd(left)} left to refund`)}. ${t('Hóa đơn điều chỉnh được lập tự động.', 'An adjustment invoice is issued automatically.')}`;
  $('refund-amount').value = String(left);
  $('refund-reason').value = '';
  $('refund-error').textContent = '';
  $('refund-dialog').showModal();
}
$('refund-close').addEventListener('click', () => $('refund-dialog').close());
$('refund-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const amount = Number($('refund-amount').value.replace(/\D/g, ''));
  if (!amount) { $('refund-error').textContent = t('Nhập số tiền hoàn.', 'Enter the amount to refund.'); return; }
  const reason = $('refund-reason').value.trim();
  $('refund-confirm').disabled = true;
  try {
    const res = await call(`/api/v1/sales/${refunding.id}/refunds`, { method: 'POST', body: { amount, ...(reason ? { reason } : {}) }, idempotent: true });
    state.seenRefunds.add(res.refund.id);
    state.sales.set(res.sale.id, res.sale);
    state.invoicesStale = true;
    $('refund-dialog').close();
    renderToday();
    toast(`${t('Đã hoàn', 'Refunded')} ${vnd(amount)}`);
  } catch (error) {
    $('refund-error').textContent = errorText(error);
  } finally {
    $('refund-confirm').disabled = false;
  }
});

// ---------- Invoices and poster ----------
async function loadInvoices(more = false) {
  const page = await call(`/api/v1/invoices?limit=20${more && state.invoicesCursor ? `&cursor=${encodeURIComponent(state.invoicesCursor)}` : ''}`);
  state.invoices = more ? [...state.invoices, ...page.items] : page.items;
  state.invoicesCursor = page.nextCursor;
  state.invoicesStale = false;
  renderInvoices();
}

function renderInvoices() {
  // Adjustments only ever decrease (a refund): shown with a minus sign, as on the receipt.
  const kinds = { adjustment: t('Điều chỉnh giảm (hoàn tiền)', 'Decrease (refund)'), replacement: t('Thay thế', 'Replacement') };
  $('invoices').replaceChildren(...state.invoices.map((inv) => h('li', {},
    h('div', { className: 'main' },
      h('div', {}, `${inv.template}${inv.series} · ${t('số', 'no.')} ${inv.number}`),
      h('div', { className: 'sub' }, [clock(inv.issuedAt), kinds[inv.kind], inv.status === 'replaced' ? t('đã được thay thế', 'replaced') : ''].filter(Boolean).join(' · '))),
    h('span', { className: 'amt' }, `${inv.kind === 'adjustment' ? '−' : ''}${vnd(inv.totals.total)}`),
    h('a', { href: inv.lookupUrl, target: '_blank', rel: 'noopener', textContent: t('Xem', 'View') }))));
  show($('invoices-empty'), state.invoices.length === 0);
  show($('invoices-more'), Boolean(state.invoicesCursor));
}
$('invoices-more').addEventListener('click', () => loadInvoices(true).catch((e) => toast(errorText(e))));

$('poster').addEventListener('click', async () => {
  const win = window.open('', '_blank'); // opened inside the tap, so no popup blocker stops it
  try {
    const res = await apiResponse(state.merchant.links.poster, { token: state.key });
    const url = URL.createObjectURL(new Blob([withPageNonce(await res.text())], { type: 'text/html;charset=utf-8' }));
    if (win) win.location.href = url; else location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    win?.close();
    toast(errorText(error));
  }
});
$('sign-out').addEventListener('click', () => { if (confirm(t('Đăng xuất khỏi quầy trên điện thoại này?', 'Sign out of the stall on this phone?'))) signOut(); });

// ---------- Live feed over the merchant websocket ----------
const live = { socket: null, connected: false, attempt: 0, timer: null, lastSeen: 0 };

function setLive(connected) {
  live.connected = connected;
  $('live').classList.toggle('on', connected);
  $('live').textContent = connected ? t('Đang nhận trực tiếp', 'Live') : t('Đang kết nối…', 'Connecting…');
  renderQrState();
}

async function connect() {
  clearTimeout(live.timer);
  if (!state.key || live.socket) return;
  let ticket;
  try {
    ({ ticket } = await call('/api/v1/ws-tickets', { method: 'POST' }));
  } catch (error) {
    if (error.status !== 401) retry();
    return;
  }
  if (!state.key || live.socket) return;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/ws/merchant?ticket=${encodeURIComponent(ticket)}`);
  live.socket = socket;
  live.lastSeen = Date.now();
  socket.onmessage = (message) => {
    live.lastSeen = Date.now();
    let msg;
    try { msg = JSON.parse(message.data); } catch { return; }
    if (msg.type === 'hello') { live.attempt = 0; setLive(true); catchUp(); }
    else if (msg.type === 'event' && msg.event) handleEvent(msg.event);
  };
  socket.onclose = () => {
    if (live.socket !== socket) return;
    live.socket = null;
    setLive(false);
    retry();
  };
}

function retry() {
  clearTimeout(live.timer);
  if (!state.key) return;
  // At most 1.5 s apart (jittered), so the phone is live again within 2 s of the server or its database coming back.
  const delay = Math.min(1500, 250 * 2 ** live.attempt++) * (0.5 + Math.random() / 2);
  live.timer = setTimeout(connect, delay);
}

/**
 * Gives up on the socket at once: the merchant must not read "Live" while no confirmation can arrive. A socket on a
 * lost network may take minutes to report its close, so it is not waited for.
 */
function dropSocket() {
  const socket = live.socket;
  if (!socket) return;
  live.socket = null; // its own close handler, whenever it comes, then changes nothing
  socket.close();
  setLive(false);
  retry();
}

// A silent socket (no heartbeat) is a dead one on a phone that changed networks: drop it and reconnect.
setInterval(() => { if (live.socket?.readyState === WebSocket.OPEN && Date.now() - live.lastSeen > 70_000) dropSocket(); }, 10_000);
const wake = () => { if (state.key && !document.hidden && !live.socket) { live.attempt = 0; connect(); } };
document.addEventListener('visibilitychange', wake);
window.addEventListener('online', wake);
window.addEventListener('offline', dropSocket);

/** After (re)connecting, anything missed while offline is read once: today's sales and waiting payments, the code on screen. */
async function catchUp() {
  const today = loadToday().catch(() => {});
  const req = state.request;
  if (!req) return;
  const now = await call(`/api/v1/payment-requests/${req.id}`).catch(() => null);
  if (state.request?.id !== req.id) return;
  if (now?.status === 'paid') return paid({ amount: now.amount, outcome: 'matched', paymentRequestId: now.id, occurredAt: now.paidAt });
  // Paid short while the phone was away: the code on screen says so, and chimes, as it would have live.
  await today;
  const missed = state.notes.find((n) => n.requestId === req.id);
  if (missed && !req.warning && state.request?.id === req.id) {
    chime(false);
    warnShownCode(missed);
  }
}

function handleEvent(event) {
  if (state.seen.has(event.id)) return;
  state.seen.add(event.id);
  if (state.seen.size > 2000) state.seen = new Set([...state.seen].slice(-1000));
  const d = event.data ?? {};
  // A payment that made a sale comes as that sale's event (data.payment, data.invoice); one that waits for staff as
  // payment.received.
  if (event.type === 'payment.received') onPayment(d);
  else if (event.type === 'sale.recorded') {
    const occurredAt = new Date(d.occurredAt ?? event.createdAt ?? Date.now()).toISOString();
    if (d.payment) onPayment({ ...d.payment, saleId: d.saleId, occurredAt });
    addSale({ id: d.saleId, amount: d.amount, method: d.method, refundedAmount: 0, occurredAt, paymentRequestId: d.payment?.paymentRequestId ?? null });
    if (d.invoice) invoicesChanged();
  }
  else if (event.type === 'sale.refunded') {
    const sale = state.sales.get(d.saleId);
    if (sale && !state.seenRefunds.has(d.refundId)) { state.seenRefunds.add(d.refundId); sale.refundedAmount += d.amount; renderToday(); }
  } else if (event.type === 'invoice.issued') invoicesChanged();
}

function invoicesChanged() {
  state.invoicesStale = true;
  if (state.view === 'invoices') loadInvoices().catch(() => {});
}

// ---------- Start ----------
setupLanguageToggle($('lang'), () => {
  renderAmount();
  if (!state.key) return;
  $('stall-name').textContent = state.merchant.name;
  renderStallInfo();
  setLive(live.connected);
  renderToday();
  renderInvoices();
});
renderAmount();
if ('speechSynthesis' in window) speechSynthesis.getVoices(); // voices load lazily on Android: start early

// Staff may hand over the stall as a link /m#key=csm_…: the key is kept and removed from the address bar.
const fromLink = new URLSearchParams(location.hash.slice(1)).get('key');
if (fromLink) history.replaceState(null, '', location.pathname);
const saved = fromLink || localStorage.getItem(KEY);
if (saved) {
  signIn(saved).catch((error) => {
    if (error.status === 401) localStorage.removeItem(KEY);
    else $('api-key').value = saved;
    $('login-error').textContent = error.status === 401 ? t('Khóa đã hết hiệu lực, hãy đăng nhập lại.', 'This key no longer works; sign in again.') : errorText(error);
    show($('login'));
  });
} else {
  $('login-error').textContent = sessionStorage.getItem('signOutMessage') ?? '';
  sessionStorage.removeItem('signOutMessage');
  show($('login'));
}
