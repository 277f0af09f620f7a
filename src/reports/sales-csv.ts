import type { Executor, SaleItem } from '../db/index.js';
import { CSV_BOM, csvRow } from '../http/index.js';
import { vietnamDay, vietnamIso } from '../time/index.js';
import { methodLabel, payerBankName, say, type Label, type Lang } from './labels.js';
import { salesCsvPage, salesRange, type SalesCsvFilter, type SalesCsvRow } from './sales-csv.repository.js';

const PAGE = 1_000;

/** The columns, in order: a header in each language and the cell. docs/reports.md lists them. */
const COLUMNS: ReadonlyArray<{ header: Label; cell: (s: SalesCsvRow, lang: Lang) => unknown }> = [
  { header: ['Mã giao dịch', 'Sale ID'], cell: (s) => s.id },
  { header: ['Thời gian', 'Time'], cell: (s) => vietnamIso(new Date(s.occurred_at)) },
  { header: ['Điểm bán', 'Site'], cell: (s) => s.site_name },
  { header: ['Mã quầy', 'Stall code'], cell: (s) => s.stall_code },
  { header: ['Tên quầy', 'Stall name'], cell: (s) => s.stall_name },
  { header: ['Hình thức', 'Method'], cell: (s, lang) => methodLabel(lang, s.method) },
  { header: ['Ngân hàng người trả', 'Payer bank'], cell: (s) => payerBankName(s.payer_bank) },
  { header: ['Ký hiệu HĐ', 'Invoice series'], cell: (s) => (s.series ? `${s.template}${s.series}` : '') },
  { header: ['Số HĐ', 'Invoice number'], cell: (s) => s.number },
  { header: ['Hàng hóa', 'Items'], cell: (s) => linesSummary(s.items) },
  { header: ['Số tiền', 'Amount'], cell: (s) => s.amount },
  { header: ['Đã hoàn tiền', 'Refunded'], cell: (s) => s.refunded_amount },
  { header: ['Thực thu', 'Net amount'], cell: (s) => s.amount - s.refunded_amount },
  { header: ['Giao dịch thử', 'Test'], cell: (s, lang) => say(lang, s.test ? ['Có', 'yes'] : ['Không', 'no']) },
];

export const salesCsvHeader = (lang: Lang) => COLUMNS.map((c) => say(lang, c.header));

/** "2 × Bánh cuốn; 1 × Trà đá": what was sold, as one cell. */
export function linesSummary(items: readonly SaleItem[] | null): string {
  return (items ?? []).map((i) => `${i.quantity} × ${i.name}`).join('; ');
}

/**
 * Every matching sale, newest first, a page at a time: memory stays flat however long the history. Starts with a BOM
 * so Excel reads UTF-8; every cell goes through csvCell (formulas defused, numbers kept numbers).
 */
export async function* salesCsv(db: Executor, filter: SalesCsvFilter, lang: Lang): AsyncGenerator<string> {
  yield `${CSV_BOM}${csvRow(salesCsvHeader(lang))}\r\n`;
  let before: { occurredAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await salesCsvPage(db, filter, PAGE, before);
    if (rows.length === 0) return;
    yield `${rows.map((s) => csvRow(COLUMNS.map((c) => c.cell(s, lang)))).join('\r\n')}\r\n`;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1];
    before = { occurredAt: new Date(last.occurred_at), id: last.id };
  }
}

/**
 * `sales_<first day>_<last day>.csv`, both days included, in Vietnam time: from the query's bounds (`to` is exclusive,
 * so its day is the day before it), else from the first and last sale the file holds, else today.
 */
export async function salesCsvFileName(
  db: Executor,
  filter: SalesCsvFilter,
  asked: { from?: string; to?: string },
): Promise<string> {
  const data = asked.from && asked.to ? null : await salesRange(db, filter);
  const today = vietnamDay(new Date());
  const first = asked.from
    ? vietnamDay(filter.from!)
    : data?.first
      ? vietnamDay(data.first)
      : asked.to
        ? vietnamDay(new Date(filter.to!.getTime() - 1))
        : today;
  const last = asked.to
    ? vietnamDay(new Date(filter.to!.getTime() - 1))
    : data?.last
      ? vietnamDay(data.last)
      : first;
  return `sales_${first}_${last < first ? first : last}.csv`;
}
