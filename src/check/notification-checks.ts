import { sql } from 'kysely';
import type { Executor } from '../db/index.js';
import { isProviderName, providerAdapters } from '../payments/index.js';
import { countOf, limited, num, ROW_LIMIT, rows, type Check, type Violation } from './check.js';

// Money, from the provider's side: every credit a provider told us of is recorded once.

export const notificationsHavePayments: Check = {
  name: 'notifications_have_payments',
  rule: 'every processed notification has exactly one payment (unless it carried no credit) for the same provider transaction; a failed one has none',
  unit: 'notifications',
  async run(db) {
    const checked = await countOf(db, sql<{ n: unknown }>`select count(*) as n from notifications`);
    const found = await rows(
      db,
      sql<{
        id: unknown;
        provider: string;
        provider_tx_id: string;
        status: string;
        raw_body: string;
        payments: unknown;
      }>`
        select n.id, n.provider, n.provider_tx_id, n.status, n.raw_body, count(p.id) as payments
        from notifications n left join payments p on p.notification_id = n.id
        group by n.id
        having (n.status = 'processed' and count(p.id) <> 1) or (n.status = 'failed' and count(p.id) > 0)
        order by n.id
        limit ${ROW_LIMIT}`,
    );
    const violations: Violation[] = [];
    for (const n of found) {
      if (n.status === 'processed' && num(n.payments) === 0 && !carriesCredit(n.provider, n.provider_tx_id, n.raw_body))
        continue;
      violations.push({
        check: this.name,
        message: `notification ${n.provider}/${n.provider_tx_id} (${n.status}) has ${num(n.payments)} payments`,
        details: { notificationId: num(n.id) },
      });
    }
    const mislinked = await rows(
      db,
      sql<{ id: string; provider: string; provider_tx_id: string }>`
        select p.id, p.provider, p.provider_tx_id from payments p join notifications n on n.id = p.notification_id
        where n.provider <> p.provider or n.provider_tx_id <> p.provider_tx_id
        limit ${ROW_LIMIT}`,
    );
    for (const p of mislinked) {
      violations.push({
        check: this.name,
        message: `payment ${p.provider}/${p.provider_tx_id} points to another transaction's notification`,
        details: { paymentId: p.id },
      });
    }
    return { checked, violations: [...violations, ...limited(this.name, found, 'notifications')] };
  },
};

/** Whether a stored raw body names a credit with this transaction id (a notice with no money in it needs no payment). */
function carriesCredit(provider: string, providerTxId: string, rawBody: string): boolean {
  if (!isProviderName(provider)) return true;
  try {
    return providerAdapters[provider].parse(JSON.parse(rawBody)).some((c) => c.providerTxId === providerTxId);
  } catch {
    return true; // unreadable: a processed notification should have been readable, so count it as money
  }
}

/** Notifications kept as failed: money heard of but not yet recorded; the provider's retry will process them. */
export async function failedNotifications(db: Executor): Promise<number> {
  return countOf(db, sql<{ n: unknown }>`select count(*) as n from notifications where status = 'failed'`);
}
