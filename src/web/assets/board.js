// The live board: a snapshot on connect, then coalesced deltas over WS /ws/board; reconnects and resyncs.
import { setupLanguageToggle, t, vnd } from '/assets/common.js';
import { onWake, retryDelay, serverAnswers, STEP_TIMEOUT_MS } from '/assets/shared/reconnect.js';

const $ = (id) => document.getElementById(id);
// Vietnamese writes 87,3% (a decimal comma beside the dots that group thousands); English 87.3%.
const pct = (x) =>
  Number(x).toLocaleString(t('vi-VN', 'en-US'), {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
const num = (n) => Number(n).toLocaleString('vi-VN');
let stats = null;
/** The ticker's items, newest first, kept so that a language switch can write them again. */
let tickerItems = [];

Chart.defaults.color = '#cbd5e1';
Chart.defaults.borderColor = '#334155';
const charts = {
  hours: new Chart($('hours-chart'), {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: {
      animation: false,
      plugins: { legend: { position: 'bottom' } },
      scales: { x: { stacked: true }, y: { stacked: true } },
    },
  }),
  methods: new Chart($('method-chart'), {
    type: 'doughnut',
    data: { labels: [], datasets: [{ data: [], backgroundColor: ['#38bdf8', '#a78bfa', '#f59e0b'] }] },
    options: { animation: false, plugins: { legend: { position: 'bottom' } } },
  }),
  // Every bank's name is shown, also on a phone (Chart.js would otherwise skip every other label there).
  payers: new Chart($('payers-chart'), {
    type: 'bar',
    data: { labels: [], datasets: [{ data: [], backgroundColor: '#38bdf8' }] },
    options: {
      indexAxis: 'y',
      animation: false,
      plugins: { legend: { display: false } },
      scales: { y: { ticks: { autoSkip: false } } },
    },
  }),
  providers: new Chart($('providers-chart'), {
    type: 'bar',
    data: { labels: [], datasets: [{ data: [], backgroundColor: ['#ef4444', '#3b82f6', '#22c55e', '#eab308'] }] },
    options: { animation: false, plugins: { legend: { display: false } } },
  }),
};

function render() {
  if (!stats) return;
  const today = stats.today;
  $('sales-value').textContent = vnd(today.salesValue);
  $('sales-count').textContent = `${num(today.salesCount)} ${t('giao dịch', 'sales')}`;
  $('cashless-share').textContent = pct(today.cashlessShare);
  $('cashless-detail').textContent = `${vnd(today.cashlessValue)} · ${t('tiền mặt', 'cash')} ${vnd(today.cashValue)}`;
  $('stalls-active').textContent = `${stats.stalls.activeToday} / ${stats.stalls.onboarded}`;
  $('stalls-detail').textContent =
    `${pct(stats.stalls.activeShare)} ${t('gian hàng có giao dịch QR hôm nay', 'of stalls took a QR payment today')}`;
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
    `${t('Hôm nay', 'Today')}: +${num(act.today)} · ${pct(act.progress)} ${t('mục tiêu', 'of target')}`;
  $('activations-bar').style.width = `${Math.min(100, act.progress * 100)}%`;
  $('alltime-value').textContent = vnd(stats.allTime.salesValue);
  $('alltime-detail').textContent =
    `${num(stats.allTime.salesCount)} ${t('giao dịch', 'sales')} · ${t('không tiền mặt', 'cashless')} ${pct(stats.allTime.cashlessShare)} · ${num(stats.allTime.invoices)} ${t('hóa đơn', 'invoices')}`;

  const hours = stats.salesPerHour.filter((h) => h.hour >= 6);
  charts.hours.data.labels = hours.map((h) => `${h.hour}h`);
  charts.hours.data.datasets = [
    { label: t('Không tiền mặt', 'Cashless'), data: hours.map((h) => h.cashlessCount), backgroundColor: '#38bdf8' },
    { label: t('Tiền mặt', 'Cash'), data: hours.map((h) => h.count - h.cashlessCount), backgroundColor: '#f59e0b' },
  ];
  charts.methods.data.labels = [
    t('Ngân hàng (QR)', 'Bank QR'),
    t('Ví / tiền di động', 'Mobile money'),
    t('Tiền mặt', 'Cash'),
  ];
  charts.methods.data.datasets[0].data = [
    today.byMethod.bankQr.value,
    today.byMethod.mobileMoney.value,
    today.byMethod.cash.value,
  ];
  // The bars are payment counts, so the eight shown are the eight most used (not the eight largest by value).
  const payers = [...stats.payers.today].sort((a, b) => b.count - a.count).slice(0, 8);
  charts.payers.data.labels = payers.map((p) => p.name);
  charts.payers.data.datasets[0].data = payers.map((p) => p.count);
  charts.providers.data.labels = act.byProvider.map((p) => p.name);
  charts.providers.data.datasets[0].data = act.byProvider.map((p) => p.count);
  Object.values(charts).forEach((c) => c.update());
}

/** An element with text: ward names and stall codes are data, so they never go through HTML parsing. */
function el(tag, text, className) {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

function tickerLine(item) {
  const li = document.createElement('li');
  li.dataset.id = item.id;
  const time = new Date(item.at).toLocaleTimeString('vi-VN', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Ho_Chi_Minh',
  });
  const what = document.createElement('span');
  if (item.type === 'activation') {
    what.append(`${t('Mở ví', 'New wallet')} · `, el('b', item.provider));
    li.append(what, el('span', `${item.ward} · ${time}`, 'm'));
  } else {
    const method =
      { bank_qr: 'QR', mobile_money: t('Ví', 'Wallet'), cash: t('Tiền mặt', 'Cash') }[item.method] ?? item.method;
    what.append(`${item.stallCode ?? ''} · `, el('b', vnd(item.amount)));
    li.append(what, el('span', `${method} · ${time}`, 'm'));
  }
  return li;
}

/** A snapshot's ticker comes newest first; a delta's items oldest first. The newest line is always on top. */
function addTicker(items, replace = false) {
  tickerItems = (replace ? [...items] : [...[...items].reverse(), ...tickerItems]).slice(0, 20);
  renderTicker();
}

function renderTicker() {
  $('ticker').replaceChildren(...tickerItems.map(tickerLine));
}

// Reconnects soon after any outage (assets/shared/reconnect.js): retries at most 2 s apart, each asking the server over
// HTTP before opening a websocket; a handshake that hangs, or a socket silent past three heartbeats, is given up. The
// snapshot sent on every connect resyncs whatever was missed.
let attempt = 0;
let socket = null;
let retryTimer = null;
let lastSeen = 0;
let tries = 0; // numbers each attempt: one overtaken by a newer one (a wake) drops its result

async function connect(probe = false) {
  clearTimeout(retryTimer);
  retryTimer = null;
  if (socket) return;
  const mine = ++tries;
  if (probe && !(await serverAnswers())) {
    if (mine === tries && !socket) retry();
    return;
  }
  if (mine !== tries || socket) return;
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/board`);
  socket = ws;
  lastSeen = Date.now();
  const handshake = setTimeout(() => drop(ws), STEP_TIMEOUT_MS);
  ws.onopen = () => {
    clearTimeout(handshake);
    attempt = 0;
    $('status').textContent = t('● Trực tiếp', '● Live');
  };
  ws.onmessage = (message) => {
    lastSeen = Date.now();
    const m = JSON.parse(message.data);
    if (m.type === 'snapshot') {
      stats = m.stats;
      addTicker(stats.ticker, true);
      render();
    }
    if (m.type === 'delta' && stats) {
      Object.assign(stats, m.changed);
      addTicker(m.ticker);
      render();
    }
    document.body.dataset.updatedAt = m.generatedAt ?? m.stats?.generatedAt ?? document.body.dataset.updatedAt;
  };
  ws.onclose = () => {
    clearTimeout(handshake);
    if (socket === ws) lost();
  };
}

function lost() {
  socket = null;
  $('status').textContent = t('○ Đang kết nối lại…', '○ Reconnecting…');
  retry();
}

function retry() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => connect(true), retryDelay(attempt++));
}

/** Gives a socket up at once (its own close, which may take minutes on a lost network, then changes nothing). */
function drop(ws) {
  if (socket !== ws) return;
  ws.close();
  lost();
}

// The server sends a heartbeat every 15 s: a socket silent for 45 s is a dead one (a phone or laptop that changed
// networks, a proxy that lost the server).
setInterval(() => {
  if (socket?.readyState === WebSocket.OPEN && Date.now() - lastSeen > 45_000) drop(socket);
}, 5_000);
onWake(() => {
  if (socket) return;
  attempt = 0;
  connect(true);
});

setupLanguageToggle($('lang'), () => {
  render();
  renderTicker();
});
connect();
