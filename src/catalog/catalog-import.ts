import type { Db } from '../db/index.js';
import { badRequest } from '../http/index.js';
import { readCatalogCsv, type CsvLine, type LineProblem } from './catalog-csv.js';
import { insertItem, listItems, updateItem, type CatalogItemRow } from './catalog.repository.js';
import { MAX_ITEMS_PER_STALL, newItemBody, type NewItem } from './catalog.schemas.js';
import { catalogFull, inStall, itemValues } from './catalog.service.js';

const YES = ['', 'true', '1', 'yes', 'x', 'có', 'co'];
const NO = ['false', '0', 'no', 'không', 'khong'];

/** One line's cells as the item they describe, or what is wrong with them. */
function lineItem({ line, cells }: CsvLine): { item: NewItem } | { problems: LineProblem[] } {
  const problems: LineProblem[] = [];
  const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);
  const price = (cells.price ?? '').replace(/[\s.,](?=\d{3}(\D|$))/g, '').trim();
  if (!/^\d+$/.test(price)) problems.push({ line, field: 'price', message: 'a whole number of đồng, like 45000' });
  const active = (cells.active ?? '').trim().toLowerCase();
  if (!YES.includes(active) && !NO.includes(active))
    problems.push({ line, field: 'active', message: 'true or false (có or không)' });
  const sortOrder = (cells.sortOrder ?? '').trim();
  if (sortOrder !== '' && !/^\d+$/.test(sortOrder))
    problems.push({ line, field: 'sortOrder', message: 'a whole number' });
  const vat = text(cells.vatRate)?.trim().toUpperCase();
  const parsed = newItemBody.safeParse({
    name: cells.name ?? '',
    unit: text(cells.unit),
    price: Number(price) || 0,
    vatRate: vat,
    category: text(cells.category),
    active: !NO.includes(active),
    sortOrder: sortOrder === '' ? 0 : Number(sortOrder),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (!problems.some((p) => p.field === field)) problems.push({ line, field, message: issue.message });
    }
  }
  return problems.length || !parsed.success ? { problems } : { item: parsed.data };
}

export interface ImportResult {
  created: number;
  updated: number;
  items: CatalogItemRow[];
}

/**
 * Imports a menu (the export's columns): all lines or none. Each line updates the stall's item of the same name
 * (case-insensitive; an active one first) or adds an item; items the file does not name are left as they are.
 */
export async function importCatalog(db: Db, merchantId: string, text: string): Promise<ImportResult> {
  const read = readCatalogCsv(text);
  if ('problems' in read) throw invalidCsv(read.problems);
  const problems: LineProblem[] = [];
  const items: Array<{ line: number; item: NewItem }> = [];
  const seen = new Map<string, number>();
  for (const line of read.lines) {
    const r = lineItem(line);
    if ('problems' in r) {
      problems.push(...r.problems);
      continue;
    }
    const key = r.item.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({ line: line.line, field: 'name', message: `the same name as line ${first}` });
    else seen.set(key, line.line);
    items.push({ line: line.line, item: r.item });
  }
  if (problems.length) throw invalidCsv(problems);
  if (items.length === 0) throw invalidCsv([{ line: 2, message: 'the file has no items' }]);

  return inStall(db, merchantId, async (trx) => {
    const existing = await listItems(trx, merchantId);
    const byName = new Map<string, CatalogItemRow>();
    // Active items win over inactive ones of the same name.
    for (const row of existing.filter((r) => !r.active)) byName.set(row.name.toLowerCase(), row);
    for (const row of existing.filter((r) => r.active)) byName.set(row.name.toLowerCase(), row);
    const added = items.filter(({ item }) => !byName.has(item.name.toLowerCase())).length;
    if (existing.length + added > MAX_ITEMS_PER_STALL) throw catalogFull();
    // Items that go inactive first, so a rename of case or a swap of active items never meets the unique name.
    const ordered = [...items].sort((a, b) => Number(a.item.active) - Number(b.item.active));
    let updated = 0;
    for (const { item } of ordered) {
      const values = itemValues(merchantId, item);
      const match = byName.get(item.name.toLowerCase());
      if (match) {
        await updateItem(trx, match.id, values);
        updated++;
      } else {
        await insertItem(trx, values);
      }
    }
    return { created: items.length - updated, updated, items: await listItems(trx, merchantId) };
  });
}

const invalidCsv = (problems: LineProblem[]) =>
  badRequest('invalid_csv', `The file has ${problems.length} problem(s); nothing was imported`, problems);
