import { sql, type Kysely } from 'kysely';

// A site's or a province's board reads today's hours of its own stalls only. The rollup's key leads with the hour, so
// that read walked every stall's rows of the day (or the whole table, when the planner chose a sequential scan) and
// kept the scope's. Keyed by stall first, each of the scope's stalls is a short range of today's hours. The write path
// pays an entry only when a stall's hour row is first inserted (once per stall and hour): later sales in that hour
// update counters no index holds, so those updates stay HOT.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index merchant_hourly_stall on merchant_hourly (merchant_id, hour)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index merchant_hourly_stall`.execute(db);
}
