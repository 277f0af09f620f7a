// How the live pages (/m and the board) get their websocket back after an outage: retries that start at 250 ms and
// never wait more than 2 s (jittered, so a market's phones do not all knock at once), an upper bound on every step of
// an attempt, and an attempt at once when the network returns or the page is shown again.

const FIRST_MS = 250;
const STEADY_MS = 1200;
/** No wait between two attempts is longer than this, jitter included. */
export const RETRY_CAP_MS = 2000;
/**
 * Longest a step of an attempt (a ticket, the handshake, the first message) may take before it is given up and tried
 * again: a request sent to a server that went away, or through a proxy that holds it, may otherwise hang for minutes.
 * Long enough for a slow 3G round trip or two.
 */
export const STEP_TIMEOUT_MS = 4000;

/**
 * The wait before retry number `attempt` (0 first): 250 ms, 500, 1 s, then 1.2 s, each ±20 %, so at most 1.44 s and
 * never over 2 s: what is left of the 2 s after the server is back is for the attempt itself (a probe or a ticket, the
 * handshake, the first message), also on a busy machine.
 */
export function retryDelay(attempt) {
  const base = Math.min(STEADY_MS, FIRST_MS * 2 ** Math.min(attempt, 10));
  return Math.min(RETRY_CAP_MS, Math.round(base * (0.8 + 0.4 * Math.random())));
}

/**
 * Whether the server answers plain HTTP (its liveness route), within STEP_TIMEOUT_MS. A page tries this before a
 * websocket: browsers may slow down websocket connects to a host after failed ones (Firefox delays them by up to a
 * minute, as RFC 6455 §7.2.3 suggests), while a failed fetch costs nothing later.
 */
export async function serverAnswers() {
  try {
    const res = await fetch('/healthz', { cache: 'no-store', signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Calls `wake` when the network comes back or the page is shown again (a phone taken out of a pocket). */
export function onWake(wake) {
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) wake();
  });
  window.addEventListener('online', () => wake());
}
