import type { Executor } from '../db/database.js';
import { credentialIdOf, hashToken } from './tokens.js';

export interface CredentialRow {
  id: string;
  secret_hash: Buffer;
  staff_id: string | null;
  merchant_id: string | null;
  role: 'admin' | 'staff' | null;
}

export async function findCredential(db: Executor, id: string): Promise<CredentialRow | undefined> {
  return db
    .selectFrom('credentials')
    .leftJoin('staff', 'staff.id', 'credentials.staff_id')
    .select(['credentials.id', 'credentials.secret_hash', 'credentials.staff_id', 'credentials.merchant_id', 'staff.role'])
    .where('credentials.id', '=', id)
    .where('credentials.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function insertCredential(
  db: Executor,
  token: string,
  owner: { staffId: string } | { merchantId: string },
  label?: string,
): Promise<string> {
  const hash = hashToken(token);
  const id = credentialIdOf(hash);
  await db
    .insertInto('credentials')
    .values({
      id,
      secret_hash: hash,
      staff_id: 'staffId' in owner ? owner.staffId : null,
      merchant_id: 'merchantId' in owner ? owner.merchantId : null,
      label: label ?? null,
    })
    .execute();
  return id;
}

/** Revokes every live credential of a merchant (used when its key is rotated). */
export async function revokeMerchantCredentials(db: Executor, merchantId: string): Promise<void> {
  await db
    .updateTable('credentials')
    .set({ revoked_at: new Date() })
    .where('merchant_id', '=', merchantId)
    .where('revoked_at', 'is', null)
    .execute();
}
