import t from 'tap';
import { RETRY_CAP_MS, retryDelay, STEP_TIMEOUT_MS } from '../../src/web/assets/shared/reconnect.js';

// The live pages' retry timing: soon at first, never more than 2 s apart whatever the outage, and jittered.
t.test('retries start at about 250 ms and never wait over 2 s', async (t) => {
  const first = Array.from({ length: 200 }, () => retryDelay(0));
  t.ok(Math.max(...first) <= 300 && Math.min(...first) >= 200, 'the first retry within 200-300 ms');
  const all = Array.from({ length: 60 * 50 }, (_, i) => retryDelay(Math.floor(i / 50)));
  t.ok(Math.max(...all) <= RETRY_CAP_MS, `the longest wait over 60 attempts: ${Math.max(...all)} ms`);
  t.equal(RETRY_CAP_MS, 2000);
  t.ok(Math.max(...all) <= 1500, 'at most 1.5 s: the rest of the 2 s is for the attempt itself');
  const late = new Set(Array.from({ length: 50 }, () => retryDelay(30)));
  t.ok(late.size > 10, 'jittered: a market of phones does not retry in step');
  t.ok(STEP_TIMEOUT_MS <= 5000, 'a hanging step is given up within 5 s');
});
