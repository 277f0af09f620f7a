// One site's board (or, before any scoping, the whole deployment's): the site comes from the page's data-site,
// which the server writes; the board loads GET /api/v1/stats for it, then stays live over its websocket.
import { api, setupLanguageToggle, t } from '/assets/common.js';
import { liveBoard } from '/assets/board-live.js';
import { applyPatch } from '/assets/shared/board-patch.js';
import { $, clock, dongAxis, el, followWindow, num, pct, setupCharts, vnd } from '/assets/board-format.js';

const site = document.body.dataset.site ?? '';
const query = site ? `?site=${encodeURIComponent(site)}` : '';
let stats = null;
/** The ticker's sales, newest first, kept so that a language switch can write them again. */
let sales = [];

setupCharts();
const charts = {
  hours: new Chart($('hours-chart'), {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: { animation: false, plugins: { legend: { display: false } }, scales: { y: dongAxis() } },
  }),
};
followWindow(charts);

function renderScope() {
  const scope = stats?.scope;
  document.title = t('Thanh toán không dùng tiền mặt', 'Cashless payments');
  if (scope?.kind !== 'site') return;
  // The site's own name is data: it reads the same in both languages.
  $('title').dataset.vi = $('title').dataset.en = scope.name;
  $('title').textContent = scope.name;
  $('title').classList.add('data');
  $('place').classList.add('data');
  $('place').textContent = [scope.wardName, scope.provinceName].filter(Boolean).join(' · ');
  document.title = `${scope.name} · ${t('Không dùng tiền mặt', 'Cashless')}`;
}

function render() {
  if (!stats) return;
  renderScope();
  const today = stats.today;
  $('sales-value').textContent = vnd(today.salesValue);
  $('sales-count').textContent = `${num(today.salesCount)} ${t('giao dịch', 'sales')}`;
  $('cashless-share').textContent = pct(today.cashlessShare);
  $('cashless-detail').textContent = `${vnd(today.cashlessValue)} · ${t('tiền mặt', 'cash')} ${vnd(today.cashValue)}`;
  $('stalls-active').textContent = `${num(stats.stalls.activeToday)} / ${num(stats.stalls.onboarded)}`;
  $('stalls-detail').textContent =
    `${pct(stats.stalls.activeShare)} ${t('có giao dịch QR hôm nay', 'took a QR payment today')}`;
  // Accepted / issued today (the same-day rule), then what is still on its way and what the authority refused.
  const tx = stats.invoiceTransmission;
  $('invoice-accepted').textContent = `${num(tx.accepted)} / ${num(tx.issued)}`;
  $('invoice-detail').textContent = [
    `${num(tx.sent)} ${t('đã gửi, chờ kết quả', 'sent, awaiting the result')}`,
    `${num(tx.queued)} ${t('chờ gửi', 'queued')}`,
    `${num(tx.rejected)} ${t('bị từ chối', 'rejected')}`,
  ].join(' · ');
  const act = stats.activations;
  $('activations-total').textContent = `${num(act.total)} / ${num(act.target)}`;
  $('activations-detail').textContent =
    `${t('Hôm nay', 'Today')} +${num(act.today)} · ${pct(act.progress)} ${t('mục tiêu', 'of target')}`;
  $('activations-bar').style.width = `${Math.min(100, act.progress * 100)}%`;
  $('activations-providers').textContent = act.byProvider.map((p) => `${p.name} ${num(p.count)}`).join(' · ');
  // The wards are data (place names, as recorded): they read the same in both languages.
  $('activations-wards').replaceChildren(
    ...act.byWard.slice(0, 8).map((w) => {
      const li = el('li', '');
      li.append(el('span', w.wardName ?? w.ward, 'data'), el('b', num(w.count)));
      return li;
    }),
  );
  if (!act.byWard.length) $('activations-wards').replaceChildren(el('li', t('Chưa có', 'None yet'), 'empty'));
  $('alltime-value').textContent = vnd(stats.allTime.salesValue);
  $('alltime-detail').textContent =
    `${num(stats.allTime.salesCount)} ${t('giao dịch', 'sales')} · ${t('không tiền mặt', 'cashless')} ${pct(stats.allTime.cashlessShare)}`;

  // The street's day, 6h to 21h, widened to any hour that had sales (a night market, a test at midnight).
  const sold = stats.salesPerHour.filter((h) => h.count > 0).map((h) => h.hour);
  const [first, last] = [Math.min(6, ...sold), Math.max(21, ...sold)];
  const hours = stats.salesPerHour.filter((h) => h.hour >= first && h.hour <= last);
  charts.hours.data.labels = hours.map((h) => `${h.hour}h`);
  charts.hours.data.datasets = [
    { label: t('Doanh số', 'Sales'), data: hours.map((h) => h.value), backgroundColor: '#38bdf8' },
  ];
  charts.hours.options.scales.y.title.text = t('đồng', 'VND');
  $('methods').replaceChildren(
    methodLine('bank-qr', t('QR ngân hàng', 'Bank QR'), today.byMethod.bankQr, today.salesValue),
    methodLine('mobile-money', t('Ví điện tử', 'Mobile money'), today.byMethod.mobileMoney, today.salesValue),
    methodLine('cash', t('Tiền mặt', 'Cash'), today.byMethod.cash, today.salesValue),
  );
  // The most used first, by payment count (not by value): which banks and wallets the shoppers pay with.
  const payers = [...stats.payers.today].sort((a, b) => b.count - a.count).slice(0, 8);
  $('payers').replaceChildren(
    ...payers.map((p) => {
      const li = el('li', '');
      li.append(el('span', p.name, 'data'), el('b', `${num(p.count)} ${t('lượt', 'payments')}`));
      return li;
    }),
  );
  if (!payers.length) $('payers').replaceChildren(el('li', t('Chưa có', 'None yet'), 'empty'));
  Object.values(charts).forEach((c) => c.update());
}

function methodLine(kind, name, { value }, total) {
  const label = el('span', '');
  label.append(el('i', '', `dot ${kind}`), name);
  const li = el('li', '');
  li.append(label, el('b', `${vnd(value)} · ${pct(total ? value / total : 0)}`));
  return li;
}

function saleLine(item) {
  const li = el('li', '');
  li.dataset.id = item.id;
  const method =
    { bank_qr: 'QR', mobile_money: t('Ví', 'Wallet'), cash: t('Tiền mặt', 'Cash') }[item.method] ?? item.method;
  li.append(el('b', vnd(item.amount)), el('span', `${item.stallCode ?? ''} · ${method} · ${clock(item.at)}`, 'm'));
  return li;
}

/** A snapshot's ticker comes newest first; a delta's items oldest first. The newest line is always on top. */
function addTicker(items, replace = false) {
  // Sales only: activations are not sales, they have their own tiles (and a site's board receives none).
  const newest = (replace ? [...items] : [...items].reverse()).filter((i) => i.type === 'sale');
  sales = [...newest, ...(replace ? [] : sales)].slice(0, 20);
  renderLines();
}

function renderLines() {
  $('ticker').replaceChildren(...sales.map(saleLine));
}

const live = liveBoard({
  path: `/ws/board${query}`,
  statusEl: $('status'),
  onSnapshot: (snapshot) => {
    stats = { ...snapshot, scope: snapshot.scope ?? stats?.scope };
    addTicker(stats.ticker ?? [], true);
    render();
  },
  onDelta: (changed, ticker) => {
    applyPatch(stats, changed);
    addTicker(ticker);
    render();
  },
});

setupLanguageToggle($('lang'), () => {
  render();
  renderLines();
  live.renderStatus();
});

// The snapshot over HTTP paints the board at once (and names the site) while the websocket opens.
api(`/api/v1/stats${query}`)
  .then((snapshot) => {
    if (stats) return; // the websocket's snapshot came first, and is newer
    stats = snapshot;
    addTicker(stats.ticker ?? [], true);
    render();
  })
  .catch(() => {});
