import type { RawBuilder } from 'kysely';
import type { Executor } from '../db/index.js';

/** One broken rule, named by the check that found it, with what an operator needs to find the rows. */
export interface Violation {
  check: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface CheckOutcome {
  /** How many things the check looked at (paid requests, sales, rollup rows…), for the report. */
  checked: number;
  violations: Violation[];
}

export interface Check {
  name: string;
  /** What must hold, in one line. */
  rule: string;
  /** What `checked` counts ("sales", "rollup rows"…). */
  unit: string;
  run(db: Executor): Promise<CheckOutcome>;
}

/** Most offending rows one query reports: a badly broken database must not flood memory or the terminal. */
export const ROW_LIMIT = 1000;

export async function rows<T>(db: Executor, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

/** Counts come back as number, string or bigint depending on the driver and the SQL type: read them one way. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** A note that a query hit ROW_LIMIT, so the list is not the whole story. */
export function limited<T>(check: string, found: T[], what: string): Violation[] {
  return found.length >= ROW_LIMIT
    ? [{ check, message: `at least ${ROW_LIMIT} ${what}; only the first ${ROW_LIMIT} are listed` }]
    : [];
}

export async function countOf(db: Executor, query: RawBuilder<{ n: unknown }>): Promise<number> {
  const [row] = await rows(db, query);
  return num(row?.n);
}
