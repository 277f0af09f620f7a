import type { Executor } from '../db/index.js';

export async function insertStaff(db: Executor, name: string, role: 'admin' | 'staff') {
  return db
    .insertInto('staff')
    .values({ name, role })
    .returning(['id', 'name', 'role', 'created_at'])
    .executeTakeFirstOrThrow();
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
  return db.selectFrom('staff').select(['id', 'name', 'role', 'created_at']).where('id', '=', id).executeTakeFirst();
}

/** Every staff member, with whether any of their tokens still works (for the admin page's list). */
export async function listStaff(db: Executor) {
  return db
    .selectFrom('staff')
    .select(['staff.id', 'staff.name', 'staff.role', 'staff.created_at'])
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
}
