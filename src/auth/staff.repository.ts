import type { Executor } from '../db/index.js';
import { ALL_SITES, type StaffScope } from './scope.js';

const staffColumns = ['staff.id', 'staff.name', 'staff.role', 'staff.created_at'] as const;

export async function insertStaff(db: Executor, name: string, role: 'admin' | 'staff', scope: StaffScope = ALL_SITES) {
  const staff = await db
    .insertInto('staff')
    .values({ name, role, ...scopeColumns(scope) })
    .returning(['id', 'name', 'role', 'created_at'])
    .executeTakeFirstOrThrow();
  await writeStaffSites(db, staff.id, scope);
  return staff;
}

const scopeColumns = (scope: StaffScope) => ({
  scope_kind: scope.kind,
  scope_province_code: scope.kind === 'province' ? scope.provinceCode : null,
});

async function writeStaffSites(db: Executor, staffId: string, scope: StaffScope) {
  await db.deleteFrom('staff_sites').where('staff_id', '=', staffId).execute();
  if (scope.kind === 'sites' && scope.siteIds.length > 0)
    await db
      .insertInto('staff_sites')
      .values([...new Set(scope.siteIds)].map((site_id) => ({ staff_id: staffId, site_id })))
      .execute();
}

/** Sets a staff member's scope; false when there is no such staff member. */
export async function updateStaffScope(db: Executor, staffId: string, scope: StaffScope): Promise<boolean> {
  const updated = await db.updateTable('staff').set(scopeColumns(scope)).where('id', '=', staffId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  await writeStaffSites(db, staffId, scope);
  return true;
}

/** The scopes of some staff members (admins' stored scope is returned as stored; callers give admins all). */
export async function staffScopes(db: Executor, ids: string[]): Promise<Map<string, StaffScope>> {
  const scopes = new Map<string, StaffScope>();
  if (ids.length === 0) return scopes;
  const rows = await db
    .selectFrom('staff')
    .select(['id', 'scope_kind', 'scope_province_code'])
    .where('id', 'in', ids)
    .execute();
  const siteRows = await db
    .selectFrom('staff_sites')
    .select(['staff_id', 'site_id'])
    .where('staff_id', 'in', ids)
    .orderBy('site_id')
    .execute();
  for (const r of rows) {
    if (r.scope_kind === 'province' && r.scope_province_code)
      scopes.set(r.id, { kind: 'province', provinceCode: r.scope_province_code });
    else if (r.scope_kind === 'sites')
      scopes.set(r.id, {
        kind: 'sites',
        siteIds: siteRows.filter((s) => s.staff_id === r.id).map((s) => s.site_id),
      });
    else scopes.set(r.id, ALL_SITES);
  }
  return scopes;
}

export async function countAdmins(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findStaff(db: Executor, id: string) {
  const staff = await db.selectFrom('staff').select(staffColumns).where('id', '=', id).executeTakeFirst();
  if (!staff) return undefined;
  return { ...staff, scope: (await staffScopes(db, [id])).get(id) ?? ALL_SITES };
}

/** Every staff member, with whether any of their tokens still works (for the admin page's list). */
export async function listStaff(db: Executor) {
  const rows = await db
    .selectFrom('staff')
    .select(staffColumns)
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('credentials')
            .select('credentials.id')
            .whereRef('credentials.staff_id', '=', 'staff.id')
            .where('credentials.revoked_at', 'is', null),
        )
        .as('active'),
    )
    .orderBy('staff.created_at')
    .orderBy('staff.id')
    .execute();
  const scopes = await staffScopes(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, scope: scopes.get(r.id) ?? ALL_SITES }));
}
