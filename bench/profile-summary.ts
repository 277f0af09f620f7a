/**
 * Summarises a V8 .cpuprofile (from a server started with BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"):
 * where the busy time goes, by package / source file (self time), and the heaviest functions (self and inclusive).
 *
 *   node --import tsx bench/profile-summary.ts DIR/CPU.*.cpuprofile [--top 25] [--last 30]
 *
 * `--last S` keeps only the profile's last S seconds: a benchmark's measured window comes after its setup (onboarding,
 * pre-created payment requests), which would otherwise swamp the figures.
 */
import { readFileSync } from 'node:fs';
import { numberOption } from './lib/args.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const top = Math.round(numberOption('top', 'TOP', 25));
const lastS = numberOption('last', 'LAST', 0);
const files = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--top' && all[i - 1] !== '--last');
if (files.length === 0) {
  console.error('usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [--top 25]');
  process.exit(2);
}

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const src = /\/((?:src|migrations|bench)\/.*)$/.exec(url);
  if (src) return src[1];
  if (url.startsWith('node:')) return url.replace(/^node:internal\/.*/, 'node:internal');
  return url;
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfByArea = new Map<string, number>();
  const selfByFn = new Map<string, number>();
  const totalByFn = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${area(n.callFrame.url, n.callFrame.functionName)}:${n.callFrame.lineNumber + 1}`;

  const from = lastS > 0 ? profile.endTime - lastS * 1e6 : -Infinity;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // the delta after a sample is the time it stands for
    if (at < from) return;
    const node = byId.get(id)!;
    const fn = node.callFrame.functionName;
    if (fn === '(idle)') {
      idle += dt;
      return;
    }
    total += dt;
    const a = area(node.callFrame.url, fn);
    selfByArea.set(a, (selfByArea.get(a) ?? 0) + dt);
    const k = key(node);
    selfByFn.set(k, (selfByFn.get(k) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const kk = key(byId.get(cur)!);
      if (seen.has(kk)) continue;
      seen.add(kk);
      totalByFn.set(kk, (totalByFn.get(kk) ?? 0) + dt);
    }
  });

  const wall = (profile.endTime - profile.startTime) / 1000;
  const pct = (ms: number) => `${((ms / total) * 100).toFixed(1).padStart(5)}%`;
  const list = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(
    `\n${file}\n  wall ${(wall / 1000).toFixed(1)} s, busy ${(total / 1000).toFixed(1)} s, idle ${(idle / 1000).toFixed(1)} s`,
  );
  console.log('\n  self time by package / file:');
  for (const [k, v] of list(selfByArea)) console.log(`    ${pct(v)}  ${k}`);
  console.log('\n  self time by function:');
  for (const [k, v] of list(selfByFn)) console.log(`    ${pct(v)}  ${k}`);
  console.log('\n  inclusive time by function:');
  for (const [k, v] of list(totalByFn)) console.log(`    ${pct(v)}  ${k}`);
}
