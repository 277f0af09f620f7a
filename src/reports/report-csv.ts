import { CSV_BOM, csvRow } from '../http/index.js';
import { METHOD_LABELS, say, type Label, type Lang } from './labels.js';
import type { Report } from './report.service.js';

// A report as CSV: one figure a line (section, item, count, value, share), so a spreadsheet can filter and pivot it
// and every figure on the page is there. docs/reports.md lists the sections.

type Line = [section: Label, item: string | Label, count: number | null, value: number | null, share?: number | null];

const HEADER: Label[] = [
  ['Mục', 'Section'],
  ['Chỉ tiêu', 'Item'],
  ['Số lượng', 'Count'],
  ['Giá trị (đồng)', 'Value (VND)'],
  ['Tỷ lệ', 'Share'],
];

const S = {
  scope: ['Phạm vi', 'Scope'],
  totals: ['Tổng', 'Totals'],
  method: ['Hình thức', 'Method'],
  payer: ['Ngân hàng người trả', 'Payer bank'],
  top: ['Quầy cao nhất', 'Top stalls'],
  bottom: ['Quầy thấp nhất', 'Bottom stalls'],
  hour: ['Theo giờ', 'Per hour'],
  day: ['Theo ngày', 'Per day'],
  invoices: ['Hóa đơn', 'Invoices'],
  transmission: ['Gửi cơ quan thuế', 'Sent to the tax authority'],
  stalls: ['Quầy', 'Stalls'],
  newStall: ['Quầy mới', 'New stalls'],
  activations: ['Kích hoạt ví', 'Wallet activations'],
  site: ['Điểm bán', 'Site'],
} satisfies Record<string, Label>;

export const TRANSMISSION = {
  queued: ['Chờ gửi', 'Queued'],
  sent: ['Đã gửi, chờ kết quả', 'Sent, awaiting result'],
  accepted: ['Được chấp nhận', 'Accepted'],
  rejected: ['Bị từ chối', 'Rejected'],
} satisfies Record<string, Label>;

function lines(r: Report): Line[] {
  const t = r.totals;
  return [
    [S.scope, r.scope.name ?? '', null, null],
    [S.scope, `${r.period.firstDay} – ${r.period.lastDay}`, null, null],
    [S.totals, ['Giao dịch', 'Sales'], t.salesCount, t.salesValue],
    [S.totals, ['Không dùng tiền mặt', 'Cashless'], t.cashlessCount, t.cashlessValue, t.cashlessShareValue],
    [S.totals, ['Tỷ lệ không tiền mặt (số giao dịch)', 'Cashless share (count)'], null, null, t.cashlessShareCount],
    [S.totals, ['Hoàn tiền', 'Refunds'], t.refundCount, t.refundValue],
    [S.totals, ['Thực thu', 'Net'], null, t.netValue],
    ...r.byMethod.map((m): Line => [S.method, METHOD_LABELS[m.method], m.count, m.value]),
    ...r.byPayer.map((p): Line => [S.payer, p.name, p.count, p.value]),
    [S.stalls, ['Tổng số quầy', 'Stalls'], r.stalls.total, null],
    [S.stalls, ['Quầy có giao dịch không tiền mặt', 'Stalls with cashless sales'], r.stalls.active, null],
    ...r.stalls.new.map((s): Line => [S.newStall, `${s.stallCode} ${s.name}`, null, null]),
    ...r.stalls.top.map((s): Line => [S.top, `${s.stallCode} ${s.name}`, s.count, s.value]),
    ...r.stalls.bottom.map((s): Line => [S.bottom, `${s.stallCode} ${s.name}`, s.count, s.value]),
    ...(r.perHour ?? []).map((h): Line => [S.hour, `${String(h.hour).padStart(2, '0')}:00`, h.count, h.value]),
    ...(r.perDay ?? []).map((d): Line => [S.day, d.day, d.count, d.value]),
    [S.invoices, ['Hóa đơn đã lập', 'Invoices issued'], r.invoices.issued, null, r.invoices.coverage],
    ...Object.entries(r.invoices.transmission).map(
      ([status, n]): Line => [S.transmission, TRANSMISSION[status as keyof typeof TRANSMISSION], n, null],
    ),
    [S.activations, ['Tổng', 'Total'], r.activations.total, null],
    ...r.activations.byProvider.map((a): Line => [S.activations, a.name, a.count, null]),
    ...(r.sites ?? []).map((s): Line => [S.site, s.name, s.salesCount, s.salesValue, s.cashlessShareValue]),
  ];
}

export function reportCsv(r: Report, lang: Lang): string {
  const text = (v: string | Label) => (typeof v === 'string' ? v : say(lang, v));
  const rows = lines(r).map(([section, item, count, value, share]) =>
    csvRow([say(lang, section), text(item), count, value, share ?? null]),
  );
  return `${CSV_BOM}${csvRow(HEADER.map((h) => say(lang, h)))}\r\n${rows.join('\r\n')}\r\n`;
}
