// Cash sales: one more tap to confirm the amount, then the sale goes through the phone's queue (shared/cash-queue.js),
// so a sale made with no connection is kept, shown as "chờ gửi" and sent once the connection is back: exactly once,
// because its Idempotency-Key is stored with it before the first attempt and every attempt sends that same key.
import { t, vnd } from '/assets/common.js';
import { enqueue, entriesOf, flushQueue, removeEntry } from '/assets/shared/cash-queue.js';
import { amountInWords } from '/assets/merchant-voice.js';
import { $, state, clock, show, h, toast, call, uid } from '/assets/merchant-kit.js';
import { sellBody, sellRefused } from '/assets/merchant-sell.js';
import { addSale, loadToday, renderToday } from '/assets/merchant-today.js';
import { cartTotal, clearCart } from '/assets/merchant-cart.js';

const LOCK = 'stall-cash-queue';
const RETRY_MS = 30_000;
const queued = () => (state.merchant ? entriesOf(localStorage, state.merchant.id) : []);

// ---------- Confirmation: the amount large, and one more tap ----------
let pendingBody = null;
// The button is disabled in the page until this module, loaded after the keypad works, is here to handle it.
$('cash-sale').disabled = false;
$('cash-sale').addEventListener('click', () => {
  const body = sellBody();
  if (!body) return;
  pendingBody = body;
  const amount = cartTotal();
  $('cash-amount').textContent = vnd(amount);
  $('cash-words').textContent = amountInWords(amount);
  show($('cash-offline'), !navigator.onLine);
  $('cash-dialog').showModal();
});
$('cash-cancel').addEventListener('click', () => {
  pendingBody = null;
  $('cash-dialog').close();
});
$('cash-dialog').addEventListener('close', () => {
  pendingBody = null;
});
$('cash-confirm').addEventListener('click', async () => {
  const body = pendingBody;
  if (!body || !state.merchant) return;
  pendingBody = null;
  $('cash-dialog').close();
  // Stored (with its key) before anything is sent: from here on a reload or a dropped line cannot lose it or double it.
  const entry = enqueue(localStorage, {
    key: uid(),
    merchantId: state.merchant.id,
    body: { ...body, method: 'cash' },
    amount: cartTotal(),
    madeAt: new Date().toISOString(),
  });
  $('cash-sale').disabled = true;
  try {
    const mine = (await sendQueued()).find((r) => r.entry.key === entry.key);
    if (mine?.outcome === 'refused') {
      // Said no at once (a price changed, an item gone): the cart is still on screen to fix, nothing is kept.
      removeEntry(localStorage, entry.key);
      renderToday();
      await sellRefused(mine.error);
      return;
    }
    clearCart();
    if (mine?.outcome === 'sent')
      toast(`${t('Đã ghi bán tiền mặt', 'Cash sale recorded')} ${vnd(mine.answer.sale.amount)}`);
    else if (queued().some((e) => e.key === entry.key))
      toast(
        `${t('Đã lưu trên máy, chờ gửi khi có mạng:', 'Kept on this phone, sent when back online:')} ${vnd(entry.amount)}`,
      );
    else toast(`${t('Đã ghi bán tiền mặt', 'Cash sale recorded')} ${vnd(entry.amount)}`); // another tab sent it
  } finally {
    $('cash-sale').disabled = false;
  }
});

// ---------- Sending the queue ----------
let running = null;

/**
 * Sends this stall's waiting sales. One round at a time in this tab, and (with the Web Locks API) in all tabs of
 * the phone; the queue's own re-read before each send and the server's idempotency cover a browser without locks.
 */
export function sendQueued() {
  if (!state.key || !state.merchant || !navigator.onLine || !queued().some((e) => e.status === 'waiting'))
    return Promise.resolve([]);
  running ??= (async () => {
    try {
      const round = () =>
        flushQueue(localStorage, state.merchant.id, (entry) =>
          call('/api/v1/sales', { method: 'POST', body: entry.body, idempotent: entry.key }),
        );
      const results = await (navigator.locks ? navigator.locks.request(LOCK, round) : round());
      for (const r of results) if (r.outcome === 'sent') addSale(r.answer.sale);
      // A reload of today's list that was already under way may not have held these sales yet: read it again.
      if (results.some((r) => r.outcome === 'sent')) loadToday().catch(() => {});
      renderToday();
      return results;
    } finally {
      running = null;
    }
  })();
  return running;
}

window.addEventListener('online', () => sendQueued().catch(() => {}));
setInterval(() => sendQueued().catch(() => {}), RETRY_MS);
// Another tab queued, sent or discarded a sale: this one's list follows.
window.addEventListener('storage', (e) => {
  if (e.key === 'cashSaleQueue') renderToday();
});

// ---------- In today's list ----------
/** The stall's queued sales as rows of today's list: "chờ gửi", or refused with the reason and a way to drop it. */
export function queuedRows() {
  return queued().map((e) => ({ at: e.madeAt, row: queuedRow(e) }));
}

function queuedRow(e) {
  const refused = e.status === 'refused';
  const li = h(
    'li',
    { className: refused ? 'warn queued' : 'queued' },
    h(
      'div',
      { className: 'main' },
      h('div', {}, t('Tiền mặt', 'Cash')),
      h(
        'div',
        { className: 'sub' },
        `${clock(e.madeAt)} · `,
        refused
          ? `${t('Không gửi được', 'Not accepted')}: ${e.refusal?.message ?? ''}`
          : h('b', { className: 'waiting' }, t('chờ gửi', 'waiting to send')),
      ),
    ),
    h('span', { className: 'amt' }, vnd(e.amount)),
    refused
      ? h('button', {
          type: 'button',
          className: 'secondary',
          textContent: t('Bỏ', 'Discard'),
          onclick: () => {
            removeEntry(localStorage, e.key);
            renderToday();
          },
        })
      : null,
  );
  li.dataset.queueKey = e.key;
  li.dataset.status = e.status;
  return li;
}
