import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { findCredential, insertCredential } from './credentials.repository.js';
import { countAdmins, findStaff, insertStaff } from './staff.repository.js';
import { credentialIdOf, generateToken, hashToken } from './tokens.js';

export interface NewStaff {
  name: string;
  role: 'admin' | 'staff';
}

/** Creates a staff member and its token; the token is returned once and only its hash is kept. */
export async function createStaff(db: Db, input: NewStaff, token = generateToken('staff')) {
  return db.transaction().execute(async (trx) => {
    const staff = await insertStaff(trx, input.name, input.role);
    await insertCredential(trx, token, { staffId: staff.id }, 'staff token');
    return { staff, token };
  });
}

/** A staff member by id (the caller of a staff route, say). */
export const staffMember = (db: Db, id: string) => findStaff(db, id);

/**
 * On first start there is no admin: create one and hand back its token to print once.
 * With ADMIN_TOKEN set, that token is made to work (also on an existing database) so automation can rely on it.
 */
export async function ensureFirstAdmin(db: Db, adminToken?: string): Promise<{ token: string; generated: boolean } | null> {
  // A transaction-scoped advisory lock keeps two instances starting together from creating two first admins.
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(727001)`.execute(trx);
    if (adminToken) {
      if (await findCredential(trx, credentialIdOf(hashToken(adminToken)))) return null;
      const staff = await insertStaff(trx, 'Administrator (ADMIN_TOKEN)', 'admin');
      await insertCredential(trx, adminToken, { staffId: staff.id }, 'ADMIN_TOKEN');
      return { token: adminToken, generated: false };
    }
    if ((await countAdmins(trx)) > 0) return null;
    const token = generateToken('staff');
    const staff = await insertStaff(trx, 'Administrator', 'admin');
    await insertCredential(trx, token, { staffId: staff.id }, 'first admin');
    return { token, generated: true };
  });
}
