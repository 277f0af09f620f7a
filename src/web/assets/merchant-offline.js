// The stall app as an installed app that opens with no connection: the service worker (/m/sw.js keeps the page and
// its files), the offline notice, and the stall's own profile kept on the phone so a signed-in stall opens offline.
// Nothing about money is kept here: totals and sales come from the server only (queued cash sales: merchant-cash.js).
import { $, show } from '/assets/merchant-kit.js';

const PROFILE = 'merchantProfile';

// Registered once the page has loaded: the worker's first install downloads every file of the app (and the voice
// clips), which on slow 3G must not queue in front of the page's own requests.
if ('serviceWorker' in navigator) {
  const register = () =>
    navigator.serviceWorker.register('/m/sw.js', { scope: '/m' }).catch(() => {
      /* no worker (a private window, an old browser): the page works online as before */
    });
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}

// ---------- The offline notice ----------
export function renderOffline() {
  show($('offline-note'), !navigator.onLine);
}
window.addEventListener('online', renderOffline);
window.addEventListener('offline', renderOffline);
renderOffline();

// ---------- The stall's profile, for opening offline ----------
async function fingerprint(key) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Keeps the stall's profile (its name, code, payout account: what the key already shows) after an online sign-in. */
export async function rememberStall(key, merchant) {
  try {
    localStorage.setItem(PROFILE, JSON.stringify({ key: await fingerprint(key), merchant }));
  } catch {
    /* not kept: this phone just cannot open the app offline */
  }
  return merchant;
}

/** The profile kept on this phone for this very key, or null. */
export async function keptStall(key) {
  try {
    const kept = JSON.parse(localStorage.getItem(PROFILE) ?? 'null');
    return kept?.merchant && kept.key === (await fingerprint(key)) ? kept.merchant : null;
  } catch {
    return null; // unreadable, or no crypto.subtle (a page not served over https): as if none
  }
}

/**
 * Signing in failed: with no answer at all (offline) and a profile kept for this very key, the app opens with it;
 * any answer from the server (a refused key above all) stands.
 */
export async function rememberedStall(key, error) {
  if (error.status) throw error;
  const kept = await keptStall(key);
  if (!kept) throw error;
  return kept;
}

export const forgetStall = () => localStorage.removeItem(PROFILE);
