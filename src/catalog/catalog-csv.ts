import { parse } from 'csv-parse/sync';
import { CSV_BOM, csvRow } from '../http/index.js';
import type { CatalogItemRow } from './catalog.repository.js';

/** The menu's columns, in file order, each with its bilingual header and the names an import also accepts. */
const COLUMNS = [
  { key: 'name', header: 'Tên hàng / Name', aliases: ['tên hàng', 'tên', 'name'] },
  { key: 'unit', header: 'Đơn vị / Unit', aliases: ['đơn vị', 'đơn vị tính', 'unit'] },
  {
    key: 'price',
    header: 'Giá (đồng) / Price (VND)',
    aliases: ['giá (đồng)', 'giá', 'đơn giá', 'price (vnd)', 'price'],
  },
  { key: 'vatRate', header: 'Thuế GTGT / VAT rate', aliases: ['thuế gtgt', 'vat rate', 'vat'] },
  { key: 'category', header: 'Nhóm / Category', aliases: ['nhóm', 'category'] },
  { key: 'active', header: 'Đang bán / Active', aliases: ['đang bán', 'active'] },
  { key: 'sortOrder', header: 'Thứ tự / Sort order', aliases: ['thứ tự', 'sort order'] },
] as const;
export type CsvKey = (typeof COLUMNS)[number]['key'];

export function catalogCsv(rows: CatalogItemRow[]): string {
  const lines = [
    csvRow(COLUMNS.map((c) => c.header)),
    ...rows.map((r) => csvRow([r.name, r.unit, r.price, r.vat_rate, r.category, r.active, r.sort_order])),
  ];
  return CSV_BOM + lines.join('\r\n') + '\r\n';
}

export interface LineProblem {
  line: number;
  field?: string;
  message: string;
}

/** One data line of an import, its cells by column (a column the file lacks is absent). */
export interface CsvLine {
  line: number;
  cells: Partial<Record<CsvKey, string>>;
}

const normal = (s: string) => s.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');

/** Which column a header cell names: the whole bilingual header, or either of its halves. */
function columnOf(cell: string): CsvKey | undefined {
  const parts = [
    normal(cell),
    ...normal(cell)
      .split('/')
      .map((p) => p.trim()),
  ];
  return COLUMNS.find((c) => parts.some((p) => p === normal(c.header) || (c.aliases as readonly string[]).includes(p)))
    ?.key;
}

/** Excel with Vietnamese settings saves "CSV" with semicolons: the header line says which. */
function delimiterOf(text: string): ',' | ';' {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/** A cell the export defused against spreadsheet formulas (`'=…`) is read back as written. */
const undefused = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

/** Reads the file's header and lines; a problem with the file as a whole (or its header) comes back alone. */
export function readCatalogCsv(text: string): { lines: CsvLine[] } | { problems: LineProblem[] } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { problems: [{ line, message: `malformed CSV: ${(error as Error).message}` }] };
  }
  const [header, ...rest] = records;
  if (!header) return { problems: [{ line: 1, message: 'the file is empty: a header line is needed' }] };
  const keys = header.record.map(columnOf);
  const problems: LineProblem[] = header.record.flatMap((cell, i) =>
    keys[i] ? [] : [{ line: 1, field: cell, message: `unknown column "${cell}"` }],
  );
  for (const required of ['name', 'price'] as const) {
    if (!keys.includes(required))
      problems.push({ line: 1, field: required, message: `the ${required} column is missing` });
  }
  if (problems.length) return { problems };
  const lines = rest.map(({ record, info }) => {
    const cells: Partial<Record<CsvKey, string>> = {};
    keys.forEach((key, i) => (cells[key!] = undefused(record[i] ?? '')));
    // info.lines is where the record ends: a quoted cell may span lines, and its first line is the one to name.
    return { line: info.lines - (record.join('').match(/\n/g)?.length ?? 0), cells };
  });
  return { lines };
}
