import type { InsertType, SelectType } from 'kysely';
import type { Executor } from './database.js';
import { preparedQuery } from './prepared.js';
import { numberedShape, numberingJson, rowsJson, statementText, type NumberingPart, type Part } from './batch-sql.js';
import type { DB } from './schema.js';

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
  ColumnOf<S, T> | { [K in ColumnOf<S, T>]: `${K}.${JsonPaths<NonNullable<SelectType<S[T][K]>>>}` }[ColumnOf<S, T>];

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
  /**
   * Text columns (or fields) whose value given is a prefix: the write appends the item's value of the numbering's
   * `sequence`, zero-padded to its digits (a row without one keeps its value, or fails NOT NULL with `every`).
   */
  suffixed?: ReadonlyArray<ColumnPath<S, T>>;
}

/** The numbers a write handed out by item id, and the values its numbering's sequence gave them (when it has one). */
export class WrittenNumbers extends Map<string, number> {
  readonly sequences = new Map<string, number>();
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
  /**
   * A Postgres sequence each item also takes a value of (nextval, in the same statement), appended to its row's
   * `suffixed` columns zero-padded to `digits`. Unique, not gapless; the sequence's maximum must fit the digits.
   */
  sequence?: { name: string; digits: number };
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
  insert<T extends keyof S & string, C extends ColumnOf<S, T>>(
    table: T,
    columns: readonly C[],
    rows: ReadonlyArray<BatchRow<S, T, C>>,
    numberedBy?: NumberedColumns<S, T>,
  ): this {
    return this.add({ table, kind: 'insert', keys: [...columns], values: [], rows: [...rows], numberedBy });
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
    return this.add({ table, kind: 'upsert-adding', keys: [...keys], values: [...counters], rows: [...rows] });
  }

  /** Sets `columns` on the rows whose `key` is given (one row per key). */
  update<T extends keyof S & string, K extends ColumnOf<S, T>, C extends ColumnOf<S, T>>(
    table: T,
    key: K,
    columns: readonly C[],
    rows: ReadonlyArray<BatchRow<S, T, K | C>>,
  ): this {
    return this.add({ table, kind: 'update', keys: [key], values: [...columns], rows: [...rows] });
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
    const text = statementText(parts, numbering);
    const times = new Map<number, string | null>();
    const parameters = parts.map((p) => rowsJson(p, times));
    if (numbering) parameters.unshift(...numberingJson(numbering));
    return { sql: text, parameters, numbers: !!numbering };
  }

  /**
   * Writes everything added so far in one statement, then starts empty again. Returns the numbers the write's
   * numbering handed out, by item id (empty without a numbering).
   */
  async execute(trx: Executor): Promise<WrittenNumbers> {
    const compiled = this.compile();
    this.parts.clear();
    this.numbering = undefined;
    const written = new WrittenNumbers();
    if (!compiled) return written;
    const { rows } = await trx.executeQuery<{ numbers?: Array<[string, number, string | number | null]> }>(
      preparedQuery(compiled.sql, compiled.parameters),
    );
    for (const [id, number, sequence] of compiled.numbers ? (rows[0].numbers ?? []) : []) {
      written.set(id, number);
      if (sequence !== null) written.sequences.set(id, Number(sequence)); // bigint answers as text in JSON
    }
    return written;
  }

  private add(part: Part): this {
    const id = `${part.kind} ${part.table}`;
    const existing = this.parts.get(id);
    if (!existing)
      this.parts.set(id, part); // its rows are a copy made by the caller (insert, upsertAdding, update)
    else if (
      existing.keys.join() !== part.keys.join() ||
      existing.values.join() !== part.values.join() ||
      numberedShape(existing.numberedBy) !== numberedShape(part.numberedBy)
    ) {
      throw new Error(`BatchWrite: ${id} was given two different column sets`);
    } else existing.rows.push(...part.rows);
    return this;
  }
}
