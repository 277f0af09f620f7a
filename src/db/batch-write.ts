import type { InsertType, SelectType } from 'kysely';
import type { Executor } from './database.js';
import { preparedQuery } from './prepared.js';
import type { DB } from './schema.js';

type Row = Record<string, unknown>;

/** A table's column names (of a schema `S`). */
export type ColumnOf<S, T extends keyof S> = keyof S[T] & string;

/**
 * What a column takes in a batch write: its Kysely insert type, except a json/jsonb column, whose insert type is its
 * JSON text (Kysely sends strings there): rows travel to the database as one JSON document, so such a column takes its
 * value itself (the type it is read back as). A JSON string there would be stored as a jsonb string, not a document.
 */
export type BatchValue<C> = [SelectType<C>] extends [InsertType<C>] ? InsertType<C> : SelectType<C>;

/** A row giving (at least) the columns `C` of table `T`, each with its BatchValue. */
export type BatchRow<S, T extends keyof S, C extends ColumnOf<S, T>> = { readonly [K in C]: BatchValue<S[T][K]> };

/** Paths into a JSON value, `a` or `a.b…` (arrays and Dates are leaves); a value typed `Record<string, unknown>` takes any. */
type JsonPaths<V, Depth extends unknown[] = []> = Depth['length'] extends 4
  ? never
  : V extends readonly unknown[] | Date
    ? never
    : V extends object
      ? { [K in keyof V & string]: K | `${K}.${JsonPaths<NonNullable<V[K]>, [...Depth, unknown]>}` }[keyof V & string]
      : never;

/** A column of table `T`, or `column.field.field…`: a field inside a json/jsonb column, checked against its type. */
export type ColumnPath<S, T extends keyof S> =
  | ColumnOf<S, T>
  | { [K in ColumnOf<S, T>]: `${K}.${JsonPaths<NonNullable<SelectType<S[T][K]>>>}` }[ColumnOf<S, T>];

type Part = {
  table: string;
  kind: 'insert' | 'upsert-adding' | 'update';
  /** insert: the columns given; upsert-adding: the key columns; update: the key column. */
  keys: string[];
  /** upsert-adding: the counters added to; update: the columns set. */
  values: string[];
  rows: Row[];
  /** insert: the columns that take the number the write's numbering hands out to the row (see `numbered`). */
  numberedBy?: { id: string; set: readonly string[]; every: boolean };
};

/**
 * Where an inserted row takes a number handed out by the same write: `id` names the row's numbered item (a column,
 * or `column.field.field…` for a field inside a jsonb column), `set` the columns (or fields) that receive the number.
 * With `every`, each row must have one (a missing number fails the statement on the column's NOT NULL); otherwise
 * rows whose item is not numbered are written as given.
 */
export interface NumberedColumns<S = DB, T extends keyof S = keyof S> {
  id: ColumnPath<S, T>;
  set: ReadonlyArray<ColumnPath<S, T>>;
  every: boolean;
}

/**
 * Numbers handed out from counter rows in the write's own statement (invoice numbers per series). Each counter row is
 * locked by its upsert until the transaction ends, so the numbers are gapless and continuous, and the statement that
 * takes them also writes the rows that carry them: no round trip of its own. `execute` returns the numbers given.
 */
export interface Numbering<S, T extends keyof S, K extends ColumnOf<S, T>> {
  /** The counter table, its key columns, and the column holding the last number handed out. */
  table: T;
  keys: readonly K[];
  last: ColumnOf<S, T>;
  /** In the order numbers are handed out within each counter: an item's id and its counter's key values. */
  items: ReadonlyArray<{ id: string; key: BatchRow<S, T, K> }>;
}

interface NumberingPart {
  table: string;
  keys: readonly string[];
  last: string;
  items: ReadonlyArray<{ id: string; key: Row }>;
}

/** The statement a write sends: its text (the same for every write of one shape) and its JSON parameters. */
export interface CompiledBatch {
  sql: string;
  parameters: string[];
  /** True when the statement hands out numbers (it then answers them). */
  numbers: boolean;
}

/**
 * Rows for several tables of the schema `S` (the app's DB by default), written by one statement when `execute` is
 * called: each table is a data-modifying CTE fed by a single JSON parameter, read through `jsonb_populate_recordset`
 * over the table's own row type so every value takes its column's type. A batch of confirmations (sales, invoices,
 * rollups, payments, events) is then one round trip and one plan, whatever the number of rows; that is what lets many
 * confirmations share a commit cheaply. Table and column names, rows and JSON paths are checked against `S`.
 *
 * Values are JSON: Dates become ISO instants, and json/jsonb columns take objects (not JSON strings). Foreign keys
 * between parts hold because Postgres checks them at the end of the statement, when every part has run.
 */
export class BatchWrite<S = DB> {
  private readonly parts = new Map<string, Part>();
  private numbering: NumberingPart | undefined;

  /** Inserts rows; columns not listed take their defaults. `numberedBy`: columns that take the write's numbers. */
  insert<T extends keyof S & string, C extends ColumnOf<S, T>>(table: T, columns: readonly C[], rows: ReadonlyArray<BatchRow<S, T, C>>, numberedBy?: NumberedColumns<S, T>): this {
    return this.add({ table, kind: 'insert', keys: [...columns], values: [], rows: rows as readonly Row[] as Row[], numberedBy });
  }

  /** Hands out numbers from counters in the write's statement; one numbering per write. */
  numbered<T extends keyof S & string, K extends ColumnOf<S, T>>(numbering: Numbering<S, T, K>): this {
    if (numbering.items.length === 0) return this;
    if (this.numbering) throw new Error('BatchWrite: one numbering per write');
    this.numbering = numbering;
    return this;
  }

  /**
   * Adds counters into rows keyed by `keys` (a rollup), creating the rows that are missing. Rows with the same key are
   * summed first (one statement may touch a row only once) and sorted, so concurrent writers lock rows in one order.
   */
  upsertAdding<T extends keyof S & string, K extends ColumnOf<S, T>, V extends ColumnOf<S, T>>(
    table: T,
    keys: readonly K[],
    counters: readonly V[],
    rows: ReadonlyArray<BatchRow<S, T, K> & { readonly [C in V]?: number }>,
  ): this {
    return this.add({ table, kind: 'upsert-adding', keys: [...keys], values: [...counters], rows: rows as readonly Row[] as Row[] });
  }

  /** Sets `columns` on the rows whose `key` is given (one row per key). */
  update<T extends keyof S & string, K extends ColumnOf<S, T>, C extends ColumnOf<S, T>>(table: T, key: K, columns: readonly C[], rows: ReadonlyArray<BatchRow<S, T, K | C>>): this {
    return this.add({ table, kind: 'update', keys: [key], values: [...columns], rows: rows as readonly Row[] as Row[] });
  }

  get isEmpty(): boolean {
    return [...this.parts.values()].every((p) => p.rows.length === 0);
  }

  /**
   * The one statement everything added so far makes (null when there is nothing to write). Its text depends only on
   * which tables and columns are written, so it is built once per shape and kept (and prepared once per connection);
   * the parameters are one JSON document per part (and two for a numbering).
   */
  compile(): CompiledBatch | null {
    const parts = [...this.parts.values()].filter((p) => p.rows.length > 0);
    const numbering = this.numbering;
    if (parts.length === 0 && !numbering) return null;
    const numberingShape = numbering ? `number ${numbering.table} ${numbering.keys.join()} ${numbering.last}` : '';
    const shape = [numberingShape, ...parts.map((p) => `${p.kind} ${p.table} ${p.keys.join()} ${p.values.join()} ${numberedShape(p.numberedBy)}`)].join('\n');
    let text = statementCache.get(shape);
    if (text === undefined) {
      const first = numbering ? 3 : 1;
      const ctes = parts.map((p, i) => `w${i} as (${statementOf(p, `$${i + first}::jsonb`, !!numbering)})`);
      if (numbering) ctes.unshift(...numberingCtes(numbering));
      text = `with ${ctes.join(', ')} select ${numbering ? `coalesce((select json_agg(json_build_array(id, number)) from numbers), '[]') as numbers` : '1'}`;
      statementCache.set(shape, text);
    }
    const times = new Map<number, string | null>();
    const parameters = parts.map((p) => rowsJson(p, times));
    if (numbering) parameters.unshift(...numberingJson(numbering));
    return { sql: text, parameters, numbers: !!numbering };
  }

  /**
   * Writes everything added so far in one statement, then starts empty again. Returns the numbers the write's
   * numbering handed out, by item id (empty without a numbering).
   */
  async execute(trx: Executor): Promise<Map<string, number>> {
    const compiled = this.compile();
    this.parts.clear();
    this.numbering = undefined;
    if (!compiled) return new Map();
    const { rows } = await trx.executeQuery<{ numbers?: Array<[string, number]> }>(preparedQuery(compiled.sql, compiled.parameters));
    return new Map(compiled.numbers ? rows[0].numbers : []);
  }

  private add(part: Part): this {
    const id = `${part.kind} ${part.table}`;
    const existing = this.parts.get(id);
    if (!existing) this.parts.set(id, { ...part, rows: [...part.rows] });
    else if (existing.keys.join() !== part.keys.join() || existing.values.join() !== part.values.join() || numberedShape(existing.numberedBy) !== numberedShape(part.numberedBy)) {
      throw new Error(`BatchWrite: ${id} was given two different column sets`);
    } else existing.rows.push(...part.rows);
    return this;
  }
}

/** Statement texts by shape (a few per program: one per kind of change). */
const statementCache = new Map<string, string>();

/** A quoted identifier; names here come from the code (tables and columns), never from input. */
const id = (name: string) => `"${name.replaceAll('"', '""')}"`;
const list = (names: string[]) => names.map(id).join(', ');

/**
 * One part's statement. Rows are read from `param` through `jsonb_populate_recordset` over the table's own row type,
 * so every value takes its column's type: keys that are not columns are ignored, absent ones read as null (only the
 * listed columns are used, so others keep their defaults). jsonb rather than json: the text is parsed once, and
 * nested documents (invoices, event data) reach their jsonb columns without a second parse.
 */
function statementOf(p: Part, param: string, numbering: boolean): string {
  const table = id(p.table);
  const rows = (alias: string) => `jsonb_populate_recordset(null::${table}, ${param}) as ${alias}`;
  if (p.kind === 'insert' && numbering && p.numberedBy) {
    const by = p.numberedBy;
    return `insert into ${table} (${list(p.keys)}) select ${p.keys.map((c) => numberedValue(c, by)).join(', ')} from ${rows('r')} left join numbers as n on n.id = ${field(by.id)}`;
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

const numberedShape = (by: Part['numberedBy']) => (by ? `${by.id}>${by.set.join()}${by.every ? '!' : ''}` : '');

/** A path inside a jsonb column as a text[] literal: `a.b` → '{a,b}' (names come from the code, never from input). */
const jsonPath = (keys: string[]) => `'{${keys.map((k) => k.replaceAll("'", "''")).join(',')}}'`;

/** `column` or `column.field…` (a field inside a jsonb column) of the row being inserted, as text. */
function field(path: string): string {
  const [column, ...keys] = path.split('.');
  return keys.length === 0 ? `r.${id(column)}::text` : `r.${id(column)}#>>${jsonPath(keys)}`;
}

/** A column's value in a numbered insert: the row's own, or with the number it was handed (see NumberedColumns). */
function numberedValue(column: string, by: NonNullable<Part['numberedBy']>): string {
  const own = `r.${id(column)}`;
  if (by.set.includes(column)) return by.every ? 'n.number' : `coalesce(n.number, ${own})`;
  const inside = by.set.find((s) => s.startsWith(`${column}.`));
  if (!inside) return own;
  const set = `jsonb_set(${own}, ${jsonPath(inside.split('.').slice(1))}, to_jsonb(n.number))`; // null (so NOT NULL fails) without a number
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
  return [
    `counters as (insert into ${table} (${keys}, ${last}) select ${keys}, ${last} from jsonb_populate_recordset(null::${table}, $1::jsonb) ` +
      `on conflict (${keys}) do update set ${last} = ${table}.${last} + excluded.${last} returning ${keys}, ${last})`,
    `numbers as (select x->>'id' as id, c.${last} - (x->>'from_end')::int as number from jsonb_array_elements($2::jsonb) as x ` +
      `cross join lateral jsonb_populate_record(null::${table}, x) as k join counters as c on ${matches})`,
  ];
}

/** The numbering's two parameters: each counter's count (summed and sorted by key), and each item's place. */
function numberingJson(n: NumberingPart): [string, string] {
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
  const counters = mergedSorted(n.items.map((item) => ({ ...item.key, [n.last]: 1 })), [...n.keys], [n.last]);
  return [JSON.stringify(counters), JSON.stringify(items)];
}

/**
 * A part's rows as its JSON parameter (a rollup's rows summed by key and sorted first). Top-level Dates are written
 * as their JSON text here, each instant formatted once per batch (`times`): a Date makes JSON.stringify call its
 * toJSON and leave the fast path, which made a batch's 100 kB of JSON take twice as long (and a batch's rows share a
 * few instants: now, the issue time). The text is the same as JSON.stringify gives.
 */
function rowsJson(p: Part, times: Map<number, string | null>): string {
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
