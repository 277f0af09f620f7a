import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// A clone of the repository must run on its own: no code, test or script may read a file outside it (test vectors
// once lived in a folder beside the repository, and a fresh clone's `npm test` failed). README.md is left to its
// own review: it describes the project, it reads nothing.

const root = fileURLToPath(new URL('../..', import.meta.url));
const files = ['src', 'test', 'scripts', 'bench', 'migrations', 'docs']
  .flatMap((dir) =>
    readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)),
  )
  .filter((f) => /\.(ts|js|mjs|json|md|html)$/.test(f));

t.test('every file a module opens relative to itself is inside the repository', async (t) => {
  let seen = 0;
  for (const file of files.filter((f) => /\.(ts|js|mjs)$/.test(f))) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const [, target] of text.matchAll(/new URL\(\s*['"`]([^'"`$]+)['"`]\s*,\s*import\.meta\.url\s*\)/g)) {
      seen++;
      const resolved = path.resolve(path.dirname(path.join(root, file)), target!);
      const relative = path.relative(root, resolved);
      t.ok(
        !relative.startsWith('..') && !path.isAbsolute(relative),
        `${file}: ${target} stays inside (${relative || '.'})`,
      );
    }
  }
  t.ok(seen >= 10, `${seen} relative file references checked`);
});

t.test(
  'no source, test, script or doc names the folder beside the repository or an absolute machine path',
  async (t) => {
    for (const file of files) {
      const text = readFileSync(path.join(root, file), 'utf8');
      t.notMatch(text, /\.\.\/shared\/|shared\/vectors|\/work\//, file);
    }
  },
);
