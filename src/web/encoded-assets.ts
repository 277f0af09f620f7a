import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetFiles } from './asset-files.js';
import { contentKey, encodeAsset, type Encoding, type StoredEncodings } from './delivery.js';

/**
 * The assets' compressed copies, made once by the build (scripts/build.mjs) into dist/web-encoded instead of at every
 * start: compressing some 80 files with brotli at quality 9 was a large part of a restart's CPU, and its short-lived
 * encoders (several MB each, many at once on zlib's threads) left the process's memory higher after the start.
 * Copies are named by their content's key, so a copy never stands for other bytes: an asset that changed since the
 * build (or a run from the TypeScript sources, with no build) is compressed at start as before.
 */
export const encodedDir = fileURLToPath(new URL('../../web-encoded', import.meta.url));

const MANIFEST = 'manifest.json'; // content key → the encodings kept for it (none when no copy was smaller)
const SUFFIX: Record<Encoding, string> = { gzip: 'gz', br: 'br' };

/** The build's copies, read when an asset asks for them; a lookup that knows nothing when there is no build. */
export function storedEncodings(dir: string = encodedDir): StoredEncodings {
  let manifest: Record<string, Encoding[]>;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Record<string, Encoding[]>;
  } catch {
    return () => undefined;
  }
  return (key) => {
    const encodings = manifest[key];
    if (!encodings) return undefined;
    try {
      return Object.fromEntries(encodings.map((e) => [e, readFileSync(path.join(dir, `${key}.${SUFFIX[e]}`))]));
    } catch {
      return undefined; // a copy gone missing: compressed at start instead
    }
  };
}

/** Writes the compressed copies of every served asset into `dir` (the build); returns how many assets it read. */
export async function writeEncodings(dir: string): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const manifest: Record<string, string[]> = {};
  for (const { file } of Object.values(await assetFiles())) {
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch {
      continue; // not served either (web.routes.ts skips it)
    }
    const key = contentKey(raw);
    const encoded = await encodeAsset(raw);
    manifest[key] = Object.keys(encoded);
    for (const [encoding, body] of Object.entries(encoded))
      writeFileSync(path.join(dir, `${key}.${SUFFIX[encoding as Encoding]}`), body);
  }
  writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(manifest)}\n`);
  return Object.keys(manifest).length;
}
