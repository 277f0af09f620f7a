/**
 * A child process holding the province benchmark's site-board viewers (started by `site-viewers.ts`, driven over
 * IPC), so that parsing thousands of viewers' messages costs the server's process nothing. Each viewer watches one
 * site's board; for every sale a delta carries (a ticker line, or an event id in \`more\`) it notes when it arrived
 * and on which site's board; the parent checks each against the sale's own site (another site's sale is a
 * mis-delivery). The viewers of one site receive the same text, so each distinct message is parsed once.
 *
 * Times are `process.hrtime` (the system's monotonic clock), comparable with the parent's.
 *
 * Commands: open {base, slugs} → {ok, failed}; report → {ids, times, boards}; close.
 */
import WebSocket from 'ws';
import { expandIds } from '../../src/realtime/delta-patch.js';

type Command = { cmd: 'open'; base: string; slugs: string[] } | { cmd: 'report' } | { cmd: 'close' };

interface Delta {
  type: string;
  ticker?: Array<{ id: number; type: string }>;
  more?: number[];
}

const sockets: WebSocket[] = [];
/** Event id → when each viewer received it, and the board (index in `boards`) it came on. */
const receipts = new Map<number, { times: number[]; boards: number[] }>();
const boards: string[] = [];
/** The last message each site's viewers received, and its sales: the next viewer of that site reuses the parse. */
const lastParsed = new Map<string, { raw: string; sales: number[] }>();

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function salesOf(slug: string, raw: string): number[] {
  const cached = lastParsed.get(slug);
  if (cached?.raw === raw) return cached.sales;
  const m = JSON.parse(raw) as Delta;
  const sales =
    m.type === 'delta'
      ? [...(m.ticker ?? []).filter((i) => i.type === 'sale').map((i) => i.id), ...expandIds(m.more ?? [])]
      : [];
  lastParsed.set(slug, { raw, sales });
  return sales;
}

function openOne(url: string, slug: string): Promise<void> {
  if (!boards.includes(slug)) boards.push(slug);
  const board = boards.indexOf(slug);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 30_000 });
    sockets.push(ws);
    let ready = false;
    ws.on('message', (data: Buffer) => {
      const at = nowMs();
      const raw = data.toString();
      if (!ready) {
        ready = true; // its snapshot
        return resolve();
      }
      for (const id of salesOf(slug, raw)) {
        let seen = receipts.get(id);
        if (!seen) receipts.set(id, (seen = { times: [], boards: [] }));
        seen.times.push(at);
        seen.boards.push(board);
      }
    });
    ws.on('error', (error) => {
      if (!ready) reject(error);
    });
  });
}

async function open(base: string, slugs: string[]) {
  let ok = 0;
  let failed = 0;
  for (let i = 0; i < slugs.length; i += 250) {
    const wave = slugs.slice(i, i + 250);
    const results = await Promise.allSettled(wave.map((slug) => openOne(`${base}/ws/board?site=${slug}`, slug)));
    for (const r of results) {
      if (r.status === 'fulfilled') ok++;
      else failed++;
    }
  }
  return { ok, failed };
}

process.on('message', async (m: Command) => {
  const reply = (payload: unknown) => process.send!(payload);
  if (m.cmd === 'open') reply(await open(m.base, m.slugs));
  else if (m.cmd === 'report') {
    const ids = [...receipts.keys()];
    reply({
      ids,
      times: ids.map((id) => receipts.get(id)!.times),
      boards: ids.map((id) => receipts.get(id)!.boards).map((b) => b.map((i) => boards[i])),
    });
  } else {
    for (const s of sockets) s.terminate();
    reply({});
    setTimeout(() => process.exit(0), 50);
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
