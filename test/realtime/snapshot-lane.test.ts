import t from 'tap';
import { SnapshotLane } from '../../src/realtime/snapshot-lane.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test('computations take turns, one at a time, and the lane rests as long as each worked', async (t) => {
  const rests: number[] = [];
  const lane = new SnapshotLane(async (ms) => {
    rests.push(ms);
    await sleep(ms);
  });
  let running = 0;
  let most = 0;
  const done: string[] = [];
  const task = (name: string) => async () => {
    running++;
    most = Math.max(most, running);
    await sleep(20);
    running--;
    done.push(name);
  };
  const b = task('b');
  const started = performance.now();
  lane.request(task('a'));
  lane.request(b);
  lane.request(b); // asked again before its turn: still once
  lane.request(task('c'));
  while (done.length < 3) await sleep(5);
  const elapsed = performance.now() - started;
  t.same(done, ['a', 'b', 'c'], 'in the order asked, each once');
  t.equal(most, 1, 'never two at once');
  t.equal(rests.length, 2, 'a rest after each computation that others wait behind');
  t.ok(
    rests.every((ms) => ms >= 15),
    `each rest about as long as the work (${rests.map(Math.round).join(', ')} ms)`,
  );
  t.ok(elapsed >= 90, `three computations of 20 ms with two rests take about 100 ms (${Math.round(elapsed)} ms)`);
  await sleep(40);
  t.equal(done.length, 3);
});

t.test('a failed computation does not stop the lane', async (t) => {
  const lane = new SnapshotLane(() => Promise.resolve());
  let ran = false;
  lane.request(() => Promise.reject(new Error('database away')));
  lane.request(async () => {
    ran = true;
  });
  await sleep(10);
  t.ok(ran);
});
