import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onCleanup, onExitSync } from './cleanup.js';

/** What the viewers saw: for each sale's event id, when each viewer received it (ms, `process.hrtime`) and on which site's board. */
export interface SiteViewerReport {
  ids: number[];
  times: number[][];
  boards: string[][];
}

export interface SiteViewers {
  open(base: string, slugs: string[]): Promise<{ ok: number; failed: number }>;
  report(): Promise<SiteViewerReport>;
}

const script = fileURLToPath(new URL('./site-viewer-child.ts', import.meta.url));

/** The province benchmark's viewers, in a child process (`site-viewer-child.ts`); one command at a time. */
export async function startSiteViewers(): Promise<SiteViewers> {
  const child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const removeLastResort = onExitSync(() => child.kill('SIGKILL'));
  const waiting: Array<(m: any) => void> = [];
  child.on('message', (m) => waiting.shift()?.(m));
  const ask = <T>(msg: object) =>
    new Promise<T>((resolve) => {
      waiting.push(resolve);
      child.send(msg);
    });
  await new Promise((resolve) => waiting.push(resolve)); // ready
  onCleanup(`stop site viewers ${child.pid}`, async () => {
    await Promise.race([ask({ cmd: 'close' }), new Promise((r) => setTimeout(r, 5_000))]);
    child.kill('SIGKILL');
    removeLastResort();
  });
  return {
    open: (base, slugs) => ask({ cmd: 'open', base, slugs }),
    report: () => ask<SiteViewerReport>({ cmd: 'report' }),
  };
}
