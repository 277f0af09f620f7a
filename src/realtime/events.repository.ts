import { sql } from 'kysely';
import type { BatchWrite, Executor, EventType } from '../db/index.js';

export interface NewEvent {
  type: EventType;
  merchantId?: string | null;
  /** Only what the board or the merchant's own feed may show: never a phone number or a full account number. */
  data: Record<string, unknown>;
}

export interface StoredEvent extends NewEvent {
  id: number;
  createdAt: Date;
}

/**
 * The one shape of an events row, for both ways events are written (the single insert and the confirmation's batch
 * write), so a column added or renamed changes in one place. `data` stays an object: each writer serialises it.
 */
export function eventRow(event: NewEvent): {
  type: EventType;
  merchant_id: string | null;
  data: Record<string, unknown>;
} {
  return { type: event.type, merchant_id: event.merchantId ?? null, data: event.data };
}

/** Appends events inside the caller's transaction; they become visible exactly when the change commits. */
export async function appendEvents(trx: Executor, events: NewEvent[]): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const rows = await trx
    .insertInto('events')
    .values(
      events.map((e) => {
        const row = eventRow(e);
        return { ...row, data: JSON.stringify(row.data) };
      }),
    )
    .returning(['id', 'created_at'])
    .execute();
  return rows.map((r, i) => ({ ...events[i], id: Number(r.id), createdAt: r.created_at }));
}

/**
 * Adds events to a batch write: they are appended, in this order, when it runs inside the caller's transaction. A
 * sale's event carries the invoice issued with it, numbered by the same write: stored with that number in
 * `data.invoice.number`.
 */
export function writeEvents(write: BatchWrite, events: NewEvent[]): void {
  write.insert('events', ['type', 'merchant_id', 'data'], events.map(eventRow), {
    id: 'data.invoice.invoiceId',
    set: ['data.invoice.number'],
    every: false,
  });
}

/**
 * Where a feed has read up to: a Postgres snapshot (`pg_snapshot`), as its upper bound `xmax` and the transactions
 * still running when it was taken (`xip`). Every other transaction below `xmax` had committed or aborted by then.
 */
export interface FeedCursor {
  xmax: string;
  xip: string[];
}

/** Parses `pg_snapshot` text, `xmin:xmax:xip,xip,…` (PostgreSQL docs, "Snapshot Information Functions"). */
export function parseSnapshot(text: string): FeedCursor {
  const [, xmax, xip] = text.split(':');
  if (!xmax) throw new Error(`not a pg_snapshot: ${text}`);
  return { xmax, xip: xip ? xip.split(',') : [] };
}

export async function currentSnapshot(db: Executor): Promise<FeedCursor> {
  const { rows } = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(db);
  return parseSnapshot(rows[0].snapshot);
}

/**
 * The events that became visible since `cursor` (written by a transaction the cursor's snapshot could not see, and
 * visible now), with the snapshot this read ran under: one statement, so the rows and the snapshot agree. A
 * transaction below the old `xmax` and not in its running list was already visible then, so only those two sets
 * are read, both through the `xid` index.
 */
export async function eventsCommittedSince(
  db: Executor,
  cursor: FeedCursor,
): Promise<{ events: StoredEvent[]; snapshot: FeedCursor }> {
  const xip = `{${cursor.xip.join(',')}}`;
  const { rows } = await sql<{
    snapshot: string;
    id: string | null;
    type: EventType;
    merchant_id: string | null;
    data: Record<string, unknown>;
    created_at: Date;
  }>`
    with snap as materialized (select pg_current_snapshot() as s)
    select snap.s::text as snapshot, e.id, e.type, e.merchant_id, e.data, e.created_at
    from snap left join events e on e.xid >= ${cursor.xmax}::xid8 or e.xid = any(${xip}::xid8[])
    order by e.id`.execute(db);
  const events = rows
    .filter((r) => r.id !== null)
    .map((r) => ({
      id: Number(r.id),
      type: r.type,
      merchantId: r.merchant_id,
      data: r.data,
      createdAt: new Date(r.created_at),
    }));
  return { events, snapshot: parseSnapshot(rows[0].snapshot) };
}
