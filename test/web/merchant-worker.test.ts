// The stall app's service worker as the server writes it: what it precaches (found from the page and its imports,
// plus every recorded voice clip) and its version, which follows the files' contents.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { merchantWorker, type AssetMap } from '../../src/web/merchant-worker.js';

const constants = (source: string) => ({
  version: /const VERSION = "(\w+)";/.exec(source)![1],
  shell: JSON.parse(/const SHELL = (\[.*\]);/.exec(source)![1]) as string[],
  optional: JSON.parse(/const OPTIONAL = (\[.*\]);/.exec(source)![1]) as string[],
});

t.test('precaches the page, its files followed through their imports, and every voice clip', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'stall-worker-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = async (name: string, text: string) => {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const js = 'text/javascript; charset=utf-8';
  const assets: AssetMap = {
    '/assets/app.js': {
      file: await file('app.js', "import { b } from '/assets/b.js';\nexport * from '/assets/c.js';"),
      type: js,
    },
    '/assets/b.js': { file: await file('b.js', "const later = () => import('/assets/d.js');"), type: js },
    '/assets/c.js': { file: await file('c.js', 'export const c = 1;'), type: js },
    '/assets/d.js': { file: await file('d.js', 'export const d = 1;'), type: js },
    '/assets/app.css': { file: await file('app.css', 'body {}'), type: 'text/css' },
    '/assets/board.js': { file: await file('board.js', 'another page'), type: js },
    '/assets/voice/so/1.mp3': { file: await file('voice/so/1.mp3', 'một'), type: 'audio/mpeg' },
  };
  await file('voice/nghin.mp3', 'nghìn'); // a clip on disk the server does not serve (yet)
  const html = '<link rel="stylesheet" href="/assets/app.css"><script type="module" src="/assets/app.js"></script>';

  const first = constants(await merchantWorker(html, assets, path.join(dir, 'voice')));
  t.same(first.shell, [
    '/m',
    '/assets/app.css',
    '/assets/app.js',
    '/assets/b.js',
    '/assets/c.js',
    '/assets/d.js',
    '/assets/voice/so/1.mp3',
  ]);
  t.same(first.optional, ['/assets/voice/nghin.mp3'], 'a clip not served is tried, not required');
  t.equal(constants(await merchantWorker(html, assets, path.join(dir, 'voice'))).version, first.version, 'stable');

  await file('d.js', 'export const d = 2;');
  const changed = constants(await merchantWorker(html, assets, path.join(dir, 'voice')));
  t.not(changed.version, first.version, 'a changed module: a new version');
  await file('voice/moi.mp3', 'mới');
  const clip = constants(await merchantWorker(html, assets, path.join(dir, 'voice')));
  t.ok(clip.optional.includes('/assets/voice/moi.mp3'), 'a new clip is listed without a list to update');
  t.not(clip.version, changed.version, 'and changes the version');
  const none = constants(await merchantWorker(html, assets, path.join(dir, 'no-such-folder')));
  t.same(none.optional, [], 'no voice folder: nothing more');
});
