import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from '../config/index.js';
import type { Database, Db } from '../db/index.js';

export interface Secrets {
  /** Signs and verifies the sandbox bank's notifications. */
  sandboxWebhookSecret: string;
  /** Keys the hash of residents' phone numbers. */
  piiKey: string;
  /** Signs websocket tickets; every instance of a deployment needs the same one. */
  wsTicketKey: string;
}

/** The file, in the embedded database's data folder, that keeps the secrets the trial generated for itself. */
export const SECRETS_FILE = 'cashless-secrets.json';

type Name = keyof Secrets;
const sources: Record<Name, { env: 'SANDBOX_WEBHOOK_SECRET' | 'PII_KEY' | 'TICKET_KEY'; legacyRow: string }> = {
  sandboxWebhookSecret: { env: 'SANDBOX_WEBHOOK_SECRET', legacyRow: 'sandbox_webhook_secret' },
  piiKey: { env: 'PII_KEY', legacyRow: 'pii_key' },
  wsTicketKey: { env: 'TICKET_KEY', legacyRow: 'ws_ticket_key' },
};

// An in-memory trial database (memory://) has no folder: its generated secrets live as long as the database object.
const inMemory = new WeakMap<Db, Partial<Secrets>>();

const generate = () => randomBytes(32).toString('base64url');

/**
 * The service's own secrets. From the environment when set. A deployment on Postgres must set PII_KEY and TICKET_KEY
 * (ConfigError naming each missing one): the database is shared and backed up, so it must not hold them, and every
 * instance needs the same values. Only the embedded trial generates them, once, into its data folder.
 *
 * Earlier versions kept generated secrets in the `settings` table. Those rows are taken over here and deleted: an
 * embedded trial moves them to its folder (phone hashes keep matching); on Postgres a PII_KEY that differs from the
 * stored one is refused, since every stored phone hash was made with the old key.
 */
export async function resolveSecrets(database: Pick<Database, 'db' | 'kind'>, config: Config): Promise<Secrets> {
  const { db } = database;
  const legacy = new Map(
    (
      await db
        .selectFrom('settings')
        .select(['name', 'value'])
        .where(
          'name',
          'in',
          Object.values(sources).map((s) => s.legacyRow),
        )
        .execute()
    ).map((r) => [r.name, r.value]),
  );
  const fromEnv = (name: Name) => config[sources[name].env];
  const problems: string[] = [];
  const stored = legacy.get(sources.piiKey.legacyRow);
  if (config.PII_KEY && stored && stored !== config.PII_KEY) {
    problems.push(
      'PII_KEY: differs from the key this database hashed phone numbers with (settings row "pii_key"); set PII_KEY to that value',
    );
  }

  let secrets: Secrets;
  if (database.kind === 'postgres') {
    for (const name of ['piiKey', 'wsTicketKey'] as const) {
      if (fromEnv(name)) continue;
      const hint =
        name === 'piiKey' && stored
          ? ' (this database\'s phone hashes were made with the value of its settings row "pii_key")'
          : '';
      problems.push(
        `${sources[name].env}: required with Postgres (at least 32 characters, the same on every instance)${hint}`,
      );
    }
    if (problems.length > 0) throw new ConfigError(problems);
    // Sandbox transfers are delivered in-process, so a per-process secret works when none is set; it is never stored.
    secrets = {
      piiKey: config.PII_KEY!,
      wsTicketKey: config.TICKET_KEY!,
      sandboxWebhookSecret: config.SANDBOX_WEBHOOK_SECRET ?? generate(),
    };
  } else {
    if (problems.length > 0) throw new ConfigError(problems);
    const kept = readKept(db, config.DATA_DIR);
    const value = (name: Name) => fromEnv(name) ?? kept[name] ?? legacy.get(sources[name].legacyRow) ?? generate();
    secrets = {
      sandboxWebhookSecret: value('sandboxWebhookSecret'),
      piiKey: value('piiKey'),
      wsTicketKey: value('wsTicketKey'),
    };
    // Keep what was generated (or taken over from the database), never what the environment gives.
    const toKeep = Object.fromEntries(
      (Object.keys(sources) as Name[]).filter((n) => !fromEnv(n)).map((n) => [n, secrets[n]]),
    ) as Partial<Secrets>;
    writeKept(db, config.DATA_DIR, { ...kept, ...toKeep });
  }
  if (legacy.size > 0)
    await db
      .deleteFrom('settings')
      .where('name', 'in', [...legacy.keys()])
      .execute();
  return secrets;
}

function readKept(db: Db, dataDir: string): Partial<Secrets> {
  if (dataDir === 'memory://') return inMemory.get(db) ?? {};
  const file = path.join(dataDir, SECRETS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>) : {};
}

function writeKept(db: Db, dataDir: string, secrets: Partial<Secrets>): void {
  if (dataDir === 'memory://') {
    inMemory.set(db, secrets);
    return;
  }
  // Readable by the service's own user only.
  writeFileSync(path.join(dataDir, SECRETS_FILE), `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}
