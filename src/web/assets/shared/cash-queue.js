// The stall phone's queue of cash sales not yet accepted by the server (plain logic over a Storage, so Node tests it).
// Every cash sale goes through it: its Idempotency-Key is made once, stored with the sale BEFORE the first request,
// and every later attempt (a retry, a reload, another tab) sends that same stored key. The server answers a repeated
// key with the first answer, so however often an entry is sent, one sale exists. An entry leaves the queue only
// once the server has answered it.

/** The localStorage key holding the queue (a JSON array; shared by every tab of the origin). */
export const QUEUE_KEY = 'cashSaleQueue';

/**
 * @typedef {object} QueuedSale
 * @property {string} key the Idempotency-Key, made once when the merchant confirmed the sale
 * @property {string} merchantId the stall it belongs to (another stall signed in on the phone never sends it)
 * @property {Record<string, unknown>} body the POST /api/v1/sales body, exactly as first meant to be sent
 * @property {number} amount the total shown to the merchant
 * @property {string} madeAt when the merchant took the cash (the phone's clock)
 * @property {'waiting' | 'refused'} status refused: the server said no (a 4xx); kept to be seen, never resent
 * @property {{ code: string, message: string }} [refusal]
 */

/**
 * @typedef {{ getItem(key: string): string | null, setItem(key: string, value: string): void }} QueueStore
 */

/**
 * The queue as stored; anything unreadable counts as empty rather than breaking the page.
 * @param {QueueStore} store
 * @returns {QueuedSale[]}
 */
export function readQueue(store) {
  try {
    const list = JSON.parse(store.getItem(QUEUE_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((e) => e && typeof e.key === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * @param {QueueStore} store
 * @param {QueuedSale[]} list
 */
function writeQueue(store, list) {
  store.setItem(QUEUE_KEY, JSON.stringify(list));
}

/**
 * Adds a sale (status waiting). Adding a key already queued changes nothing: one key, one entry.
 * @param {QueueStore} store
 * @param {Omit<QueuedSale, 'status'>} sale
 * @returns {QueuedSale}
 */
export function enqueue(store, sale) {
  const list = readQueue(store);
  const known = list.find((e) => e.key === sale.key);
  if (known) return known;
  /** @type {QueuedSale} */
  const entry = { ...sale, status: 'waiting' };
  writeQueue(store, [...list, entry]);
  return entry;
}

/**
 * Takes an entry out (accepted by the server, or discarded by the merchant).
 * @param {QueueStore} store
 * @param {string} key
 */
export function removeEntry(store, key) {
  writeQueue(
    store,
    readQueue(store).filter((e) => e.key !== key),
  );
}

/**
 * The stall's entries, oldest first.
 * @param {QueueStore} store
 * @param {string} merchantId
 */
export const entriesOf = (store, merchantId) => readQueue(store).filter((e) => e.merchantId === merchantId);

/**
 * What a failed send means: `network` (no answer: try again later), `retry` (the server is busy, down or still
 * working on this key: try again later), or `refused` (the server said no to this sale: sending it again would get
 * the same no).
 * @param {{ status?: number, code?: string }} error
 * @returns {'network' | 'retry' | 'refused'}
 */
export function failureKind(error) {
  const status = error?.status ?? 0;
  if (!status) return 'network';
  if (status >= 500 || status === 408 || status === 429 || error.code === 'idempotency_key_in_progress') return 'retry';
  if (status === 401) return 'retry'; // the key was replaced: the sale waits for the stall to sign in again
  return 'refused';
}

/**
 * @typedef {object} SendResult
 * @property {QueuedSale} entry
 * @property {any} [answer] the server's answer when accepted
 * @property {any} [error] the failure otherwise
 * @property {'sent' | 'network' | 'retry' | 'refused'} outcome
 */

/**
 * Sends the stall's waiting entries, oldest first, each with its stored key. Accepted entries leave the queue;
 * refused ones stay, marked, and are not sent again; a network failure or a busy server stops the round (the rest
 * wait for the next one). Each entry is read back from the store just before it is sent, so one another tab has
 * already sent and removed is skipped.
 * @param {QueueStore} store
 * @param {string} merchantId
 * @param {(entry: QueuedSale) => Promise<any>} send
 * @returns {Promise<SendResult[]>}
 */
export async function flushQueue(store, merchantId, send) {
  /** @type {SendResult[]} */
  const results = [];
  for (const { key } of entriesOf(store, merchantId)) {
    const entry = readQueue(store).find((e) => e.key === key);
    if (!entry || entry.status !== 'waiting') continue;
    try {
      const answer = await send(entry);
      removeEntry(store, key);
      results.push({ entry, answer, outcome: 'sent' });
    } catch (error) {
      const outcome = failureKind(/** @type {any} */ (error));
      results.push({ entry, error, outcome });
      if (outcome !== 'refused') break;
      const e = /** @type {any} */ (error);
      writeQueue(
        store,
        readQueue(store).map((q) =>
          q.key === key
            ? { ...q, status: 'refused', refusal: { code: String(e.code ?? ''), message: String(e.message ?? '') } }
            : q,
        ),
      );
    }
  }
  return results;
}
