import pg from 'pg';
import { excludePostgresPid } from './cpu.js';

/**
 * Samples pg_stat_activity of one database every few milliseconds during a measured window and tallies what its
 * connections are doing: running, waiting on a lock, on WAL flush, idle inside a transaction (waiting for the app's
 * next statement), or idle. Tells whether the time goes to Postgres, to locks, or to the application between
 * statements.
 */
export function activitySampler(url: string, database: string, everyMs = 20) {
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let busy = false;
  let samples = 0;
  const tally = new Map<string, number>();

  const sample = async () => {
    if (busy || !client) return;
    busy = true;
    try {
      const r = await client.query<{ state: string | null; wtype: string | null; wevent: string | null }>(
        `SELECT state, wait_event_type AS wtype, wait_event AS wevent FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        [database],
      );
      samples++;
      for (const row of r.rows) {
        const key =
          row.state === 'active'
            ? row.wtype && row.wtype !== 'Client'
              ? `active, waiting ${row.wtype}:${row.wevent}`
              : 'active, running'
            : (row.state ?? 'unknown');
        tally.set(key, (tally.get(key) ?? 0) + 1);
      }
    } catch {
      /* a missed sample */
    } finally {
      busy = false;
    }
  };

  return {
    async start() {
      client = new pg.Client({ connectionString: url });
      await client.connect();
      // Its own queries are monitoring, not the app's work: keep them out of the CPU figures.
      const r = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      excludePostgresPid(r.rows[0].pid);
    },
    onWindow(edge: 'start' | 'end') {
      if (edge === 'start') timer = setInterval(() => void sample(), everyMs);
      else if (timer) clearInterval(timer);
    },
    async stop() {
      if (timer) clearInterval(timer);
      await client?.end().catch(() => {});
      client = null;
    },
    /** Average number of connections in each state over the window, e.g. "idle in transaction 12.3". */
    describe(): string {
      if (samples === 0) return 'n/a';
      return [...tally.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${(n / samples).toFixed(1)}`)
        .join(', ');
    },
  };
}
