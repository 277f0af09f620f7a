import { sql, type RawBuilder } from 'kysely';
import { VIETNAM_OFFSET_MS } from './vietnam.js';

// The offset as a Postgres interval, written from the one definition in vietnam.js ("interval '7 hours'").
const OFFSET_INTERVAL = sql.raw(`interval '${VIETNAM_OFFSET_MS / 3_600_000} hours'`);

/** The Vietnam calendar day (YYYY-MM-DD) of a timestamptz column, computed in SQL exactly as vietnamDay() does. */
export function vietnamDaySql(column: string): RawBuilder<string> {
  return sql<string>`to_char((${sql.ref(column)} at time zone 'UTC') + ${OFFSET_INTERVAL}, 'YYYY-MM-DD')`;
}
