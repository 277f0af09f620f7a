// The recorded voice's clips (src/web/assets/voice/, made by scripts/voice-clips.ts and committed): one Ogg/Opus file
// for every word the sequence can produce, named in the manifest, small enough for a cheap phone, served as audio.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import t from 'tap';
import { VOICE_WORDS } from '../../src/web/assets/shared/voice-words.js';
import { startTestApp } from '../helpers/app.js';

const dir = new URL('../../src/web/assets/voice/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as {
  voice: string;
  format: string;
  files: Record<string, string>;
};
const LIMIT = 300 * 1024;

t.test('a clip for every word, no clip for nothing', async (t) => {
  t.same(Object.keys(manifest.files).sort(), [...VOICE_WORDS].sort(), 'the manifest names exactly the words');
  const files = Object.values(manifest.files);
  t.equal(new Set(files).size, files.length, 'one file per word (mười and mươi are two clips)');
  t.same(
    readdirSync(dir).sort(),
    [...files, 'manifest.json'].sort(),
    'the folder holds the clips and the manifest, nothing stale',
  );
  t.match(manifest.voice, /^espeak-ng -v vi /, 'the voice is named');
});

t.test('each clip is real Ogg/Opus audio, all of them within the size budget', async (t) => {
  t.equal(manifest.format, 'audio/ogg; codecs=opus');
  let total = 0;
  for (const [word, file] of Object.entries(manifest.files)) {
    const bytes = readFileSync(new URL(file, dir));
    total += statSync(new URL(file, dir)).size;
    t.equal(bytes.subarray(0, 4).toString('latin1'), 'OggS', `${word}: an Ogg stream`);
    t.equal(bytes.subarray(28, 36).toString('latin1'), 'OpusHead', `${word}: carrying Opus`);
    t.equal(bytes[37], 1, `${word}: mono`);
    t.ok(bytes.length > 500, `${word}: holds some sound (${bytes.length} bytes)`);
  }
  total += statSync(new URL('manifest.json', dir)).size;
  t.ok(total <= LIMIT, `${(total / 1024).toFixed(1)} KB in all, at most ${LIMIT / 1024} KB`);
});

t.test('the server hands out the clips and the manifest', async (t) => {
  const ctx = await startTestApp(t);
  const list = await ctx.app.inject({ url: '/assets/voice/manifest.json' });
  t.equal(list.statusCode, 200);
  t.match(list.headers['content-type'], /^application\/json/);
  t.same(list.json().files, manifest.files);
  const clip = await ctx.app.inject({ url: `/assets/voice/${manifest.files['đồng']}` });
  t.equal(clip.statusCode, 200);
  t.equal(clip.headers['content-type'], 'audio/ogg');
  t.equal(clip.rawPayload.length, statSync(new URL(manifest.files['đồng'], dir)).size);
});
