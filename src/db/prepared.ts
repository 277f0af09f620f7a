import { CompiledQuery } from 'kysely';

/**
 * Statements run on every confirmation batch are prepared once per Postgres connection (a named statement) instead of
 * being parsed, analysed and planned on each call. Their text is fixed (rows travel as one JSON parameter), so a
 * handful of names covers them. Measured in `bench/write-path.ts`: 12% less Postgres CPU per confirmation.
 *
 * Only texts registered here are named: Kysely's other queries vary in text with their argument lists, and naming
 * those would grow every connection's statement cache without bound. PGlite runs in process and ignores this.
 */
const names = new Map<string, string>();

/** A query whose statement is prepared once per connection; the text must not embed values. */
export function preparedQuery<R = unknown>(text: string, parameters: readonly unknown[]): CompiledQuery<R> {
  if (!names.has(text)) names.set(text, `cashless_${names.size + 1}`);
  return CompiledQuery.raw(text, [...parameters]);
}

/** The statement name under which a registered text is prepared, or undefined for any other text. */
export const preparedStatementName = (text: string): string | undefined => names.get(text);
