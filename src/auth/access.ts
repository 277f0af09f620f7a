import { notFound } from '../http/index.js';
import type { Principal } from './auth.plugin.js';

/**
 * Staff may act on any stall; a merchant only on its own. Another stall's ids answer 404, not 403,
 * so a merchant key cannot even learn which ids exist.
 */
export function assertMerchantAccess(principal: Principal | null, merchantId: string, what = 'merchant'): void {
  if (principal?.kind === 'staff') return;
  if (principal?.kind === 'merchant' && principal.merchantId === merchantId) return;
  throw notFound(what);
}

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
