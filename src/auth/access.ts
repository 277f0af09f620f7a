import type { Executor } from '../db/index.js';
import { notFound } from '../http/index.js';
import type { Principal } from './auth.plugin.js';
import { ALL_SITES, merchantInScope, type StaffScope } from './scope.js';

/**
 * Staff may act on any stall in their scope (admins: any stall); a merchant only on its own. Another stall's ids,
 * or a stall outside a staff member's scope, answer 404, not 403, so a key cannot even learn which ids exist.
 */
export async function assertMerchantAccess(
  db: Executor,
  principal: Principal | null,
  merchantId: string,
  what = 'merchant',
): Promise<void> {
  if (principal?.kind === 'staff' && (await merchantInScope(db, principal.scope, merchantId))) return;
  if (principal?.kind === 'merchant' && principal.merchantId === merchantId) return;
  throw notFound(what);
}

/** The scope of a staff caller (admins: all); every site for anyone else, whose routes limit them otherwise. */
export const callerScope = (principal: Principal | null): StaffScope =>
  principal?.kind === 'staff' ? principal.scope : ALL_SITES;

/** The staff member a staff-only route acts for. */
export function callerStaffId(principal: Principal | null): string {
  if (principal?.kind !== 'staff') throw new Error('route must be configured with auth: staff');
  return principal.staffId;
}

/** The merchant a merchant-only route acts for. */
export function callerMerchantId(principal: Principal | null): string {
  if (principal?.kind !== 'merchant') throw new Error('route must be configured with auth: merchant');
  return principal.merchantId;
}
