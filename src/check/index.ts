/**
 * Check: the invariants of the money (continuity, rollups, links), read-only. `npm run check` runs them from
 * `check-cli.ts`; tests and the crash test call `runInvariantChecks`.
 */
export { checkNames, runInvariantChecks, type CheckResult, type InvariantReport } from './invariants.js';
export { formatReport } from './report.js';
