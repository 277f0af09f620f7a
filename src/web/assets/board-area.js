// A province's board (data-province on the page: its sites side by side) or the national board (data-national: the
// provinces side by side): the totals, a card per place ranked by today's cashless value, and the latest sales.
import { api, setupLanguageToggle, t } from '/assets/common.js';
import { liveBoard } from '/assets/board-live.js';
import { applyPatch } from '/assets/shared/board-patch.js';
import { $, clock, el, num, pct, vnd } from '/assets/board-format.js';

const province = document.body.dataset.province ?? '';
const query = province ? `?province=${encodeURIComponent(province)}` : '';
let stats = null;
let sales = [];

const cashless = (p) => p.todayCashlessValue ?? Math.round(p.todayValue * p.cashlessShare);

/** The places shown, best first: a province's sites (ranked by the server), or the provinces (ranked here, alike). */
function places() {
  if (province) {
    return [...(stats.sites ?? [])]
      .sort((a, b) => a.rank - b.rank)
      .map((s) => ({
        ...s,
        key: s.slug,
        href: `/board/${encodeURIComponent(s.slug)}`,
        name: s.name,
        where: s.wardName ?? '',
        rank: s.rank,
        stalls: [s.activeStalls, s.stalls],
      }));
  }
  return [...(stats.provinces ?? [])]
    .sort((a, b) => cashless(b) - cashless(a) || b.todayValue - a.todayValue)
    .map((p, i) => ({
      ...p,
      key: p.code,
      href: `/board/province/${encodeURIComponent(p.code)}`,
      where: `${num(p.sites)} ${t('địa điểm', p.sites === 1 ? 'site' : 'sites')}`,
      rank: i + 1,
      stalls: [p.activeStalls, p.stalls],
    }));
}

function card(p) {
  const a = el('a', '', 'tile place');
  a.href = p.href;
  a.dataset.key = p.key;
  const head = el('div', '');
  head.append(
    el('div', `#${p.rank}`, 'rank'),
    el('h3', p.name, 'data'),
    el('div', p.where, province ? 'sub data' : 'sub'),
  );
  const figure = el('div', '');
  figure.append(el('div', vnd(cashless(p)), 'value'), el('div', t('không tiền mặt hôm nay', 'cashless today'), 'sub'));
  const facts = el('div', '', 'facts');
  const fact = (label, value) => {
    const f = el('div', label);
    f.prepend(el('b', value));
    return f;
  };
  const [active, stalls] = p.stalls;
  facts.append(
    fact(t('tỷ lệ không tiền mặt', 'cashless share'), pct(p.cashlessShare)),
    fact(t('giao dịch hôm nay', 'sales today'), num(p.todayCount)),
    active === undefined
      ? fact(t('gian hàng', 'stalls'), num(stalls))
      : fact(t('gian hàng hoạt động', 'stalls active'), `${num(active)} / ${num(stalls)}`),
    fact(t('doanh số hôm nay', 'sales value today'), vnd(p.todayValue)),
  );
  a.append(head, figure, facts);
  return a;
}

function render() {
  if (!stats) return;
  const scope = stats.scope ?? {};
  const list = places();
  if (province && scope.name) {
    $('title').dataset.vi = $('title').dataset.en = $('title').textContent = scope.name;
    $('title').classList.add('data');
  } else if (!province) {
    $('title').textContent = t('Toàn quốc — thanh toán không dùng tiền mặt', 'Nationwide — cashless payments');
  }
  $('place').textContent = province
    ? `${num(list.length)} ${t('địa điểm', list.length === 1 ? 'site' : 'sites')}`
    : `${num(list.length)} ${t('tỉnh, thành phố', list.length === 1 ? 'province' : 'provinces')}`;
  document.title = `${province ? (scope.name ?? '') : t('Toàn quốc', 'Nationwide')} · ${t('Không dùng tiền mặt', 'Cashless')}`;
  const today = stats.today;
  $('sales-value').textContent = vnd(today.salesValue);
  $('sales-count').textContent = `${num(today.salesCount)} ${t('giao dịch', 'sales')}`;
  $('cashless-value').textContent = vnd(today.cashlessValue);
  $('cashless-share').textContent = `${pct(today.cashlessShare)} ${t('doanh số', 'of sales')}`;
  $('stalls-active').textContent = `${num(stats.stalls.activeToday)} / ${num(stats.stalls.onboarded)}`;
  $('stalls-detail').textContent =
    `${pct(stats.stalls.activeShare)} ${t('có giao dịch QR hôm nay', 'took a QR payment today')}`;
  $('alltime-value').textContent = vnd(stats.allTime.salesValue);
  $('alltime-detail').textContent =
    `${num(stats.allTime.salesCount)} ${t('giao dịch', 'sales')} · ${t('không tiền mặt', 'cashless')} ${pct(stats.allTime.cashlessShare)}`;
  $('cards').replaceChildren(...list.map(card));
  if (!list.length) $('cards').replaceChildren(el('p', t('Chưa có địa điểm nào', 'No sites yet'), 'empty'));
  $('rank-title').textContent = t('Xếp hạng: không tiền mặt hôm nay', 'Ranking: cashless today');
  $('ranking').replaceChildren(
    ...list.map((p) => {
      const li = el('li', '');
      li.append(el('span', `${p.rank}. ${p.name}`, 'data'), el('b', vnd(cashless(p))));
      return li;
    }),
  );
  $('ticker').replaceChildren(
    ...sales.map((item) => {
      const li = el('li', '');
      const method = { bank_qr: 'QR', mobile_money: t('Ví', 'Wallet'), cash: t('Tiền mặt', 'Cash') }[item.method];
      li.append(
        el('b', vnd(item.amount)),
        el('span', `${item.stallCode ?? ''} · ${method ?? ''} · ${clock(item.at)}`, 'm'),
      );
      return li;
    }),
  );
}

/** Sales only, newest first (a snapshot's ticker is newest first, a delta's oldest first). */
function addSales(items, replace = false) {
  const newest = (replace ? [...items] : [...items].reverse()).filter((i) => i.type === 'sale');
  sales = [...newest, ...(replace ? [] : sales)].slice(0, 15);
}

// The snapshot over HTTP paints the board at once while the websocket opens; the websocket's own is the one deltas
// patch, so once it has come the HTTP one is not used.
const load = () =>
  api(`/api/v1/stats${query}`)
    .then((snapshot) => {
      if (stats) return;
      stats = snapshot;
      addSales(snapshot.ticker ?? [], true);
      render();
    })
    .catch(() => {});

const live = liveBoard({
  path: `/ws/board${query}`,
  statusEl: $('status'),
  onSnapshot: (snapshot) => {
    stats = snapshot;
    addSales(snapshot.ticker ?? [], true);
    render();
  },
  // A delta patches the figures that changed, the places' own among them (they follow the ticker within a second).
  onDelta: (changed, ticker) => {
    applyPatch(stats, changed);
    addSales(ticker);
    render();
  },
});

setupLanguageToggle($('lang'), () => {
  render();
  live.renderStatus();
});
load();
