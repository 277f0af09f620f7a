// Applies a board delta's `changed` to the snapshot a page holds. No imports: the pages and the tests (in Node) load it.

/**
 * Merges `patch` into `target` by the server's rules (src/realtime/delta-patch.ts): objects key by key, an array by
 * the positions named (`{"10": {…}}`), anything else (a number, a text, a whole array) replaced.
 * @param {any} target
 * @param {any} patch
 * @returns {any} target, patched
 */
export function applyPatch(target, patch) {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    const both = value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object';
    if (both) applyPatch(current, value);
    else target[key] = value;
  }
  return target;
}
