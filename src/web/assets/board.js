// The live board: a snapshot on connect, then coalesced deltas over WS /ws/board; reconnects and resyncs.
import { setupLanguageToggle, t, vnd } from '/assets/common.js';

const $ = (id) => document.getElementById(id);
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const num = (n) => Number(n).toLocaleString('vi-VN');
let stats = null;

Chart.defaults.color = '#cbd5e1';
Chart.defaults.borderColor = '#334155';
const charts = {
  hours: new Chart($('hours-chart'), { type: 'bar', data: { labels: [], datasets: [] }, options: { animation: false, plugins: { legend: { position: 'bottom' } }, scales: { x: { stacked: true }, y: { stacked: true } } } }),
  methods: new Chart($('method-chart'), { type: 'doughnut', data: { labels: [], datasets: [{ data: [], backgroundColor: ['#38bdf8', '#a78bfa', '#f59e0b'] }] }, options: { animation: false, plugins: { legend: { position: 'bottom' } } } }),
  payers: new Chart($('payers-chart'), { type: 'bar', data: { labels: [], datasets: [{ data: [], backgroundColor: '#38bdf8' }] }, options: { indexAxis: 'y', animation: false, plugins: { legend: { display: false } } } }),
  providers: new Chart($('providers-chart'), { type: 'bar', data: { labels: [], datasets: [{ data: [], backgroundColor: ['#ef4444', '#3b82f6', '#22c55e', '#eab308'] }] }, options: { animation: false, plugins: { legend: { display: false } } } }),
};

function render() {
  if (!stats) return;
  const today = stats.today;
  $('sales-value').textContent = vnd(today.salesValue);
  $('sales-count').textContent = `${num(today.salesCount)} ${t('giao dịch', 'sales')}`;
  $('cashless-share').textContent = pct(today.cashlessShare);
  $('cashless-detail').textContent = `${vnd(today.cashlessValue)} · ${t('tiền mặt', 'cash')} ${vnd(today.cashValue)}`;
  $('stalls-active').textContent = `${stats.stalls.activeToday} / ${stats.stalls.onboarded}`;
  $('stalls-detail').textContent = `${pct(stats.stalls.activeShare)} ${t('gian hàng có giao dịch QR hôm nay', 'of stalls took a QR payment today')}`;
  $('invoice-coverage').textContent = pct(today.invoiceCoverage);
  $('invoice-detail').textContent = `${num(today.invoices)} ${t('hóa đơn hôm nay', 'invoices today')}`;
  const act = stats.activations;
  $('activations-total').textContent = `${num(act.total)} / ${num(act.target)}`;
  $('activations-detail').textContent = `${t('Hôm nay', 'Today')}: +${num(act.today)} · ${pct(act.progress)} ${t('mục tiêu', 'of target')}`;
  $('activations-bar').style.width = `${Math.min(100, act.progress * 100)}%`;
  $('alltime-value').textContent = vnd(stats.allTime.salesValue);
  $('alltime-detail').textContent = `${num(stats.allTime.salesCount)} ${t('giao dịch', 'sales')} · ${t('không tiền mặt', 'cashless')} ${pct(stats.allTime.cashlessShare)} · ${t('hóa đơn', 'invoices')} ${pct(stats.allTime.invoiceCoverage)}`;

  const hours = stats.salesPerHour.filter((h) => h.hour >= 6);
  charts.hours.data.labels = hours.map((h) => `${h.hour}h`);
  charts.hours.data.datasets = [
    { label: t('Không tiền mặt', 'Cashless'), data: hours.map((h) => h.cashlessCount), backgroundColor: '#38bdf8' },
    { label: t('Tiền mặt', 'Cash'), data: hours.map((h) => h.count - h.cashlessCount), backgroundColor: '#f59e0b' },
  ];
  charts.methods.data.labels = [t('Ngân hàng (QR)', 'Bank QR'), t('Ví / tiền di động', 'Mobile money'), t('Tiền mặt', 'Cash')];
  charts.methods.data.datasets[0].data = [today.byMethod.bankQr.value, today.byMethod.mobileMoney.value, today.byMethod.cash.value];
  const payers = stats.payers.today.slice(0, 8);
  charts.payers.data.labels = payers.map((p) => p.name);
  charts.payers.data.datasets[0].data = payers.map((p) => p.count);
  charts.providers.data.labels = act.byProvider.map((p) => p.name);
  charts.providers.data.datasets[0].data = act.byProvider.map((p) => p.count);
  Object.values(charts).forEach((c) => c.update());
}

function tickerLine(item) {
  const li = document.createElement('li');
  li.dataset.id = item.id;
  const time = new Date(item.at).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
  if (item.type === 'activation') {
    li.innerHTML = `<span>${t('Mở ví', 'New wallet')} · <b>${item.provider}</b></span><span class="m">${item.ward} · ${time}</span>`;
  } else {
    const method = { bank_qr: 'QR', mobile_money: t('Ví', 'Wallet'), cash: t('Tiền mặt', 'Cash') }[item.method] ?? item.method;
    li.innerHTML = `<span>${item.stallCode ?? ''} · <b>${vnd(item.amount)}</b></span><span class="m">${method} · ${time}</span>`;
  }
  return li;
}

function addTicker(items, replace = false) {
  const list = $('ticker');
  if (replace) list.innerHTML = '';
  // Items arrive oldest first within a delta; newest goes on top.
  for (const item of replace ? [...items].reverse() : items) list.prepend(tickerLine(item));
  while (list.children.length > 20) list.lastChild.remove();
}

let retry = 500;
function connect() {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/board`);
  ws.onopen = () => { retry = 500; $('status').textContent = t('● Trực tiếp', '● Live'); };
  ws.onmessage = (message) => {
    const m = JSON.parse(message.data);
    if (m.type === 'snapshot') { stats = m.stats; addTicker(stats.ticker, true); render(); }
    if (m.type === 'delta' && stats) { Object.assign(stats, m.changed); addTicker(m.ticker); render(); }
    document.body.dataset.updatedAt = m.generatedAt ?? m.stats?.generatedAt ?? document.body.dataset.updatedAt;
  };
  ws.onclose = () => {
    $('status').textContent = t('○ Đang kết nối lại…', '○ Reconnecting…');
    setTimeout(connect, retry); // the next snapshot resyncs whatever was missed
    retry = Math.min(retry * 2, 10_000);
  };
}

setupLanguageToggle($('lang'), render);
connect();
