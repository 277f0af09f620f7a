// `npm start`: runs the compiled server (dist/src/server.js), building it first when dist/ is missing or was built
// from other sources than the ones here (scripts/build-stamp.mjs), so a start never runs a stale build. Runs in this
// process (no child), so signals and the process id are the server's own.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtStamp, computeStamp, root } from './build-stamp.mjs';

if (builtStamp() !== computeStamp()) {
  console.log('the sources changed since the last build: building first');
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  } catch {
    process.exit(1); // the build said why
  }
}
await import(pathToFileURL(path.join(root, 'dist/src/server.js')).href);
