/**
 * What a board delta says about the numbers: only what changed since the previous delta, as a patch the page merges
 * into the snapshot it holds (`applyPatch` in `assets/board-live.js`). The rules, in the spirit of JSON Merge Patch
 * (RFC 7396), with one addition for arrays:
 * - an object merges key by key, recursively; a key absent from the patch is unchanged;
 * - an array of the same length is patched by position: an object whose keys are the indexes that changed
 *   (`"salesPerHour": {"10": {"count": 12, "value": 340000}}`), each entry merged the same way;
 * - anything else (a number, a text, an array whose length changed) is replaced whole;
 * - a key that disappeared is sent as null.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isContainer = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The patch that turns `before` into `after`, or undefined when nothing changed. */
export function patchOf(before: unknown, after: unknown): Json | undefined {
  if (Object.is(before, after)) return undefined;
  const sameKind =
    isContainer(before) &&
    isContainer(after) &&
    Array.isArray(before) === Array.isArray(after) &&
    (!Array.isArray(after) || (before as { length?: number }).length === after.length);
  if (!sameKind) return after === undefined ? null : (after as Json);
  const patch: Record<string, Json> = {};
  let changed = false;
  for (const key of Object.keys(after)) {
    const part = patchOf(before[key], after[key]);
    if (part !== undefined) {
      patch[key] = part;
      changed = true;
    }
  }
  for (const key of Object.keys(before)) {
    if (!(key in after)) {
      patch[key] = null;
      changed = true;
    }
  }
  return changed ? patch : undefined;
}

/** Event ids as the delta's `more` carries them: ascending, the first whole and each next one as the gap before it. */
export function compactIds(ids: readonly number[]): number[] {
  const sorted = [...ids].sort((a, b) => a - b);
  return sorted.map((id, i) => (i === 0 ? id : id - sorted[i - 1]));
}

/** The reverse of `compactIds` (for readers: the tests and the benchmarks). */
export function expandIds(compact: readonly number[]): number[] {
  let id = 0;
  return compact.map((step) => (id += step));
}
