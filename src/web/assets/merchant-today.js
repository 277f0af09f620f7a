// Today's totals and feed, cash sales and refunds, invoices and the stall poster.
import { api, t, vnd, withPageNonce } from '/assets/common.js';
import { startOfVietnamDay } from '/assets/shared/vietnam-time.js';
import { apiResponse } from '/assets/shared/fetch.js';
import { $, state, vnDay, clock, methodName, show, h, toast, errorText, call } from '/assets/merchant-kit.js';
import { WARNINGS, noteOf } from '/assets/merchant-sell.js';
import { queuedRows } from '/assets/merchant-cash.js';
import { signOut } from '/assets/merchant.js';

// ---------- Today's totals and feed ----------
export async function loadToday() {
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
    const page = await call(
      `/api/v1/sales?from=${day}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const s of page.items) sales.set(s.id, s);
    cursor = page.nextCursor;
  } while (cursor && sales.size < 50_000);
  return sales;
}
setInterval(() => {
  if (state.key && vnDay() !== state.day) loadToday().catch(() => {});
}, 60_000);

export function renderToday() {
  let total = 0,
    cash = 0,
    count = 0;
  for (const s of state.sales.values()) {
    const net = s.amount - s.refundedAmount;
    total += net;
    if (s.method === 'cash') cash += net;
    count += 1;
  }
  // Today's list never read (opened offline): no total at all rather than a made-up 0.
  const money = (n) => (state.day ? vnd(n) : '–');
  $('today-total').textContent = money(total);
  $('sum-total').textContent = money(total);
  $('sum-cash').textContent = money(cash);
  $('sum-cashless').textContent = money(total - cash);
  $('sum-count').textContent = state.day ? `${count} ${t('giao dịch', count === 1 ? 'sale' : 'sales')}` : '';
  if (state.view !== 'today') return;
  const rows = [
    ...[...state.sales.values()].map((s) => ({ at: s.occurredAt, sale: s })),
    ...state.notes.map((n) => ({ at: n.at, note: n })),
    ...queuedRows(), // cash sales on this phone not yet accepted by the server: never counted in the totals
  ]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 150);
  $('feed').replaceChildren(...rows.map(({ sale, note, row }) => row ?? (sale ? saleRow(sale) : noteRow(note))));
  show($('feed-empty'), rows.length === 0);
  state.fresh.clear();
}

function saleRow(s) {
  const left = s.amount - s.refundedAmount;
  const li = h(
    'li',
    { className: state.fresh.has(s.id) ? 'fresh' : '' },
    h(
      'div',
      { className: 'main' },
      h('div', {}, methodName(s.method)),
      h(
        'div',
        { className: 'sub' },
        clock(s.occurredAt),
        s.refundedAmount ? ` · ${t('Đã hoàn', 'Refunded')} ${vnd(s.refundedAmount)}` : '',
      ),
    ),
    h('span', { className: 'amt' }, vnd(s.amount)),
    left > 0
      ? h('button', {
          type: 'button',
          className: 'secondary refund',
          textContent: t('Hoàn tiền', 'Refund'),
          onclick: () => openRefund(s),
        })
      : null,
  );
  li.dataset.saleId = s.id;
  li.dataset.method = s.method;
  return li;
}

const noteRow = (n) =>
  h(
    'li',
    { className: `warn${state.fresh.has(n.id) ? ' fresh' : ''}` },
    h('div', { className: 'main' }, h('div', {}, n.text), h('div', { className: 'sub' }, clock(n.at))),
    h('span', { className: 'amt' }, vnd(n.amount)),
  );

export function addSale(sale) {
  if (Date.parse(sale.occurredAt) < startOfVietnamDay(state.day).getTime()) return; // yesterday's, replayed
  const known = state.sales.get(sale.id);
  state.sales.set(
    sale.id,
    known ? { ...known, ...sale, refundedAmount: Math.max(known.refundedAmount, sale.refundedAmount) } : sale,
  );
  if (!known) state.fresh.add(sale.id);
  state.invoicesStale = true;
  renderToday();
}

// ---------- Refunds (cash sales: merchant-cash.js) ----------
let refunding = null;
function openRefund(sale) {
  refunding = sale;
  const left = sale.amount - sale.refundedAmount;
  $('refund-sale').textContent =
    `${methodName(sale.method)} · ${clock(sale.occurredAt)} · ${vnd(sale.amount)} · ${t(`còn hoàn được ${vnd(left)}`, `${vnd(left)} left to refund`)}. ${t('Hóa đơn điều chỉnh được lập tự động.', 'An adjustment invoice is issued automatically.')}`;
  $('refund-amount').value = String(left);
  $('refund-reason').value = '';
  $('refund-error').textContent = '';
  $('refund-dialog').showModal();
}
$('refund-close').addEventListener('click', () => $('refund-dialog').close());
$('refund-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const amount = Number($('refund-amount').value.replace(/\D/g, ''));
  if (!amount) {
    $('refund-error').textContent = t('Nhập số tiền hoàn.', 'Enter the amount to refund.');
    return;
  }
  const reason = $('refund-reason').value.trim();
  $('refund-confirm').disabled = true;
  try {
    const res = await call(`/api/v1/sales/${refunding.id}/refunds`, {
      method: 'POST',
      body: { amount, ...(reason ? { reason } : {}) },
      idempotent: true,
    });
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
export async function loadInvoices(more = false) {
  const page = await call(
    `/api/v1/invoices?limit=20${more && state.invoicesCursor ? `&cursor=${encodeURIComponent(state.invoicesCursor)}` : ''}`,
  );
  state.invoices = more ? [...state.invoices, ...page.items] : page.items;
  state.invoicesCursor = page.nextCursor;
  state.invoicesStale = false;
  renderInvoices();
}

export function renderInvoices() {
  // Adjustments only ever decrease (a refund): shown with a minus sign, as on the receipt.
  const kinds = {
    adjustment: t('Điều chỉnh giảm (hoàn tiền)', 'Decrease (refund)'),
    replacement: t('Thay thế', 'Replacement'),
  };
  $('invoices').replaceChildren(
    ...state.invoices.map((inv) =>
      h(
        'li',
        {},
        h(
          'div',
          { className: 'main' },
          h('div', {}, `${inv.template}${inv.series} · ${t('số', 'no.')} ${inv.number}`),
          h(
            'div',
            { className: 'sub' },
            [clock(inv.issuedAt), kinds[inv.kind], inv.status === 'replaced' ? t('đã được thay thế', 'replaced') : '']
              .filter(Boolean)
              .join(' · '),
          ),
        ),
        h('span', { className: 'amt' }, `${inv.kind === 'adjustment' ? '−' : ''}${vnd(inv.totals.total)}`),
        h('a', { href: inv.lookupUrl, target: '_blank', rel: 'noopener', textContent: t('Xem', 'View') }),
      ),
    ),
  );
  show($('invoices-empty'), state.invoices.length === 0);
  show($('invoices-more'), Boolean(state.invoicesCursor));
}
$('invoices-more').addEventListener('click', () => loadInvoices(true).catch((e) => toast(errorText(e))));

$('poster').addEventListener('click', async () => {
  const win = window.open('', '_blank'); // opened inside the tap, so no popup blocker stops it
  try {
    const res = await apiResponse(state.merchant.links.poster, { token: state.key });
    const url = URL.createObjectURL(new Blob([withPageNonce(await res.text())], { type: 'text/html;charset=utf-8' }));
    if (win) win.location.href = url;
    else location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    win?.close();
    toast(errorText(error));
  }
});
$('sign-out').addEventListener('click', () => {
  if (confirm(t('Đăng xuất khỏi quầy trên điện thoại này?', 'Sign out of the stall on this phone?'))) signOut();
});
