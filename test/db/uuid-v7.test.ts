import t from 'tap';
import { uuidV7 } from '../../src/db/uuid-v7.js';

const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

t.test('RFC 9562 version 7: the version and variant bits, and the milliseconds in the first 48 bits', async (t) => {
  const at = Date.UTC(2026, 10, 23, 4, 30, 15, 123);
  const id = uuidV7(at);
  t.match(id, FORMAT);
  t.equal(millisOf(id), at, 'the creation time reads back to the millisecond');
  t.equal(millisOf(uuidV7(0)), 0);
  t.equal(millisOf(uuidV7(2 ** 48 - 1)), 2 ** 48 - 1, 'the largest time that fits');
});

t.test(
  'ids made later sort after ids made earlier (as text and as Postgres uuids, which compare bytewise)',
  async (t) => {
    const base = Date.UTC(2026, 10, 23);
    const ids = Array.from({ length: 1000 }, (_, i) => uuidV7(base + i));
    t.same([...ids].sort(), ids);
  },
);

t.test('unique and well formed across many pool refills (256 ids per refill)', async (t) => {
  const now = Date.now();
  const ids = Array.from({ length: 20_000 }, () => uuidV7(now));
  t.equal(new Set(ids).size, ids.length, 'no repeats within one millisecond');
  t.ok(ids.every((id) => FORMAT.test(id)));
  // 74 random bits: within one millisecond the ids still differ in their random part, not in a counter.
  const randomParts = new Set(ids.map((id) => id.slice(15)));
  t.equal(randomParts.size, ids.length);
});
