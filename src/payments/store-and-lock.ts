import { sql, type CompiledQuery } from 'kysely';
import { type Executor, preparedQuery } from '../db/index.js';
import { merchantColumns, type MerchantRow } from '../merchants/index.js';
import { paymentRequestColumns, type PaymentRequestRow } from '../payment-requests/index.js';

export interface StoredAndLocked {
  /** The inbox row id of each notification this batch is to process, keyed by provider and provider tx id (NUL between). */
  notificationIds: Map<string, number>;
  /** The payment requests the memos name, locked until the batch commits. */
  requests: PaymentRequestRow[];
  /** The stalls of those requests and of the credited accounts. */
  merchants: MerchantRow[];
}

type Answer = {
  n: Array<{ id: number; provider: string; provider_tx_id: string }>;
  r: PaymentRequestRow[];
  m: MerchantRow[];
};

const columns = (cs: readonly string[]) => sql.join(cs.map((c) => sql.ref(c)));
const list = (values: string[]) => sql`array(select json_array_elements_text(${JSON.stringify(values)}::json))`;

/** storeAndLock's one statement, compiled (its text is reviewed in test/sql). */
export function storeAndLockStatement(
  trx: Executor,
  notifications: Array<{ provider: string; provider_tx_id: string; raw_body: string }>,
  references: string[],
  accounts: string[],
): CompiledQuery<Answer> {
  const sorted = [...notifications].sort((a, b) =>
    `${a.provider} ${a.provider_tx_id}` < `${b.provider} ${b.provider_tx_id}` ? -1 : 1,
  );
  return sql<Answer>`
    with n as (
      insert into notifications (provider, provider_tx_id, raw_body, status)
      select provider, provider_tx_id, raw_body, 'processed' from json_populate_recordset(null::notifications, ${JSON.stringify(sorted)}::json)
      on conflict (provider, provider_tx_id) do update set status = 'processed', error = null where notifications.status = 'failed'
      returning id, provider, provider_tx_id
    ), r as (
      select ${columns(paymentRequestColumns)} from payment_requests where reference = any(${list(references)}) order by id for update
    ), m as (
      select ${columns(merchantColumns)} from merchants
      where id = any(array(select merchant_id from r)) or payout_account = any(${list(accounts)})
    )
    select (select coalesce(json_agg(n), '[]') from n) as n,
           (select coalesce(json_agg(r), '[]') from r) as r,
           (select coalesce(json_agg(m), '[]') from m) as m`.compile(trx);
}

/**
 * The reading half of a confirmation batch, in one statement (one round trip instead of three):
 * - the raw notifications are stored in the inbox; one already processed is left alone and is not in the answer
 *   (a notification stored as failed earlier is taken over, so this delivery processes it);
 * - the payment requests whose references the memos carry are locked (in id order: one lock order for every batch);
 * - the stalls of those requests, and those owning the credited accounts, are read.
 * Notifications are sorted so concurrent batches take the inbox's unique-index locks in one order.
 */
export async function storeAndLock(
  trx: Executor,
  notifications: Array<{ provider: string; provider_tx_id: string; raw_body: string }>,
  references: string[],
  accounts: string[],
): Promise<StoredAndLocked> {
  const statement = storeAndLockStatement(trx, notifications, references, accounts);
  // Its text is the same for every batch (the lists travel as JSON), so it is prepared once per connection.
  const { rows } = await trx.executeQuery(preparedQuery<Answer>(statement.sql, statement.parameters));
  const [{ n, r, m }] = rows;
  // JSON carries instants as text: make them the Dates the rest of the code (and the row types) expect.
  const requests = r.map((row) => ({
    ...row,
    expires_at: new Date(row.expires_at),
    paid_at: row.paid_at && new Date(row.paid_at),
    created_at: new Date(row.created_at),
  }));
  const merchants = m.map((row) => ({ ...row, created_at: new Date(row.created_at) }));
  return {
    notificationIds: new Map(n.map((x) => [`${x.provider}\u0000${x.provider_tx_id}`, Number(x.id)])),
    requests,
    merchants,
  };
}
