import type { Executor } from '../db/database.js';

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
