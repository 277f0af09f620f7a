// The stall phone's cash-sale queue (src/web/assets/shared/cash-queue.js), over a Map standing in for localStorage:
// one stored key per sale, sent until the server answers, never twice with different keys.
import t from 'tap';
import {
  QUEUE_KEY,
  enqueue,
  entriesOf,
  failureKind,
  flushQueue,
  readQueue,
  removeEntry,
  type QueueStore,
  type QueuedSale,
} from '../../src/web/assets/shared/cash-queue.js';

function memoryStore(): QueueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const sale = (key: string, amount: number, merchantId = 'm1') => ({
  key,
  merchantId,
  amount,
  body: { amount, method: 'cash' },
  madeAt: '2026-12-07T03:00:00.000Z',
});

const failure = (status: number, code = 'x') => Object.assign(new Error(code), { status, code });

t.test('an entry is stored with its key before anything is sent; the same key is never queued twice', async (t) => {
  const store = memoryStore();
  t.equal(enqueue(store, sale('k1', 37000)).status, 'waiting');
  enqueue(store, sale('k1', 99999));
  t.same(
    readQueue(store).map((e) => [e.key, e.amount]),
    [['k1', 37000]],
    'the first stays',
  );
  enqueue(store, sale('k2', 12000, 'm2'));
  t.same(
    entriesOf(store, 'm1').map((e) => e.key),
    ['k1'],
    'another stall’s sale is not this stall’s',
  );
  removeEntry(store, 'k1');
  t.same(
    readQueue(store).map((e) => e.key),
    ['k2'],
  );
  store.setItem(QUEUE_KEY, '{not json');
  t.same(readQueue(store), [], 'an unreadable queue reads as empty');
});

t.test('failures: no answer and a busy server wait, a refusal is final', async (t) => {
  t.equal(failureKind(failure(0)), 'network');
  t.equal(failureKind({}), 'network');
  for (const status of [500, 502, 503, 408, 429, 401]) t.equal(failureKind(failure(status)), 'retry', `${status}`);
  t.equal(failureKind(failure(409, 'idempotency_key_in_progress')), 'retry');
  for (const [status, code] of [
    [400, 'validation_failed'],
    [409, 'items_total_mismatch'],
    [422, 'x'],
  ] as const)
    t.equal(failureKind(failure(status, code)), 'refused', code);
});

t.test('a round sends each waiting sale with its own stored key, oldest first', async (t) => {
  const store = memoryStore();
  enqueue(store, sale('k1', 37000));
  enqueue(store, sale('k2', 12000));
  enqueue(store, sale('other', 5000, 'm2'));
  const sent: Array<[string, unknown]> = [];
  const results = await flushQueue(store, 'm1', async (e) => {
    sent.push([e.key, e.body]);
    return { sale: { id: `sale-${e.key}` } };
  });
  t.same(sent, [
    ['k1', { amount: 37000, method: 'cash' }],
    ['k2', { amount: 12000, method: 'cash' }],
  ]);
  t.same(
    results.map((r) => r.outcome),
    ['sent', 'sent'],
  );
  t.same(
    readQueue(store).map((e) => e.key),
    ['other'],
    'accepted sales leave; the other stall’s stays',
  );
});

t.test('no answer: the entry stays with the same key and the round stops; the next round resends it', async (t) => {
  const store = memoryStore();
  enqueue(store, sale('k1', 37000));
  enqueue(store, sale('k2', 12000));
  const keys: string[] = [];
  const first = await flushQueue(store, 'm1', async (e) => {
    keys.push(e.key);
    throw failure(0);
  });
  t.same(
    first.map((r) => r.outcome),
    ['network'],
  );
  t.same(keys, ['k1'], 'one try per round when the line is down');
  t.same(
    readQueue(store).map((e) => [e.key, e.status]),
    [
      ['k1', 'waiting'],
      ['k2', 'waiting'],
    ],
  );
  // The server may have recorded k1 before the answer was lost: it is sent again with k1, never a new key.
  await flushQueue(store, 'm1', async (e) => {
    keys.push(e.key);
    return { sale: { id: e.key } };
  });
  t.same(keys, ['k1', 'k1', 'k2']);
  t.same(readQueue(store), []);
});

t.test('a refusal marks the entry (kept to be seen, never resent) and the round goes on', async (t) => {
  const store = memoryStore();
  enqueue(store, sale('k1', 37000));
  enqueue(store, sale('k2', 12000));
  const results = await flushQueue(store, 'm1', async (e) => {
    if (e.key === 'k1') throw failure(409, 'items_total_mismatch');
    return { sale: { id: e.key } };
  });
  t.same(
    results.map((r) => r.outcome),
    ['refused', 'sent'],
  );
  const [kept] = readQueue(store) as QueuedSale[];
  t.match(kept, { key: 'k1', status: 'refused', refusal: { code: 'items_total_mismatch' } });
  let again = 0;
  await flushQueue(store, 'm1', async () => {
    again += 1;
  });
  t.equal(again, 0, 'not sent again');
});

t.test('an entry another tab sent (and removed) during the round is skipped', async (t) => {
  const store = memoryStore();
  enqueue(store, sale('k1', 37000));
  enqueue(store, sale('k2', 12000));
  const keys: string[] = [];
  await flushQueue(store, 'm1', async (e) => {
    keys.push(e.key);
    removeEntry(store, 'k2'); // meanwhile, the other tab's round sent k2
  });
  t.same(keys, ['k1']);
  t.same(readQueue(store), []);
});
