// The live feed over the merchant websocket: confirmations arrive here, with reconnects and catch-up.
import { api, t } from '/assets/common.js';
import { chime } from '/assets/merchant-voice.js';
import { onWake, retryDelay, STEP_TIMEOUT_MS } from '/assets/shared/reconnect.js';
import { $, state, call, live } from '/assets/merchant-kit.js';
import { renderQrState, paid, warnShownCode, onPayment } from '/assets/merchant-sell.js';
import { loadToday, renderToday, addSale, loadInvoices } from '/assets/merchant-today.js';

// ---------- Live feed over the merchant websocket ----------
// Reconnects as the board does (assets/shared/reconnect.js): at most 2 s apart, jittered, every step bounded, at once
// when the network returns or the phone is looked at again. The ticket is asked over HTTP first, so a websocket is
// only opened to a server that answers.
export { live }; // (the state lives in merchant-kit.js)

export function setLive(connected) {
  live.connected = connected;
  $('live').classList.toggle('on', connected);
  $('live').textContent = connected ? t('Đang nhận trực tiếp', 'Live') : t('Đang kết nối…', 'Connecting…');
  renderQrState();
}

export async function connect() {
  clearTimeout(live.timer);
  if (!state.key || live.socket) return;
  const mine = ++live.tries; // a newer attempt (a wake) overtakes this one: its result is then dropped
  let ticket;
  try {
    const signal = AbortSignal.timeout(STEP_TIMEOUT_MS);
    ({ ticket } = await call('/api/v1/ws-tickets', { method: 'POST', signal }));
  } catch (error) {
    if (mine === live.tries && !live.socket && error.status !== 401) retry();
    return;
  }
  if (mine !== live.tries || !state.key || live.socket) return;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/ws/merchant?ticket=${encodeURIComponent(ticket)}`);
  live.socket = socket;
  live.lastSeen = Date.now();
  // No hello in time (a handshake held by a proxy, a server still starting): give up and try again.
  const handshake = setTimeout(() => live.socket === socket && dropSocket(), STEP_TIMEOUT_MS);
  socket.onmessage = (message) => {
    live.lastSeen = Date.now();
    let msg;
    try {
      msg = JSON.parse(message.data);
    } catch {
      return;
    }
    if (msg.type === 'hello') {
      clearTimeout(handshake);
      live.attempt = 0;
      setLive(true);
      catchUp();
    } else if (msg.type === 'event' && msg.event) handleEvent(msg.event);
  };
  socket.onclose = () => {
    clearTimeout(handshake);
    if (live.socket !== socket) return;
    live.socket = null;
    setLive(false);
    retry();
  };
}

function retry() {
  clearTimeout(live.timer);
  if (!state.key) return;
  live.timer = setTimeout(connect, retryDelay(live.attempt++));
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
setInterval(() => {
  if (live.socket?.readyState === WebSocket.OPEN && Date.now() - live.lastSeen > 70_000) dropSocket();
}, 10_000);
onWake(() => {
  if (!state.key || live.socket) return;
  live.attempt = 0;
  connect();
});
window.addEventListener('offline', dropSocket);

/** After (re)connecting, anything missed while offline is read once: today's sales and waiting payments, the code on screen. */
async function catchUp() {
  const today = loadToday().catch(() => {});
  const req = state.request;
  if (!req) return;
  const now = await call(`/api/v1/payment-requests/${req.id}`).catch(() => null);
  if (state.request?.id !== req.id) return;
  if (now?.status === 'paid')
    return paid({ amount: now.amount, outcome: 'matched', paymentRequestId: now.id, occurredAt: now.paidAt });
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
  // payment.received; a second payment to a paid code (duplicate) has its own screen.
  if (event.type === 'payment.received') {
    if (d.outcome === 'duplicate')
      twice().then(
        (m) => m.paidTwice(d),
        () => onPayment(d),
      ); // offline before it was fetched: the note at least
    else onPayment(d);
  } else if (event.type === 'sale.recorded') {
    const occurredAt = new Date(d.occurredAt ?? event.createdAt ?? Date.now()).toISOString();
    if (d.payment) $('twice-screen').classList.add('hidden'); // a new sale's "received" takes the screen
    if (d.payment) onPayment({ ...d.payment, saleId: d.saleId, occurredAt });
    addSale({
      id: d.saleId,
      amount: d.amount,
      method: d.method,
      refundedAmount: 0,
      occurredAt,
      paymentRequestId: d.payment?.paymentRequestId ?? null,
    });
    if (d.invoice) invoicesChanged();
  } else if (event.type === 'sale.refunded') {
    const sale = state.sales.get(d.saleId);
    if (sale && !state.seenRefunds.has(d.refundId)) {
      state.seenRefunds.add(d.refundId);
      sale.refundedAmount += d.amount;
      renderToday();
    }
  } else if (event.type === 'invoice.issued') invoicesChanged();
}

// The "paid twice" screen is rare: its module is not on the way to the keypad, it is fetched once the page is up.
const twice = () => import('/assets/merchant-twice.js');
setTimeout(() => twice().catch(() => {}), 5000);

function invoicesChanged() {
  state.invoicesStale = true;
  if (state.view === 'invoices') loadInvoices().catch(() => {});
}
