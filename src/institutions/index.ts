/**
 * Institutions: the banks and wallets of Vietnam's NAPAS network (BIN, short name, code), as data with its source.
 */
export { findInstitution, institutionByBin, institutions } from './institutions.js';
