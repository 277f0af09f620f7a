// Selling: the keypad, the dynamic QR for the amount, and the moment the money arrives.
import { api, t, vnd } from '/assets/common.js';
import { amountInWords, spokenReceipt, unlockAudio, chime, announce } from '/assets/merchant-voice.js';
import { $, state, clock, show, toast, errorText, call, live } from '/assets/merchant-kit.js';
import { setView } from '/assets/merchant.js';
import { cartTotal, renderCart, saleBody, clearCart, cartRefused } from '/assets/merchant-cart.js';

// ---------- Keypad: its amount is the cart's free line (merchant-cart.js); the big figure is the cart's total ----------
export function renderAmount() {
  const n = cartTotal();
  $('amount').textContent = vnd(n);
  $('amount').classList.toggle('empty', n === 0);
  $('amount-words').textContent = n ? amountInWords(n) : '';
  $('sell-msg').textContent = '';
  renderCart();
}

function press(key) {
  if (key === 'back') state.digits = state.digits.slice(0, -1);
  else if (state.digits.length + key.length <= 9) state.digits = String(Number(state.digits + key) || '');
  renderAmount();
}

$('keypad').addEventListener('click', (e) => {
  const key = e.target.closest('button')?.dataset.key;
  if (key) press(key);
});
$('clear').addEventListener('click', clearCart);
document.addEventListener('keydown', (e) => {
  if (
    state.view !== 'sell' ||
    !state.key ||
    e.target.closest?.('input, textarea, dialog') ||
    !$('qr-screen').classList.contains('hidden')
  )
    return;
  if (/^\d$/.test(e.key)) press(e.key);
  else if (e.key === 'Backspace') press('back');
  else if (e.key === 'Enter') $('create-qr').click();
});
document.addEventListener('pointerdown', unlockAudio, { capture: true });
$('sound-hint').addEventListener('click', () => chime(true)); // the merchant hears that sound works
document.addEventListener('click', () => show($('sound-hint'), false));

/** What to send for the sale on screen (saleBody), or null with the reason shown. */
export function sellBody() {
  const body = saleBody();
  if (!body) $('sell-msg').textContent = t('Chọn món hoặc nhập số tiền trước.', 'Tap an item or type an amount first.');
  return body;
}

/** A refused sale: the cart's own errors (an item gone, a price changed) refresh it; any other says what it is. */
export async function sellRefused(error) {
  const text = (await cartRefused(error)) || errorText(error);
  $('sell-msg').textContent = text;
}

// ---------- Dynamic QR ----------
let countdownTimer, wakeLock;
// A code is the bank's, never made on the phone: offline, the app says so at once instead of trying.
const QR_NEEDS_NETWORK = ['Cần có mạng để tạo mã QR. Mất mạng: thu tiền mặt.', 'A QR code needs the connection.'];
$('create-qr').addEventListener('click', async () => {
  const body = sellBody();
  if (!body) return;
  unlockAudio();
  if (!navigator.onLine) return void ($('sell-msg').textContent = t(...QR_NEEDS_NETWORK));
  $('create-qr').disabled = true;
  try {
    showQr(await call('/api/v1/payment-requests', { method: 'POST', body, idempotent: true }));
  } catch (error) {
    if (!error.status) $('sell-msg').textContent = t(...QR_NEEDS_NETWORK);
    else await sellRefused(error);
  } finally {
    $('create-qr').disabled = false;
  }
});

function showQr(pr) {
  // Count down on this phone's monotonic clock from the server's own lifetime, so a wrong phone clock does not matter.
  const lifetime = Date.parse(pr.expiresAt) - Date.parse(pr.createdAt);
  state.request = {
    id: pr.id,
    amount: pr.amount,
    reference: pr.reference,
    deadline: performance.now() + lifetime,
    expired: false,
  };
  $('qr-stall').textContent = `${state.merchant.name} · ${state.merchant.payout.bankName}`;
  $('qr-amount').textContent = vnd(pr.amount);
  $('qr-svg').innerHTML = pr.qr.svg; // our own server's rendering of the VietQR payload
  $('qr-svg').classList.remove('expired');
  $('qr-reference').textContent = pr.reference;
  show($('qr-renew'), false);
  show($('qr-screen'));
  navigator.wakeLock
    ?.request('screen')
    .then((l) => {
      wakeLock = l;
    })
    .catch(() => {});
  clearInterval(countdownTimer);
  countdownTimer = setInterval(renderQrState, 1000);
  renderQrState();
}

export function renderQrState() {
  const req = state.request;
  if (!req) return;
  const left = Math.max(0, Math.round((req.deadline - performance.now()) / 1000));
  if (left === 0 && !req.expired) {
    req.expired = true;
    $('qr-svg').classList.add('expired');
    show($('qr-renew'));
  }
  $('qr-countdown').textContent = req.expired
    ? t('Mã đã hết hạn', 'This code has expired')
    : `${t('Hết hạn sau', 'Expires in')} ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  $('qr-cancel').textContent = req.expired ? t('Đóng', 'Close') : t('Hủy mã', 'Cancel code');
  const status = $('qr-status');
  if (req.warning) {
    status.textContent = req.warning;
    status.className = 'warn';
  } else if (live.connected) {
    status.textContent = t('Đang chờ khách chuyển tiền…', 'Waiting for the transfer…');
    status.className = 'muted';
  } else {
    status.textContent = t(
      'Mất kết nối: chưa thể báo tiền về, đang kết nối lại…',
      'Offline: cannot confirm payments yet, reconnecting…',
    );
    status.className = 'err';
  }
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
$('qr-renew').addEventListener('click', () => {
  closeQr();
  $('create-qr').click();
});

// ---------- Money arrived ----------
export function paid(data) {
  const req = state.request;
  const forShownCode = req && data.paymentRequestId === req.id;
  const text = spokenReceipt(data.amount);
  announce(data.amount, chime(true)); // the phone's voice or the recorded one, after the chime
  navigator.vibrate?.([120, 60, 120]);
  if (req && !forShownCode) {
    toast(`${t('Đã nhận', 'Received')} ${vnd(data.amount)}`);
    return;
  } // keep the code on screen for its shopper
  if (forShownCode) {
    clearCart();
    closeQr();
  }
  $('paid-amount').textContent = vnd(data.amount);
  $('paid-detail').textContent = [
    data.outcome === 'overpaid' && req
      ? t(
          `Nhiều hơn ${vnd(req.amount)} cần thu: phần thừa chờ cán bộ xử lý`,
          `More than the ${vnd(req.amount)} due: the excess waits for staff review`,
        )
      : '',
    !data.paymentRequestId ? t('Qua mã QR tĩnh (áp phích)', 'Through the static QR (poster)') : '',
    clock(data.occurredAt ?? new Date().toISOString()),
  ]
    .filter(Boolean)
    .join(' · ');
  Object.assign($('paid-screen').dataset, { spoken: text, outcome: data.outcome, paymentId: data.paymentId ?? '' });
  show($('paid-screen'));
}
$('paid-done').addEventListener('click', () => {
  show($('paid-screen'), false);
  setView('sell');
});

// Overpaid money arrives as a sale (the paid screen); its excess is a note only when read back from the server.
export const WARNINGS = {
  underpaid: ['Khách chuyển thiếu', 'Underpaid'],
  overpaid: ['Khách chuyển thừa', 'Overpaid'],
  late: ['Tiền đến sau khi mã hết hạn', 'Paid after the code expired'],
  duplicate: ['Khách trả hai lần cho một mã', 'Paid twice for one code'],
  unmatched: ['Tiền chưa khớp giao dịch nào', 'Money not matched to a sale'],
};

/** A payment waiting for staff, as a line of today's feed (from the live event or from GET /api/v1/payments/waiting). */
export function noteOf(data) {
  const [vi, en] = WARNINGS[data.outcome] ?? [data.outcome, data.outcome];
  const text = `${t(vi, en)}: ${vnd(data.amount)}. ${t('Cán bộ sẽ xử lý.', 'Staff will review it.')}`;
  return {
    id: data.paymentId,
    at: new Date(data.occurredAt ?? Date.now()).toISOString(),
    text,
    amount: data.amount,
    requestId: data.paymentRequestId ?? null,
    outcome: data.outcome,
  };
}

/** The code on screen was paid short (or late, or twice): it stays up and says so. */
export function warnShownCode(note) {
  state.request.warning =
    note.outcome === 'underpaid'
      ? t(
          `Khách chuyển thiếu: mới nhận ${vnd(note.amount)}. Chưa thu đủ, chưa giao hàng.`,
          `Underpaid: only ${vnd(note.amount)} arrived. Not paid yet.`,
        )
      : note.text;
  renderQrState();
}

export function onPayment(data) {
  if (data.outcome === 'matched' || data.outcome === 'overpaid') return paid(data);
  const note = noteOf(data);
  chime(false);
  state.notes = [note, ...state.notes.filter((n) => n.id !== note.id)];
  state.fresh.add(note.id);
  if (state.request && note.requestId === state.request.id) warnShownCode(note);
  else toast(note.text);
  // Loaded after the keypad (merchant.js); by the time a payment arrives over the live feed it is there already.
  import('/assets/merchant-today.js').then((m) => m.renderToday());
}
