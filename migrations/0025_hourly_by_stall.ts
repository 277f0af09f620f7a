import { sql, type Kysely } from 'kysely';

// A site's or a province's board reads today's hours of its own stalls only. The rollup's key leads with the hour, so
// that read walked every stall's rows of the day (or the whole table, when the planner chose a sequential scan) and
// kept the scope's. Keyed by stall first, each of the scope's stalls is a short range of today's hours. The write path
// pays an entry only when a stall's hour row is first inserted (once per stall and hour): later sales in that hour
// update counters no index holds, so those updates stay HOT.
//
// A site's ticker (its stalls' latest sales) looked through the latest 20,000 events for its stalls' (about 2,000 of
// them for a site among a hundred, each joined to its stall). Sale events by stall, newest first, let it read each
// stall's latest 20 and keep the newest 20. Partial: only sale events enter it, one entry per sale (migration 0009
// dropped an index on every event by stall, three entries per payment, that no query then read).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index merchant_hourly_stall on merchant_hourly (merchant_id, hour)`.execute(db);
  await sql`create index events_sales_by_stall on events (merchant_id, id) where type = 'sale.recorded'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index events_sales_by_stall`.execute(db);
  await sql`drop index merchant_hourly_stall`.execute(db);
}
