import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import {
  ENV_ADMIN_LABEL,
  findCredentialState,
  insertCredential,
  revokeOtherEnvAdminCredentials,
  revokeStaffCredentials,
} from './credentials.repository.js';
import { badRequest } from '../http/index.js';
import { ALL_SITES, type StaffScope } from './scope.js';
import { checkedScope } from './scope.schemas.js';
import { countAdmins, findStaff, insertStaff, listStaff, updateStaffScope } from './staff.repository.js';
import { credentialIdOf, generateToken, hashToken } from './tokens.js';

export interface NewStaff {
  name: string;
  role: 'admin' | 'staff';
  scope?: StaffScope;
}

/** Admins see everything: a narrower scope for one is a mistake to refuse, not to store and ignore. */
function refuseAdminScope(role: 'admin' | 'staff', scope: StaffScope) {
  if (role === 'admin' && scope.kind !== 'all')
    throw badRequest('admin_scope', 'Admins see every site; only staff members can be limited to sites or a province', [
      { field: 'body.scope', message: 'admins have scope all' },
    ]);
}

/** Creates a staff member and its token; the token is returned once and only its hash is kept. */
export async function createStaff(db: Db, input: NewStaff, token = generateToken('staff')) {
  const scope = input.scope ?? ALL_SITES;
  refuseAdminScope(input.role, scope);
  return db.transaction().execute(async (trx) => {
    const staff = await insertStaff(trx, input.name, input.role, await checkedScope(trx, scope));
    await insertCredential(trx, token, { staffId: staff.id }, 'staff token');
    return { staff: { ...staff, scope: (await findStaff(trx, staff.id))!.scope }, token };
  });
}

/** Changes what a staff member's lists and actions reach; null if there is no such staff member. */
export async function changeStaffScope(db: Db, id: string, scope: StaffScope) {
  return db.transaction().execute(async (trx) => {
    const staff = await findStaff(trx, id);
    if (!staff) return null;
    refuseAdminScope(staff.role, scope);
    await updateStaffScope(trx, id, await checkedScope(trx, scope));
    return (await listStaff(trx)).find((s) => s.id === id)!;
  });
}

/** A staff member by id (the caller of a staff route, say). */
export const staffMember = (db: Db, id: string) => findStaff(db, id);

export const staffList = (db: Db) => listStaff(db);

/** Revokes every token of a staff member (the row stays: their activations and resolutions name them). Null if unknown. */
export async function revokeStaff(db: Db, id: string) {
  return db.transaction().execute(async (trx) => {
    const staff = await findStaff(trx, id);
    if (!staff) return null;
    await revokeStaffCredentials(trx, id);
    return { ...staff, active: false };
  });
}

/** What the start did about the first admin: a token to print once, or a note that ADMIN_TOKEN stays revoked. */
export type FirstAdmin = { token: string; generated: boolean } | { revokedAdminToken: true };

/**
 * On first start there is no admin: create one and hand back its token to print once.
 * With ADMIN_TOKEN set, that token is made to work (also on an existing database) so automation can rely on it, and
 * it is the only environment token that works: when ADMIN_TOKEN changes, the previous one (its credential is labelled
 * ADMIN_TOKEN) is revoked at this start and the new one installed on the same staff row. A token an admin revoked
 * stays revoked even if the environment still holds it: set a new ADMIN_TOKEN instead.
 */
export async function ensureFirstAdmin(db: Db, adminToken?: string): Promise<FirstAdmin | null> {
  // A transaction-scoped advisory lock keeps two instances starting together from creating two first admins.
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(727001)`.execute(trx);
    if (adminToken) {
      const id = credentialIdOf(hashToken(adminToken));
      const previousOwners = await revokeOtherEnvAdminCredentials(trx, id);
      const current = await findCredentialState(trx, id);
      if (current) return current.revoked_at ? { revokedAdminToken: true } : null;
      const staffId = previousOwners[0] ?? (await insertStaff(trx, 'Administrator (ADMIN_TOKEN)', 'admin')).id;
      await insertCredential(trx, adminToken, { staffId }, ENV_ADMIN_LABEL);
      return { token: adminToken, generated: false };
    }
    if ((await countAdmins(trx)) > 0) return null;
    const token = generateToken('staff');
    const staff = await insertStaff(trx, 'Administrator', 'admin');
    await insertCredential(trx, token, { staffId: staff.id }, 'first admin');
    return { token, generated: true };
  });
}
