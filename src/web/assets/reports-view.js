// Renders one report (GET /api/v1/reports/daily or /monthly) as the printable article of /reports.
import { lang, num, t } from '/assets/shared/language.js';
import { barChart, columnChart } from '/assets/reports-charts.js';

const h = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
};
const vnd = (n) => `${num(n)} đ`;
const pct = (share) =>
  `${(share * 100).toLocaleString(lang.current === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 })} %`;
const METHODS = {
  cash: ['Tiền mặt', 'Cash'],
  bank_qr: ['QR ngân hàng', 'Bank QR'],
  mobile_money: ['Ví điện tử', 'Mobile money'],
};
const STATUS = {
  queued: ['Chờ gửi', 'Queued'],
  sent: ['Đã gửi, chờ kết quả', 'Sent, awaiting result'],
  accepted: ['Được chấp nhận', 'Accepted'],
  rejected: ['Bị từ chối', 'Rejected'],
};
const say = (pair) => t(pair[0], pair[1]);

function table(head, rows, foot) {
  const tr = (cells, tag = 'td') =>
    h('tr', {}, ...cells.map((c, i) => h(tag, { className: i > 0 ? 'n' : '' }, c ?? '')));
  return h(
    'div',
    { className: 'wide-table' },
    h(
      'table',
      {},
      h('thead', {}, tr(head, 'th')),
      h('tbody', {}, ...rows.map((r) => tr(r))),
      foot ? h('tfoot', {}, tr(foot)) : null,
    ),
  );
}

const block = (title, ...children) => h('section', { className: 'block' }, h('h3', {}, title), ...children);
const kpi = (value, label, id) => h('div', { className: 'kpi', id }, h('b', {}, value), h('span', {}, label));

function title(r) {
  const where = r.scope.kind === 'site' ? r.scope.name : (r.scope.name ?? r.scope.code);
  const when =
    r.period.kind === 'day'
      ? r.period.firstDay.split('-').reverse().join('/')
      : `${t('tháng', 'month')} ${r.period.firstDay.slice(5, 7)}/${r.period.firstDay.slice(0, 4)}`;
  const what = r.period.kind === 'day' ? t('Báo cáo ngày', 'Daily report') : t('Báo cáo tháng', 'Monthly report');
  const sub =
    r.scope.kind === 'site'
      ? [r.scope.wardName, r.scope.provinceName].filter(Boolean).join(', ')
      : t(`${r.sites?.length ?? 0} điểm bán`, `${r.sites?.length ?? 0} sites`);
  return [h('h2', { id: 'report-title' }, `${what}: ${where} · ${when}`), h('p', { className: 'muted' }, sub)];
}

function stallRows(list) {
  return list.map((s) => [`${s.stallCode} · ${s.name}`, num(s.count), vnd(s.value), vnd(s.cashlessValue)]);
}

/** Replaces the article's content with the report. */
export function renderReport(article, r) {
  const T = r.totals;
  const slots =
    r.period.kind === 'day'
      ? r.perHour.map((x) => ({ label: `${x.hour}h`, cashless: x.cashlessValue, cash: x.value - x.cashlessValue }))
      : r.perDay.map((x) => ({
          label: String(Number(x.day.slice(8))),
          cashless: x.cashlessValue,
          cash: x.value - x.cashlessValue,
        }));
  const legend = h(
    'p',
    { className: 'legend' },
    h('i', { className: 'cashless' }),
    t('Không tiền mặt', 'Cashless'),
    h('i', { className: 'cash' }),
    t('Tiền mặt', 'Cash'),
  );
  const stallHead = [t('Quầy', 'Stall'), t('Số GD', 'Sales'), t('Doanh số', 'Value'), t('Không tiền mặt', 'Cashless')];
  const parts = [
    ...title(r),
    h(
      'div',
      { className: 'kpis' },
      kpi(
        vnd(T.salesValue),
        t(`Doanh số (${num(T.salesCount)} giao dịch)`, `Sales (${num(T.salesCount)})`),
        'kpi-value',
      ),
      kpi(pct(T.cashlessShareValue), t('Tỷ lệ không tiền mặt (giá trị)', 'Cashless share (value)'), 'kpi-share'),
      kpi(pct(T.cashlessShareCount), t('Tỷ lệ không tiền mặt (số GD)', 'Cashless share (count)'), 'kpi-share-count'),
      kpi(
        `${num(r.stalls.active)} / ${num(r.stalls.total)}`,
        t('Quầy có giao dịch không tiền mặt', 'Stalls selling cashless'),
        'kpi-stalls',
      ),
    ),
    r.sites &&
      block(
        t('Các điểm bán', 'Sites'),
        table(
          [
            t('Điểm bán', 'Site'),
            t('Quầy', 'Stalls'),
            t('Số GD', 'Sales'),
            t('Doanh số', 'Value'),
            t('Không tiền mặt', 'Cashless'),
            t('Tỷ lệ', 'Share'),
          ],
          r.sites.map((s) => [
            s.name,
            `${num(s.activeStalls)} / ${num(s.stalls)}`,
            num(s.salesCount),
            vnd(s.salesValue),
            vnd(s.cashlessValue),
            pct(s.cashlessShareValue),
          ]),
          [
            t('Tổng', 'Total'),
            `${num(r.stalls.active)} / ${num(r.stalls.total)}`,
            num(T.salesCount),
            vnd(T.salesValue),
            vnd(T.cashlessValue),
            pct(T.cashlessShareValue),
          ],
        ),
      ),
    block(
      r.period.kind === 'day'
        ? t('Doanh số theo giờ (đồng)', 'Sales per hour (VND)')
        : t('Doanh số theo ngày (đồng)', 'Sales per day (VND)'),
      columnChart(slots, { lang: lang.current, title: t('Doanh số', 'Sales'), every: r.period.kind === 'day' ? 1 : 2 }),
      legend,
    ),
    h(
      'div',
      { className: 'two' },
      block(
        t('Theo hình thức', 'By method'),
        barChart(
          r.byMethod.map((m) => ({
            label: say(METHODS[m.method]),
            value: m.value,
            kind: m.method === 'cash' ? 'cash' : 'cashless',
            text: `${vnd(m.value)} · ${num(m.count)}`,
          })),
          { title: t('Theo hình thức', 'By method') },
        ),
      ),
      block(
        t('Ngân hàng người trả', 'Payer banks'),
        r.byPayer.length
          ? barChart(
              r.byPayer.map((p) => ({
                label: p.name === 'UNKNOWN' ? t('Không rõ', 'Unknown') : p.name,
                value: p.value,
                text: `${vnd(p.value)} · ${num(p.count)}`,
              })),
              { title: t('Ngân hàng người trả', 'Payer banks') },
            )
          : h('p', { className: 'muted' }, t('Chưa có giao dịch không tiền mặt.', 'No cashless sales yet.')),
      ),
    ),
    // Full width, one after the other: a stall's name then fits on one line, on paper too.
    block(t('Quầy doanh số cao nhất', 'Top stalls'), table(stallHead, stallRows(r.stalls.top))),
    block(t('Quầy doanh số thấp nhất', 'Bottom stalls'), table(stallHead, stallRows(r.stalls.bottom))),
    h(
      'div',
      { className: 'two' },
      block(
        t('Hoàn tiền và hóa đơn', 'Refunds and invoices'),
        table(
          [t('Chỉ tiêu', 'Item'), t('Số lượng', 'Count')],
          [
            [t('Hoàn tiền', 'Refunds'), `${num(T.refundCount)} · ${vnd(T.refundValue)}`],
            [t('Thực thu', 'Net'), vnd(T.netValue)],
            [t('Hóa đơn đã lập', 'Invoices issued'), `${num(r.invoices.issued)} (${pct(r.invoices.coverage)})`],
            ...Object.entries(r.invoices.transmission).map(([k, n]) => [
              `${t('CQT', 'Tax authority')}: ${say(STATUS[k])}`,
              num(n),
            ]),
          ],
        ),
      ),
      block(
        t('Quầy mới và kích hoạt ví', 'New stalls and wallet activations'),
        table(
          [t('Chỉ tiêu', 'Item'), t('Số lượng', 'Count')],
          [
            [t('Quầy mới', 'New stalls'), num(r.stalls.new.length)],
            [
              t('Kích hoạt ví (phường/xã của điểm bán)', "Wallet activations (the sites' wards)"),
              num(r.activations.total),
            ],
            ...r.activations.byProvider.map((a) => [`· ${a.name}`, num(a.count)]),
            ...r.activations.byWard.map((w) => [`· ${w.name}`, num(w.count)]),
          ],
        ),
      ),
    ),
    h(
      'p',
      { className: 'muted' },
      `${t('Lập lúc', 'Generated')} ${new Date(r.generatedAt).toLocaleString(lang.current === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' })}`,
    ),
  ];
  // A site's report has no table of sites: leave the gap out rather than print "undefined".
  article.replaceChildren(...parts.filter(Boolean));
}
