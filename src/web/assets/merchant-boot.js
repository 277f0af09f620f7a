// The first module /m runs: an async script in the page's head with one small import, so it is among the first
// requests and runs as soon as it arrives, while the rest of the app's modules still come over slow 3G. A stall handed
// over as a link /m#key=csm_… has its key checked from here at once (GET /api/v1/merchants/me, asked with high
// priority), instead of after every module has arrived and run: one round trip less before the keypad.
// merchant.js (which imports this module, so it always runs after it) takes the answer from here.
import { ApiError, apiError } from '/assets/shared/fetch.js';

/** The key from a `#key=` link, or null; it is removed from the address bar at once. */
export const linkKey = new URLSearchParams(location.hash.slice(1)).get('key');
if (linkKey) history.replaceState(null, '', location.pathname);

/** GET /api/v1/merchants/me for `key`, as `api` would ask it, but ahead of the module requests still queued. */
async function profileOf(key) {
  let res;
  try {
    res = await fetch('/api/v1/merchants/me', { headers: { authorization: `Bearer ${key}` }, priority: 'high' });
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause));
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) throw apiError(res.status, data, res.statusText);
  return data;
}

/** Signing in with the link's key, under way (the stall's profile, or an ApiError), or null without a link. */
export const linkProfile = linkKey ? profileOf(linkKey) : null;
linkProfile?.catch(() => {}); // merchant.js handles a refusal; until it runs, it is not an unhandled rejection
