import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';

/**
 * A secret that the service generates once and keeps in the database (sandbox webhook secret, PII key),
 * so the embedded setup works out of the box and restarts keep the same value. Safe under concurrent starts.
 */
export async function getOrCreateSecret(db: Db, name: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
