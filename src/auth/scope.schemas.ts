import { z } from 'zod';
import type { Executor } from '../db/index.js';
import { badRequest } from '../http/index.js';
import { findProvince } from '../admin-units/index.js';
import type { StaffScope } from './scope.js';

/** A staff member's scope as the API takes and shows it. */
export const staffScopeSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('all') }),
    z.object({ kind: z.literal('sites'), siteIds: z.array(z.uuid()).min(1).max(200) }),
    z.object({ kind: z.literal('province'), provinceCode: z.string().regex(/^\d{2}$/, 'a two-digit province code') }),
  ])
  .describe('What their lists and actions reach: every site, some sites, or one province (admins: everything)');

/** Refuses a scope naming a site or province that does not exist (400 unknown_site, unknown_province). */
export async function checkedScope(db: Executor, scope: StaffScope): Promise<StaffScope> {
  if (scope.kind === 'province' && !findProvince(scope.provinceCode))
    throw badRequest('unknown_province', `No province has code ${scope.provinceCode}`, [
      { field: 'body.scope.provinceCode', message: 'unknown province' },
    ]);
  if (scope.kind === 'sites') {
    const ids = [...new Set(scope.siteIds.map((id) => id.toLowerCase()))];
    const found = await db.selectFrom('sites').select('id').where('id', 'in', ids).execute();
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0)
      throw badRequest('unknown_site', `No site has id ${missing[0]}`, [
        { field: 'body.scope.siteIds', message: 'unknown site' },
      ]);
    return { kind: 'sites', siteIds: ids };
  }
  return scope;
}
