import { type Executor, preparedQuery, type SaleItem } from '../db/index.js';

/** A payment request as inserted (the other columns take their defaults: pending, not paid, created now). */
export interface RequestInsert {
  id: string;
  merchant_id: string;
  reference: string;
  amount: number;
  description: string | null;
  items: SaleItem[] | null;
  expires_at: Date;
}

/** What became of one insert: its creation time, its reference already taken, or the batch failed (insert alone). */
export type InsertOutcome = Date | 'reference-taken' | 'batch-failed';

/**
 * Group commit for dynamic QR creation. Every creation is one durable insert, so one commit (a WAL flush) each was
 * what bounded the rate: the inserts that arrive while a batch is being written wait and go together in the next one,
 * one statement and one commit for the lot. Nobody waits on purpose: a lone request is written at once. A reference
 * already taken leaves its row out (`on conflict do nothing`) and only that caller draws a new one; a batch that fails
 * for any other reason tells each caller to insert alone, so one bad row never fails the others. Measured in
 * bench/qr-create.ts (docs/benchmarks.md, "Round two").
 */
const INSERT_BATCH = `insert into "payment_requests"
  ("id", "merchant_id", "reference", "amount", "description", "items", "expires_at")
  select r.id, r.merchant_id, r.reference, r.amount, r.description, r.items, r.expires_at
  from jsonb_to_recordset($1::jsonb) as r(id uuid, merchant_id uuid, reference text, amount bigint, description text,
    items jsonb, expires_at timestamptz)
  on conflict ("reference") do nothing
  returning "id", "created_at"`;

const MAX_BATCH = 64;

interface Waiting {
  row: RequestInsert;
  done: (outcome: InsertOutcome) => void;
}

class InsertBatches {
  private readonly waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Executor) {}

  insert(row: RequestInsert): Promise<InsertOutcome> {
    return new Promise((done) => {
      this.waiting.push({ row, done });
      if (!this.writing) void this.drain();
    });
  }

  private async drain() {
    this.writing = true;
    try {
      while (this.waiting.length > 0) await this.write(this.waiting.splice(0, MAX_BATCH));
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Waiting[]) {
    try {
      const { rows } = await this.db.executeQuery(
        preparedQuery<{ id: string; created_at: Date }>(INSERT_BATCH, [JSON.stringify(batch.map((w) => w.row))]),
      );
      const created = new Map(rows.map((r) => [r.id, r.created_at]));
      for (const w of batch) w.done(created.get(w.row.id) ?? 'reference-taken');
    } catch {
      for (const w of batch) w.done('batch-failed');
    }
  }
}

const batchesByDb = new WeakMap<Executor, InsertBatches>();

/** Inserts `row` with whatever other requests are waiting on the same database (a pool, never a transaction). */
export function insertInBatch(db: Executor, row: RequestInsert): Promise<InsertOutcome> {
  let batches = batchesByDb.get(db);
  if (!batches) batchesByDb.set(db, (batches = new InsertBatches(db)));
  return batches.insert(row);
}
