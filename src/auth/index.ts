/**
 * Auth: bearer tokens (hashed at rest), who the caller is (stall, staff, admin) and what each may reach; staff
 * tokens and their revocation. Owns `credentials`, `staff` and
 * `staff_sites`; a staff member's scope (the sites or province their lists and actions reach) and its query filters.
 */
export { assertMerchantAccess, callerMerchantId, callerScope, callerStaffId } from './access.js';
export { default as authPlugin, type Principal } from './auth.plugin.js';
export { insertCredential, revokeMerchantCredentials } from './credentials.repository.js';
export {
  ALL_SITES,
  merchantInScope,
  merchantInScopeFilter,
  seesAll,
  siteInScope,
  siteInScopeFilter,
  type StaffScope,
  wardInScopeFilter,
} from './scope.js';
export { staffRoutes } from './staff.routes.js';
export { ensureFirstAdmin } from './staff.service.js';
export { generateToken } from './tokens.js';
