// An answer kept for idempotent replays: one-time secrets are left out before it is stored (see storableAnswer).

// Our tokens (css_ staff, csm_ merchant: see auth/tokens.ts) are kept out of stored answers even on a route that
// forgot to list its secret field.
const TOKEN_SHAPE = /^cs[sm]_[A-Za-z0-9_-]{20,}$/;

function withoutTokens(value: unknown): { value: unknown; removed: boolean } {
  if (typeof value === 'string')
    return TOKEN_SHAPE.test(value) ? { value: null, removed: true } : { value, removed: false };
  if (Array.isArray(value)) {
    const items = value.map(withoutTokens);
    return { value: items.map((i) => i.value), removed: items.some((i) => i.removed) };
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, withoutTokens(v)] as const);
    return {
      value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
      removed: entries.some(([, v]) => v.removed),
    };
  }
  return { value, removed: false };
}

/**
 * The answer as it is kept for replays: each one-time secret (the route's `oneTimeSecrets`, and anything shaped like
 * one of our tokens) replaced by null, and `secretShownOnce: true` added when one was. The database then never holds
 * a usable key or token; a client whose first answer was lost gets the same body without the secret, and must issue
 * a new one (rotate the key, create a new token). Answers that are not JSON objects are kept as they are.
 */
export function storableAnswer(body: string, secretFields: readonly string[] = []): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return body;
  const named = { ...(parsed as Record<string, unknown>) };
  let removed = false;
  for (const field of secretFields) {
    if (named[field] === undefined || named[field] === null) continue;
    named[field] = null;
    removed = true;
  }
  const scrubbed = withoutTokens(named);
  if (!removed && !scrubbed.removed) return body;
  return JSON.stringify({ ...(scrubbed.value as object), secretShownOnce: true });
}
