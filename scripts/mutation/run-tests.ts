// Stryker's command runner calls this once per mutant: it loads one group's test files into a single process (tap
// shares one root test between them), which saves a process start per file. tap sets a failing exit code itself.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { groups } from './groups.js';

const name = process.argv[2];
const group = groups.find((g) => g.name === name);
if (!group) {
  console.error(`unknown group "${name}"; one of: ${groups.map((g) => g.name).join(', ')}`);
  process.exit(2);
}
for (const file of group.tests) await import(pathToFileURL(resolve(file)).href);
