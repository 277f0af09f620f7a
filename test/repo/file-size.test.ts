import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// A newcomer reads a file in one sitting: none in src/ (code, pages, data) runs past 250 lines.
const MAX_LINES = 250;
const src = fileURLToPath(new URL('../../src', import.meta.url));

t.test(`no file in src/ is over ${MAX_LINES} lines`, async (t) => {
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => /\.[a-z]+$/.test(f));
  t.ok(files.length > 100, `the scan found the source files (${files.length})`);
  for (const file of files) {
    const text = readFileSync(path.join(src, file));
    if (text.includes(0)) continue; // binary (an icon): not read as lines
    const lines = text.toString('utf8').split('\n').length - (text.at(-1) === 0x0a ? 1 : 0);
    if (lines > MAX_LINES) t.fail(`src/${file} has ${lines} lines`);
  }
});
