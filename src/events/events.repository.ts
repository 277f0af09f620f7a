import type { BatchWrite } from '../db/batch-write.js';
import type { Executor } from '../db/database.js';
import type { EventType } from './events.table.js';

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

/** Appends events inside the caller's transaction; they become visible exactly when the change commits. */
export async function appendEvents(trx: Executor, events: NewEvent[]): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const rows = await trx
    .insertInto('events')
    .values(events.map((e) => ({ type: e.type, merchant_id: e.merchantId ?? null, data: JSON.stringify(e.data) })))
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
  const rows = events.map((e) => ({ type: e.type, merchant_id: e.merchantId ?? null, data: e.data }));
  write.insert('events', ['type', 'merchant_id', 'data'], rows, { id: 'data.invoice.invoiceId', set: ['data.invoice.number'], every: false });
}

export async function eventsAfter(db: Executor, afterId: number, limit = 1000) {
  return db
    .selectFrom('events')
    .select(['id', 'type', 'merchant_id', 'data', 'created_at'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
