import type { Executor } from '../db/index.js';
import { ALL_SITES, type StaffScope } from './scope.js';
import { staffScopes } from './staff.repository.js';
import { credentialIdOf, hashToken } from './tokens.js';

export interface CredentialRow {
  id: string;
  secret_hash: Buffer;
  staff_id: string | null;
  merchant_id: string | null;
  role: 'admin' | 'staff' | null;
  /** A staff member's scope (admins: all); every site for a merchant key, which reaches only its own stall anyway. */
  scope: StaffScope;
}

export async function findCredential(db: Executor, id: string): Promise<CredentialRow | undefined> {
  const row = await db
    .selectFrom('credentials')
    .leftJoin('staff', 'staff.id', 'credentials.staff_id')
    .select([
      'credentials.id',
      'credentials.secret_hash',
      'credentials.staff_id',
      'credentials.merchant_id',
      'staff.role',
    ])
    .where('credentials.id', '=', id)
    .where('credentials.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const scope = row.staff_id && row.role === 'staff' ? (await staffScopes(db, [row.staff_id])).get(row.staff_id) : null;
  return { ...row, scope: scope ?? ALL_SITES };
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

/** Revokes every live credential of a staff member; returns how many were live (0 when already revoked). */
export async function revokeStaffCredentials(db: Executor, staffId: string): Promise<number> {
  const rows = await db
    .updateTable('credentials')
    .set({ revoked_at: new Date() })
    .where('staff_id', '=', staffId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Credentials revoked at or after `since`, whichever instance revoked them: each instance polls this to drop them from
 * its credential cache. The window is wide (see REVOKED_WINDOW_MS in auth.plugin.ts), so a revocation whose
 * transaction committed late, or an instance whose clock is a little off, is still seen.
 */
export async function credentialsRevokedSince(db: Executor, since: Date): Promise<string[]> {
  const rows = await db.selectFrom('credentials').select('id').where('revoked_at', '>=', since).execute();
  return rows.map((r) => r.id);
}

/** The label that marks the credential installed from the ADMIN_TOKEN environment variable (its id is the token's hash). */
export const ENV_ADMIN_LABEL = 'ADMIN_TOKEN';

/** A credential whether revoked or not (a revoked ADMIN_TOKEN must stay revoked, not be installed again). */
export async function findCredentialState(db: Executor, id: string) {
  return db.selectFrom('credentials').select(['id', 'staff_id', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

/** Revokes the live environment-token credentials other than `keepId`; returns their staff rows (newest first). */
export async function revokeOtherEnvAdminCredentials(db: Executor, keepId: string): Promise<string[]> {
  const rows = await db
    .updateTable('credentials')
    .set({ revoked_at: new Date() })
    .where('label', '=', ENV_ADMIN_LABEL)
    .where('id', '!=', keepId)
    .where('revoked_at', 'is', null)
    .returning(['staff_id', 'created_at'])
    .execute();
  return rows
    .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())
    .flatMap((r) => (r.staff_id ? [r.staff_id] : []));
}
