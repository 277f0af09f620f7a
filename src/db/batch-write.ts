import type { Executor } from './database.js';
import { preparedQuery } from './prepared.js';

type Row = Record<string, unknown>;

interface Part {
  table: string;
  kind: 'insert' | 'upsert-adding' | 'update';
  /** insert: the columns given; upsert-adding: the key columns; update: the key column. */
  keys: string[];
  /** upsert-adding: the counters added to; update: the columns set. */
  values: string[];
  rows: Row[];
}

/**
 * Rows for several tables, written by one statement when `execute` is called: each table is a data-modifying CTE
 * fed by a single JSON parameter, read through `jsonb_populate_recordset` over the table's own row type so every value
 * takes its column's type. A batch of confirmations (sales, invoices, rollups, payments, events) is then one round trip
 * and one plan, whatever the number of rows; that is what lets many confirmations share a commit cheaply.
 *
 * Values are JSON: Dates become ISO instants, and json/jsonb columns take objects (not JSON strings). Foreign keys
 * between parts hold because Postgres checks them at the end of the statement, when every part has run.
 */
export class BatchWrite {
  private readonly parts = new Map<string, Part>();

  /** Inserts rows; columns not listed take their defaults. */
  insert(table: string, columns: readonly string[], rows: Row[]): this {
    return this.add({ table, kind: 'insert', keys: [...columns], values: [], rows });
  }

  /**
   * Adds counters into rows keyed by `keys` (a rollup), creating the rows that are missing. Rows with the same key are
   * summed first (one statement may touch a row only once) and sorted, so concurrent writers lock rows in one order.
   */
  upsertAdding(table: string, keys: readonly string[], counters: readonly string[], rows: Row[]): this {
    return this.add({ table, kind: 'upsert-adding', keys: [...keys], values: [...counters], rows });
  }

  /** Sets `columns` on the rows whose `key` is given (one row per key). */
  update(table: string, key: string, columns: readonly string[], rows: Row[]): this {
    return this.add({ table, kind: 'update', keys: [key], values: [...columns], rows });
  }

  get isEmpty(): boolean {
    return [...this.parts.values()].every((p) => p.rows.length === 0);
  }

  /** Writes everything added so far in one statement, then starts empty again. */
  async execute(trx: Executor): Promise<void> {
    const parts = [...this.parts.values()].filter((p) => p.rows.length > 0);
    this.parts.clear();
    if (parts.length === 0) return;
    // The statement's text depends only on which tables and columns are written, so it is built once per shape,
    // kept, and prepared once per connection; each call sends one JSON parameter per part.
    const shape = parts.map((p) => `${p.kind} ${p.table} ${p.keys.join()} ${p.values.join()}`).join('\n');
    let text = statementCache.get(shape);
    if (text === undefined) {
      text = `with ${parts.map((p, i) => `w${i} as (${statementOf(p, `$${i + 1}::jsonb`)})`).join(', ')} select 1`;
      statementCache.set(shape, text);
    }
    const times = new Map<number, string | null>();
    await trx.executeQuery(preparedQuery(text, parts.map((p) => rowsJson(p, times))));
  }

  private add(part: Part): this {
    const id = `${part.kind} ${part.table}`;
    const existing = this.parts.get(id);
    if (!existing) this.parts.set(id, { ...part, rows: [...part.rows] });
    else if (existing.keys.join() !== part.keys.join() || existing.values.join() !== part.values.join()) {
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
function statementOf(p: Part, param: string): string {
  const table = id(p.table);
  const rows = (alias: string) => `jsonb_populate_recordset(null::${table}, ${param}) as ${alias}`;
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
