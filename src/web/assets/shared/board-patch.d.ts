/** Types for board-patch.js (a browser module), so the tests can import it. */
export function applyPatch<T>(target: T, patch: unknown): T;
