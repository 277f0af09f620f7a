// The assets' compressed copies made by the build (encoded-assets.ts): written once, found again by content, and used
// by a start at once instead of compressing every asset again.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import t from 'tap';
import { contentKey, prepareAsset } from '../../src/web/delivery.js';
import { storedEncodings, writeEncodings } from '../../src/web/encoded-assets.js';

const sellFile = new URL('../../src/web/assets/merchant-sell.js', import.meta.url);

t.test('the build writes every asset once; a start takes its copies ready-made', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'web-encoded-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  t.ok((await writeEncodings(dir)) > 20, 'every served asset');

  const raw = await readFile(sellFile);
  const stored = storedEncodings(dir)(contentKey(raw));
  t.ok(stored?.gzip && stored.br, 'both encodings of a script');
  t.equal(gunzipSync(stored!.gzip!).toString('utf8'), raw.toString('utf8'));
  t.equal(brotliDecompressSync(stored!.br!).toString('utf8'), raw.toString('utf8'));

  const asset = prepareAsset(raw, 'text/javascript', storedEncodings(dir));
  t.same(Object.keys(asset.encoded).sort(), ['br', 'gzip'], 'compressed from the first request, nothing to wait for');
  t.equal(asset.etag, `W/"${contentKey(raw)}"`);

  const changed = Buffer.concat([raw, Buffer.from('\n// changed since the build\n')]);
  t.equal(storedEncodings(dir)(contentKey(changed)), undefined, 'other bytes: no copy stands for them');
  t.same(prepareAsset(changed, 'text/javascript', storedEncodings(dir)).encoded, {}, 'compressed in the background');
});

t.test('without a build (no directory) nothing is found and assets are compressed at start as before', async (t) => {
  const lookup = storedEncodings(path.join(tmpdir(), 'no-such-web-encoded'));
  t.equal(lookup(contentKey(await readFile(sellFile))), undefined);
});
