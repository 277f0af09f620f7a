import pg from 'pg';
import { onCleanup } from './cleanup.js';
import { runLoad, type LoadResult } from './load.js';
import { randomAmount } from './stalls.js';

/**
 * The baseline the confirmation benchmarks are held against: `concurrency` plain pg clients (one connection per
 * worker, no query builder), each committing one-row durable transactions (`BEGIN; INSERT; COMMIT`) back to back
 * into `bench_raw`, over a timed window.
 */
export async function rawInsertRate(
  url: string,
  concurrency: number,
  durationS: number,
  warmupS: number,
  onWindow: (edge: 'start' | 'end') => void,
): Promise<LoadResult & { written: number }> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`CREATE TABLE IF NOT EXISTS bench_raw (
    id bigserial PRIMARY KEY,
    provider_tx_id text NOT NULL,
    account_number text NOT NULL,
    amount bigint NOT NULL,
    description text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
  await setup.end();

  const clients = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const c = new pg.Client({ connectionString: url });
      c.on('error', () => {}); // a connection ended by the cleanup (the database dropped) must not crash the run
      await c.connect();
      return c;
    }),
  );
  const closeAll = () => Promise.all(clients.map((c) => c.end().catch(() => {})));
  const removeCleanup = onCleanup('close raw pg clients', closeAll);
  let seq = 0;
  try {
    const result = await runLoad({
      durationMs: durationS * 1000,
      warmupMs: warmupS * 1000,
      concurrency,
      onWindow,
      op: async (w) => {
        const c = clients[w];
        seq++;
        await c.query('BEGIN');
        await c.query(
          'INSERT INTO bench_raw (provider_tx_id, account_number, amount, description) VALUES ($1, $2, $3, $4)',
          [`RAW${seq}`, '04510000001', randomAmount(), `MBVCB.${seq}.CSABCDEFGH.CT tu 0451000999 NGUYEN VAN A`],
        );
        await c.query('COMMIT');
        return true;
      },
    });
    // Every insert committed, warm-up included (for figures taken over the whole run, such as WAL).
    return { ...result, written: seq };
  } finally {
    removeCleanup();
    await closeAll();
  }
}
