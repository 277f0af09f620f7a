import t from 'tap';
import { LruCache } from '../../src/qr/lru-cache.js';

t.test('evicts the least recently used entry', async (t) => {
  const cache = new LruCache<string, number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  t.equal(cache.get('a'), 1); // a is now most recent
  cache.set('c', 3); // evicts b
  t.equal(cache.get('b'), undefined);
  t.equal(cache.get('a'), 1);
  t.equal(cache.get('c'), 3);
  t.equal(cache.size, 2);
});

t.test('overwriting refreshes and does not grow', async (t) => {
  const cache = new LruCache<string, number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  cache.set('a', 10);
  cache.set('c', 3); // evicts b, the oldest
  t.equal(cache.get('a'), 10);
  t.equal(cache.get('b'), undefined);
  t.equal(cache.size, 2);
});

t.test('peek does not refresh recency', async (t) => {
  const cache = new LruCache<string, number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  t.equal(cache.peek('a'), 1);
  cache.set('c', 3); // a is still the oldest
  t.equal(cache.peek('a'), undefined);
});

t.test('delete, clear and bad sizes', async (t) => {
  const cache = new LruCache<string, number>(3);
  cache.set('a', 1);
  t.equal(cache.delete('a'), true);
  t.equal(cache.delete('a'), false);
  cache.set('b', 2);
  cache.clear();
  t.equal(cache.size, 0);
  t.throws(() => new LruCache(0), RangeError);
  t.throws(() => new LruCache(1.5), RangeError);
});
