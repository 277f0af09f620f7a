import { sql, type Kysely } from 'kysely';

// Money made by the sandbox bank is marked where it is stored: the payment, the sale it made and that sale's
// invoices. A constant default adds the column without rewriting the table (Postgres 11+), and old rows are real.
const tables = ['payments', 'sales', 'invoices'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of tables) {
    await db.schema
      .alterTable(table)
      .addColumn('test', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
  }
  await maskStoredPayerAccounts(db);
  await dropStoredSecrets(db);
  // Masked phones show the last three digits only: `091****678` becomes `*******678` (one star per hidden digit).
  await sql`update activations set phone_masked = repeat('*', length(phone_masked) - 3) || right(phone_masked, 3) where phone_masked !~ '^[*]+[0-9]{3}$'`.execute(
    db,
  );
}

// The first digits masked by `up` are gone for good: `down` leaves the masks as they are.
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of tables) await db.schema.alterTable(table).dropColumn('test').execute();
}

// A copy (migrations never import app code) of src/payments/raw-body-mask.ts as it was when this was written.
const PAYER_ACCOUNT = /("(?:counterAccountNumber|corresponsiveAccount)"\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d+)/g;
const mask = (v: string) => '*'.repeat(v.length - (v.length > 4 ? 4 : 0)) + v.slice(v.length - (v.length > 4 ? 4 : 0));

/** Raw notifications stored before: the payer's account number masked, as new ones are (last four digits). */
async function maskStoredPayerAccounts(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ id: number; raw_body: string }>`
    select id, raw_body from notifications where raw_body like '%counterAccountNumber%' or raw_body like '%corresponsiveAccount%'`.execute(
    db,
  );
  for (const row of rows) {
    const masked = row.raw_body.replace(
      PAYER_ACCOUNT,
      (_m, key: string, literal: string) =>
        `${key}${JSON.stringify(mask(literal.startsWith('"') ? (JSON.parse(literal) as string) : literal))}`,
    );
    if (masked !== row.raw_body)
      await sql`update notifications set raw_body = ${masked} where id = ${row.id}`.execute(db);
  }
}

/**
 * Idempotent answers an earlier version kept with their one-time secret (a css_/csm_ key or token, a websocket
 * ticket): kept from now on without it, as new ones are, so a replay still answers (and never acts twice).
 */
async function dropStoredSecrets(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ scope: string; key: string; response_body: string }>`
    select scope, key, response_body from idempotency_keys where response_body ~ 'cs[sm]_[A-Za-z0-9_-]{20}' or response_body like '%"ticket":"%'`.execute(
    db,
  );
  const scrub = (v: unknown): unknown => {
    if (typeof v === 'string') return /^cs[sm]_[A-Za-z0-9_-]{20,}$/.test(v) ? null : v;
    if (Array.isArray(v)) return v.map(scrub);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'ticket' ? null : scrub(x)]));
    return v;
  };
  for (const row of rows) {
    let body: unknown;
    try {
      body = JSON.parse(row.response_body);
    } catch {
      continue;
    }
    const kept = JSON.stringify({ ...(scrub(body) as object), secretShownOnce: true });
    await sql`update idempotency_keys set response_body = ${kept} where scope = ${row.scope} and key = ${row.key}`.execute(
      db,
    );
  }
}
