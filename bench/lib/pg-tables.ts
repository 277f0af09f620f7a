import pg from 'pg';

/**
 * Per-table work Postgres did during a measured window (from pg_stat_user_tables and pg_stat_database): sequential
 * scans and the rows they read, index scans, inserts, updates (and how many were HOT), and buffer hits per
 * operation. A sequential scan on a table that grows with every payment shows up here at once. Statistics reach
 * these views within about a second, so edges are approximate.
 */
interface TableStats {
  seq_scan: number;
  seq_tup_read: number;
  idx_scan: number;
  n_tup_ins: number;
  n_tup_upd: number;
  n_tup_hot_upd: number;
}

type Snapshot = { tables: Map<string, TableStats>; blksHit: number; blksRead: number; xactCommit: number };

async function snapshot(url: string): Promise<Snapshot> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // Let this backend see the freshest counters rather than a cached snapshot.
    await c.query(`SET stats_fetch_consistency = none`).catch(() => {});
    const t = await c.query(
      `SELECT relname, coalesce(seq_scan,0)::float8 seq_scan, coalesce(seq_tup_read,0)::float8 seq_tup_read,
              coalesce(idx_scan,0)::float8 idx_scan, n_tup_ins::float8, n_tup_upd::float8, n_tup_hot_upd::float8
         FROM pg_stat_user_tables`,
    );
    const d = await c.query(
      `SELECT blks_hit::float8, blks_read::float8, xact_commit::float8 FROM pg_stat_database WHERE datname = current_database()`,
    );
    return {
      tables: new Map(t.rows.map((r) => [r.relname as string, r as TableStats])),
      blksHit: d.rows[0].blks_hit,
      blksRead: d.rows[0].blks_read,
      xactCommit: d.rows[0].xact_commit,
    };
  } finally {
    await c.end();
  }
}

export function tableStatsWindow(url: string) {
  let start: Promise<Snapshot> | null = null;
  let end: Promise<Snapshot> | null = null;
  const swallow = (p: Promise<Snapshot>) => {
    p.catch(() => {});
    return p;
  };
  return {
    onWindow(edge: 'start' | 'end') {
      if (edge === 'start') start = swallow(snapshot(url));
      else end = swallow(snapshot(url));
    },
    /** Lines describing the window's work, per `ops` successful operations. */
    async describe(ops: number, top = 6): Promise<string[]> {
      if (!start || !end || ops === 0) return ['n/a'];
      let a: Snapshot, b: Snapshot;
      try {
        [a, b] = await Promise.all([start, end]);
      } catch (error) {
        return [`n/a (${(error as Error).message})`];
      }
      const per = (n: number) => (n / ops).toFixed(n / ops >= 10 ? 0 : 2);
      const rows = [...b.tables.entries()].map(([name, s]) => {
        const p = a.tables.get(name);
        const d = (k: keyof TableStats) => s[k] - (p?.[k] ?? 0);
        return {
          name,
          seq: d('seq_scan'),
          seqRead: d('seq_tup_read'),
          idx: d('idx_scan'),
          ins: d('n_tup_ins'),
          upd: d('n_tup_upd'),
          hot: d('n_tup_hot_upd'),
        };
      });
      rows.sort((x, y) => y.seqRead + y.idx + y.ins + y.upd - (x.seqRead + x.idx + x.ins + x.upd));
      const lines = [
        `per op: ${per(b.blksHit - a.blksHit)} buffer hits, ${per(b.blksRead - a.blksRead)} reads, ${per(b.xactCommit - a.xactCommit)} commits`,
      ];
      for (const r of rows.slice(0, top)) {
        if (r.seq + r.idx + r.ins + r.upd === 0) continue;
        lines.push(
          `${r.name}: ${per(r.seq)} seq scans (${per(r.seqRead)} rows read), ${per(r.idx)} index scans, ${per(r.ins)} inserts, ${per(r.upd)} updates (${per(r.hot)} HOT)`,
        );
      }
      return lines;
    },
  };
}
