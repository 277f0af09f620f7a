// The SQL text and JSON parameters of a BatchWrite (batch-write.ts): one data-modifying CTE per part, fed by one
// JSON parameter each. Names here come from the code (tables and columns checked against the schema), never from input.

type Row = Record<string, unknown>;

/** One table's rows in a write, as the statement needs them (BatchWrite checks them against the schema first). */
export type Part = {
  table: string;
  kind: 'insert' | 'upsert-adding' | 'update';
  /** insert: the columns given; upsert-adding: the key columns; update: the key column. */
  keys: string[];
  /** upsert-adding: the counters added to; update: the columns set. */
  values: string[];
  rows: Row[];
  /** insert: the columns that take the number the write's numbering hands out to the row (see `numbered`). */
  numberedBy?: { id: string; set: readonly string[]; every: boolean; suffixed?: readonly string[] };
};

/** A write's numbering (BatchWrite.numbered), as the statement needs it. */
export interface NumberingPart {
  table: string;
  keys: readonly string[];
  last: string;
  items: ReadonlyArray<{ id: string; key: Row }>;
  sequence?: { name: string; digits: number };
}

/** The statement for these parts: built once per shape (which tables, columns and kinds) and kept. */
export function statementText(parts: Part[], numbering: NumberingPart | undefined): string {
  const sequence = numbering?.sequence ? ` ${numbering.sequence.name}/${numbering.sequence.digits}` : '';
  const numberingShape = numbering
    ? `number ${numbering.table} ${numbering.keys.join()} ${numbering.last}${sequence}`
    : '';
  const shape = [
    numberingShape,
    ...parts.map((p) => `${p.kind} ${p.table} ${p.keys.join()} ${p.values.join()} ${numberedShape(p.numberedBy)}`),
  ].join('\n');
  let text = statementCache.get(shape);
  if (text === undefined) {
    const first = numbering ? 3 : 1;
    const ctes = parts.map((p, i) => `w${i} as (${statementOf(p, `$${i + first}::jsonb`, numbering)})`);
    if (numbering) ctes.unshift(...numberingCtes(numbering));
    text = `with ${ctes.join(', ')} select ${numbering ? `coalesce((select json_agg(json_build_array(id, number, seq)) from numbers), '[]') as numbers` : '1'}`;
    statementCache.set(shape, text);
  }
  return text;
}

/** Statement texts by shape (a few per program: one per kind of change). */
const statementCache = new Map<string, string>();

/** A quoted identifier. */
const id = (name: string) => `"${name.replaceAll('"', '""')}"`;
const list = (names: string[]) => names.map(id).join(', ');

/**
 * One part's statement. Rows are read from `param` through `jsonb_populate_recordset` over the table's own row type,
 * so every value takes its column's type: keys that are not columns are ignored, absent ones read as null (only the
 * listed columns are used, so others keep their defaults). jsonb rather than json: the text is parsed once, and
 * nested documents (invoices, event data) reach their jsonb columns without a second parse.
 */
function statementOf(p: Part, param: string, numbering: NumberingPart | undefined): string {
  const table = id(p.table);
  const rows = (alias: string) => `jsonb_populate_recordset(null::${table}, ${param}) as ${alias}`;
  if (p.kind === 'insert' && numbering && p.numberedBy) {
    const by = p.numberedBy;
    const digits = numbering.sequence?.digits;
    return `insert into ${table} (${list(p.keys)}) select ${p.keys.map((c) => numberedValue(c, by, digits)).join(', ')} from ${rows('r')} left join numbers as n on n.id = ${field(by.id)}`;
  }
  if (p.kind === 'insert') return `insert into ${table} (${list(p.keys)}) select ${list(p.keys)} from ${rows('r')}`;
  if (p.kind === 'update') {
    const key = id(p.keys[0]);
    const sets = p.values.map((c) => `${id(c)} = v.${id(c)}`).join(', ');
    // The `= any(array(...))` is there for the planner: it guesses 100 rows for a recordset and would scan a
    // small-to-middling table whole for the join; a key list (evaluated once) makes it an index lookup at any size.
    return `update ${table} set ${sets} from ${rows('v')} where ${table}.${key} = v.${key} and ${table}.${key} = any(array(select k.${key} from ${rows('k')}))`;
  }
  const cols = [...p.keys, ...p.values];
  const adds = p.values.map((c) => `${id(c)} = ${table}.${id(c)} + excluded.${id(c)}`).join(', ');
  return `insert into ${table} (${list(cols)}) select ${list(cols)} from ${rows('r')} on conflict (${list(p.keys)}) do update set ${adds}`;
}

export const numberedShape = (by: Part['numberedBy']) =>
  by ? `${by.id}>${by.set.join()}${by.every ? '!' : ''}+${(by.suffixed ?? []).join()}` : '';

/** A path inside a jsonb column as a text[] literal: `a.b` → '{a,b}' (names come from the code, never from input). */
const jsonPath = (keys: string[]) => `'{${keys.map((k) => k.replaceAll("'", "''")).join(',')}}'`;

/** `column` or `column.field…` (a field inside a jsonb column) of the row being inserted, as text. */
function field(path: string): string {
  const [column, ...keys] = path.split('.');
  return keys.length === 0 ? `r.${id(column)}::text` : `r.${id(column)}#>>${jsonPath(keys)}`;
}

/**
 * A column's value in a numbered insert: the row's own, or with the number it was handed (see NumberedColumns), and
 * with the sequence's value appended, zero-padded to `digits`, where it is `suffixed`.
 */
function numberedValue(column: string, by: NonNullable<Part['numberedBy']>, digits: number | undefined): string {
  const own = `r.${id(column)}`;
  const suffixed = by.suffixed ?? [];
  if (suffixed.length > 0 && digits === undefined) throw new Error('BatchWrite: suffixed columns need a sequence');
  const seq = `lpad(n.seq::text, ${digits}, '0')`;
  if (by.set.includes(column)) return by.every ? 'n.number' : `coalesce(n.number, ${own})`;
  if (suffixed.includes(column)) return by.every ? `${own} || ${seq}` : `coalesce(${own} || ${seq}, ${own})`;
  const inColumn = (paths: readonly string[]) =>
    paths.filter((s) => s.startsWith(`${column}.`)).map((s) => s.split('.').slice(1));
  const numbers = inColumn(by.set);
  const suffixes = inColumn(suffixed);
  if (numbers.length === 0 && suffixes.length === 0) return own;
  // null (so NOT NULL fails) without a number or a sequence value
  let set = own;
  for (const path of numbers) set = `jsonb_set(${set}, ${jsonPath(path)}, to_jsonb(n.number))`;
  for (const path of suffixes)
    set = `jsonb_set(${set}, ${jsonPath(path)}, to_jsonb((${own}#>>${jsonPath(path)}) || ${seq}))`;
  return by.every ? set : `case when n.id is null then ${own} else ${set} end`;
}

/**
 * The numbering's CTEs, first in the statement: `counters` adds each counter's count (rows sorted by key, so
 * concurrent writers lock them in one order) and returns its new last number; `numbers` gives each item its number,
 * counting back from there: an item `from_end` places before its counter's last gets last − from_end.
 */
function numberingCtes(n: NumberingPart): string[] {
  const table = id(n.table);
  const keys = list([...n.keys]);
  const last = id(n.last);
  const matches = n.keys.map((k) => `c.${id(k)} = k.${id(k)}`).join(' and ');
  const seq = n.sequence ? `nextval('${n.sequence.name.replaceAll("'", "''")}')` : 'null::bigint';
  return [
    `counters as (insert into ${table} (${keys}, ${last}) select ${keys}, ${last} from jsonb_populate_recordset(null::${table}, $1::jsonb) ` +
      `on conflict (${keys}) do update set ${last} = ${table}.${last} + excluded.${last} returning ${keys}, ${last})`,
    // nextval is volatile, so this CTE is materialized: each item takes its value once, whoever reads it.
    `numbers as (select x->>'id' as id, c.${last} - (x->>'from_end')::int as number, ${seq} as seq from jsonb_array_elements($2::jsonb) as x ` +
      `cross join lateral jsonb_populate_record(null::${table}, x) as k join counters as c on ${matches})`,
  ];
}

/** The numbering's two parameters: each counter's count (summed and sorted by key), and each item's place. */
export function numberingJson(n: NumberingPart): [string, string] {
  const keyOf = (key: Row) => n.keys.map((k) => String(key[k])).join('\u0000');
  const counts = new Map<string, number>();
  for (const item of n.items) counts.set(keyOf(item.key), (counts.get(keyOf(item.key)) ?? 0) + 1);
  const seen = new Map<string, number>();
  const items = n.items.map((item) => {
    const k = keyOf(item.key);
    const place = (seen.get(k) ?? 0) + 1;
    seen.set(k, place);
    return { ...item.key, id: item.id, from_end: counts.get(k)! - place };
  });
  const counters = mergedSorted(
    n.items.map((item) => ({ ...item.key, [n.last]: 1 })),
    [...n.keys],
    [n.last],
  );
  return [JSON.stringify(counters), JSON.stringify(items)];
}

/**
 * A part's rows as its JSON parameter (a rollup's rows summed by key and sorted first). Top-level Dates are written
 * as their JSON text here, each instant formatted once per batch (`times`): a Date makes JSON.stringify call its
 * toJSON and leave the fast path, which made a batch's 100 kB of JSON take twice as long (and a batch's rows share a
 * few instants: now, the issue time). The text is the same as JSON.stringify gives.
 */
export function rowsJson(p: Part, times: Map<number, string | null>): string {
  const rows = p.kind === 'upsert-adding' ? mergedSorted(p.rows, p.keys, p.values) : p.rows;
  return JSON.stringify(rows.map((row) => withTimesAsText(row, times)));
}

function withTimesAsText(row: Row, times: Map<number, string | null>): Row {
  let copy: Row | undefined;
  for (const key in row) {
    const value = row[key];
    if (!(value instanceof Date)) continue;
    copy ??= { ...row };
    const instant = value.getTime();
    let text = times.get(instant);
    if (text === undefined) times.set(instant, (text = value.toJSON())); // toJSON: null for an invalid Date, as before
    copy[key] = text;
  }
  return copy ?? row;
}

function mergedSorted(rows: Row[], keys: string[], counters: string[]): Row[] {
  const merged = new Map<string, Row>();
  for (const r of rows) {
    let k = '';
    for (const key of keys) {
      const v = r[key];
      k += `${v instanceof Date ? v.getTime() : String(v)}\u0000`;
    }
    const prev = merged.get(k);
    if (!prev) {
      const row: Row = { ...r };
      for (const c of counters) row[c] = Number(r[c] ?? 0);
      merged.set(k, row);
    } else for (const c of counters) prev[c] = (prev[c] as number) + Number(r[c] ?? 0);
  }
  return [...merged.keys()].sort().map((k) => merged.get(k)!);
}
