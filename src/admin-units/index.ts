/**
 * Administrative units: Vietnam's 34 provinces and 3,321 wards/communes in force since 1 July 2025, with the official
 * codes, served from memory (the same data migration 0019 loaded into admin_provinces and admin_wards).
 */
export type { Province, Ward } from './units.js';
export { adminUnitsSource, findProvince, findWard, listProvinces, listWards, provinceQrCity } from './units.js';
export { foldName, matchProvince, matchWard } from './match.js';
export { adminUnitRoutes } from './admin-units.routes.js';
export { requireWard, wardProblem } from './require-ward.js';
export { wardFields } from './ward-fields.js';
