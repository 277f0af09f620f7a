import { sql, type RawBuilder } from 'kysely';
import type { Executor } from './database.js';

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

const ref = (c: string) => sql.ref(c);
const list = (cs: string[]) => sql.join(cs.map(ref));

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
    const ctes = parts.map((p, i) => sql`${sql.raw(`w${i}`)} as (${statementOf(p)})`);
    await sql`with ${sql.join(ctes)} select 1`.execute(trx);
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

function statementOf(p: Part): RawBuilder<unknown> {
  const table = sql.table(p.table);
  if (p.kind === 'insert') {
    return sql`insert into ${table} (${list(p.keys)}) select ${list(p.keys)} from ${recordset(p.table, p.rows)}`;
  }
  if (p.kind === 'update') {
    const [key] = p.keys;
    const sets = sql.join(p.values.map((c) => sql`${ref(c)} = v.${ref(c)}`));
    // The `= any(array(...))` is there for the planner: it guesses 100 rows for a recordset and would scan a
    // small-to-middling table whole for the join; a key list (evaluated once) makes it an index lookup at any size.
    return sql`update ${table} set ${sets} from ${recordset(p.table, p.rows, 'v')}
      where ${table}.${ref(key)} = v.${ref(key)}
      and ${table}.${ref(key)} = any(array(select k.${ref(key)} from ${recordset(p.table, p.rows, 'k')}))`;
  }
  const rows = mergedSorted(p.rows, p.keys, p.values);
  const cols = [...p.keys, ...p.values];
  const adds = sql.join(p.values.map((c) => sql`${ref(c)} = ${table}.${ref(c)} + excluded.${ref(c)}`));
  return sql`insert into ${table} (${list(cols)}) select ${list(cols)} from ${recordset(p.table, rows)}
    on conflict (${list(p.keys)}) do update set ${adds}`;
}

/**
 * The rows as one JSON parameter, typed by the table's row type. Rows go to JSON as they are: keys that are not
 * columns are ignored by `jsonb_populate_recordset`, and absent or undefined ones read as null (only the listed
 * columns are used, so others keep their defaults). jsonb rather than json: the text is parsed once, and nested
 * documents (invoices, event data) reach their jsonb columns without a second parse.
 */
function recordset(table: string, rows: Row[], alias = 'r'): RawBuilder<unknown> {
  return sql`jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb) as ${sql.raw(alias)}`;
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
