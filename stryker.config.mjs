// StrykerJS on the money core. Run through `npm run test:mutation` (scripts/mutation/run.ts), which sets
// MUTATION_GROUP and runs one group at a time; see docs/mutation-testing.md.
import { readFileSync } from 'node:fs';

const { groups } = JSON.parse(readFileSync(new URL('./scripts/mutation/groups.json', import.meta.url), 'utf8'));

const group = groups.find((g) => g.name === process.env.MUTATION_GROUP);
if (!group) throw new Error(`set MUTATION_GROUP to one of: ${groups.map((g) => g.name).join(', ')}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: group.mutate,
  // tap has no Stryker plugin: the command runner starts one process per mutant with only this group's pure tests.
  testRunner: 'command',
  commandRunner: { command: `node --import tsx scripts/mutation/run-tests.ts ${group.name}` },
  coverageAnalysis: 'off',
  concurrency: 2,
  timeoutMS: 10000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${group.name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 85, break: 85 },
  // The sandbox needs only the code and its tests (node_modules is linked, not copied).
  ignorePatterns: ['/*', '!/src', '!/test', '!/scripts', '!/package.json', '!/tsconfig.json'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
