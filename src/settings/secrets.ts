import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import { getOrCreateSecret } from './settings.repository.js';

export interface Secrets {
  /** Signs and verifies the sandbox bank's notifications. */
  sandboxWebhookSecret: string;
  /** Keys the hash of residents' phone numbers. */
  piiKey: string;
  /** Signs websocket tickets, shared by every instance through the database. */
  wsTicketKey: string;
}

/** Secrets from the environment when set, otherwise generated once and kept in the database. */
export async function resolveSecrets(db: Db, config: Config): Promise<Secrets> {
  return {
    sandboxWebhookSecret: config.SANDBOX_WEBHOOK_SECRET ?? (await getOrCreateSecret(db, 'sandbox_webhook_secret')),
    piiKey: config.PII_KEY ?? (await getOrCreateSecret(db, 'pii_key')),
    wsTicketKey: await getOrCreateSecret(db, 'ws_ticket_key'),
  };
}
