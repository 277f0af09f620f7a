// `npm run test:mutation [group…]`: runs StrykerJS once per group (scripts/mutation/groups.json), one after another,
// then prints the score of every mutated file across the groups and fails below the threshold.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { groups } from './groups.js';

const THRESHOLD = 85;
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !groups.some((g) => g.name === w));
if (unknown.length) {
  console.error(`unknown group(s) ${unknown.join(', ')}; groups: ${groups.map((g) => g.name).join(', ')}`);
  process.exit(2);
}
const chosen = wanted.length ? groups.filter((g) => wanted.includes(g.name)) : groups;

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

// Killed and timed-out mutants are detected; survivors and mutants no test reaches are not. Compile and runtime
// errors are left out of the score, as Stryker does.
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const rows: { file: string; detected: number; undetected: number }[] = [];
for (const group of chosen) {
  console.log(`\n=== mutation group "${group.name}": ${group.mutate.join(' ')}`);
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_GROUP: group.name },
  });
  const report = JSON.parse(readFileSync(`reports/mutation/${group.name}.json`, 'utf8')) as Report;
  for (const [file, { mutants }] of Object.entries(report.files)) {
    rows.push({
      file,
      detected: mutants.filter((m) => DETECTED.has(m.status)).length,
      undetected: mutants.filter((m) => UNDETECTED.has(m.status)).length,
    });
  }
  // Stryker exits non-zero when its own break threshold is missed; the summary below still prints.
  if (run.status !== 0) console.error(`stryker exited with ${run.status} for group "${group.name}"`);
}

const pct = (d: number, u: number) => (d + u === 0 ? 100 : (100 * d) / (d + u));
console.log('\nMutation score per file (killed + timed out) / (killed + timed out + survived + no coverage):');
let low = 0;
for (const r of rows.sort((a, b) => a.file.localeCompare(b.file))) {
  const score = pct(r.detected, r.undetected);
  if (score < THRESHOLD) low++;
  console.log(
    `${score.toFixed(2).padStart(7)} %  ${String(r.detected).padStart(4)} killed  ${String(r.undetected).padStart(3)} survived  ${r.file}`,
  );
}
const d = rows.reduce((s, r) => s + r.detected, 0);
const u = rows.reduce((s, r) => s + r.undetected, 0);
console.log(
  `${pct(d, u).toFixed(2).padStart(7)} %  ${String(d).padStart(4)} killed  ${String(u).padStart(3)} survived  all files`,
);
if (low) {
  console.error(`${low} file(s) below ${THRESHOLD}%`);
  process.exit(1);
}
