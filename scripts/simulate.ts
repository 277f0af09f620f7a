/**
 * Traffic simulator and load generator for a running cashless-street, over HTTP only:
 * shoppers paying stalls through the sandbox bank (static and dynamic VietQR, bank apps and wallets), stalls logging
 * cash sales, digital teams recording mobile-money activations.
 *
 *   npm run simulate -- --rate 5 --duration 60 --url http://127.0.0.1:3000 --token <staff token>
 *
 * With a staff token it reads every stall and its static QR; it re-issues the API keys of demo stalls only
 * (isDemo), so real stalls' keys are never touched, and keeps the showcase stall's key (--keep-keys, default
 * KD-001) so a merchant app signed in with it keeps working; such stalls are still paid via their static QR.
 * Traffic is spread over the sites (streets and markets) evenly: each event picks a site, then one of its stalls, so
 * a 40-stall market is as busy on its board as a 70-stall street.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { errorCode, KeepAliveClient } from './lib/keepalive-client.js';

export interface SimulateOptions {
  url: string;
  /** A staff (or admin) token. */
  token: string;
  /** Events per second. */
  rate: number;
  /** Seconds. */
  duration: number;
  /** Most requests in flight at once (open sockets). */
  concurrency?: number;
  /** Share of QR payments made with a dynamic code when the stall has a key. */
  dynamicShare?: number;
  /** Share of events that are activations (the rest: ~70% bank QR, ~10% wallet QR, ~20% cash). */
  activationShare?: number;
  /** Stall codes whose keys are never re-issued. */
  keepKeys?: string[];
  /** Use at most this many stalls (the first by stall code). */
  maxStalls?: number;
  /** Where the progress line goes (null: nowhere). Defaults to stderr. */
  progress?: NodeJS.WritableStream | null;
  signal?: AbortSignal;
}

type Kind = 'bank_qr' | 'wallet_qr' | 'cash' | 'activation';
interface Stall {
  id: string;
  stallCode: string;
  siteSlug: string;
  staticQr: string;
  key?: string;
}
interface Tally {
  sent: number;
  ok: number;
  errors: number;
}

export interface SimulateSummary extends Tally {
  /** rate × duration: what was asked for; fewer are sent when the server cannot keep up with `concurrency`. */
  target: number;
  /** Seconds spent sending, then in all (with the wait for the last answers). */
  sendSeconds: number;
  seconds: number;
  /** Events sent per second while sending. */
  rate: number;
  /** Events answered per second over the whole run. */
  throughput: number;
  byKind: Record<Kind, Tally>;
  errorReasons: Record<string, number>;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  stalls: { total: number; withKeys: number };
  /** Payments and cash sales that succeeded, per site slug. */
  bySite: Record<string, number>;
}

const PAYER_BANKS = [
  '970436',
  '970418',
  '970405',
  '970415',
  '970422',
  '970407',
  '970416',
  '970423',
  '970432',
  '970403',
];
const PAYER_WALLETS = ['971005', '971011', '971025'];
const PROVIDERS = ['viettel_money', 'viettel_money', 'viettel_money', 'vnpt_money', 'vnpt_money', 'mobifone_money'];
/** Wards of the demo's two provinces, each with its province: some names (Hòa An, Tân Giang) exist in several. */
const WARDS = [
  ...[
    'Thục Phán',
    'Nùng Trí Cao',
    'Tân Giang',
    'Hòa An',
    'Trùng Khánh',
    'Quảng Uyên',
    'Hà Quảng',
    'Bảo Lạc',
    'Nguyên Bình',
    'Thạch An',
  ].map((ward) => ({ ward, province: '04' })),
  ...['An Xuyên', 'Lý Văn Lâm', 'Tân Thành', 'Hòa Thành', 'U Minh', 'Thới Bình'].map((ward) => ({
    ward,
    province: '96',
  })),
];

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];

/** The stalls of each site, in the order they come (Map.groupBy is not in Node 20). */
function groupBySite<T extends { siteSlug: string }>(items: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.siteSlug, [...(groups.get(item.siteSlug) ?? []), item]);
  return [...groups.values()];
}

/** A picker that chooses a site first, then one of its stalls: every site gets its share of the traffic. */
function siteFirst(stalls: Stall[]): () => Stall {
  const sites = groupBySite(stalls);
  return () => pick(pick(sites));
}

/** Stalls taken in turn from each site (for --stalls N: the first N still cover every site). */
function interleaveSites<T extends { siteSlug: string }>(items: T[]): T[] {
  const groups = groupBySite(items);
  const out: T[] = [];
  for (let i = 0; out.length < items.length; i++) for (const g of groups) if (i < g.length) out.push(g[i]);
  return out;
}
/** 10,000–200,000 đồng in whole thousands, most of them small (a bowl of phở, not a jacket). */
const amount = () => 10_000 + Math.round(190 * Math.random() ** 2) * 1_000;
const phone = () => `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** Reads the stalls, their static QR codes, and re-issues keys for the demo stalls this run will use. */
async function prepareStalls(
  client: KeepAliveClient,
  o: Required<Pick<SimulateOptions, 'token' | 'keepKeys'>> & { maxStalls?: number },
) {
  const listed: Array<{ id: string; stallCode: string; siteSlug: string; isDemo: boolean }> = [];
  for (let cursor: string | null = null; ;) {
    const res = await client.request(
      'GET',
      `/api/v1/merchants?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      o.token,
    );
    if (res.status !== 200) throw new Error(`listing stalls failed: ${res.status} ${res.text.slice(0, 200)}`);
    const page = JSON.parse(res.text) as { items: typeof listed; nextCursor: string | null };
    listed.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const chosen = o.maxStalls ? interleaveSites(listed).slice(0, o.maxStalls) : listed;
  if (chosen.length === 0)
    throw new Error(
      'There are no stalls to pay: onboard some first (or start on an empty embedded database for the demo street)',
    );
  const stalls: Stall[] = [];
  await inBatches(chosen, 8, async (m) => {
    const qr = await client.request('GET', `/api/v1/merchants/${m.id}/qr.txt`, o.token);
    if (qr.status !== 200) throw new Error(`static QR of ${m.stallCode} failed: ${qr.status}`);
    const stall: Stall = { id: m.id, stallCode: m.stallCode, siteSlug: m.siteSlug, staticQr: qr.text.trim() };
    if (m.isDemo && !o.keepKeys.includes(m.stallCode)) {
      const key = await client.request('POST', `/api/v1/merchants/${m.id}/api-keys`, o.token, {});
      if (key.status !== 201)
        throw new Error(`re-issuing the key of ${m.stallCode} failed: ${key.status} ${key.text.slice(0, 200)}`);
      stall.key = (JSON.parse(key.text) as { apiKey: string }).apiKey;
    }
    stalls.push(stall);
  });
  return stalls;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
}

export async function simulate(options: SimulateOptions): Promise<SimulateSummary> {
  const o = {
    concurrency: 256,
    dynamicShare: 0.6,
    activationShare: 0.05,
    keepKeys: ['KD-001'],
    progress: process.stderr,
    ...options,
  };
  const client = new KeepAliveClient(o.url, o.concurrency);
  const kinds: Kind[] = ['bank_qr', 'wallet_qr', 'cash', 'activation'];
  const byKind = Object.fromEntries(kinds.map((k) => [k, { sent: 0, ok: 0, errors: 0 }])) as Record<Kind, Tally>;
  const errorReasons: Record<string, number> = {};
  let latencies = new Float64Array(4096);
  let done = 0;
  let inFlight = 0;
  try {
    const stalls = await prepareStalls(client, { token: o.token, keepKeys: o.keepKeys, maxStalls: o.maxStalls });
    const keyed = stalls.filter((s) => s.key);
    const anyStall = siteFirst(stalls);
    const keyedStall = siteFirst(keyed);
    const bySite: Record<string, number> = {};
    const tallySite = (stall: Stall) => (bySite[stall.siteSlug] = (bySite[stall.siteSlug] ?? 0) + 1);

    const fail = (kind: Kind, reason: string) => {
      byKind[kind].errors++;
      errorReasons[`${kind}: ${reason}`] = (errorReasons[`${kind}: ${reason}`] ?? 0) + 1;
    };
    const failed = (res: { status: number; text: string }) => `${res.status} ${errorCode(res.text) ?? ''}`.trim();

    async function pay(kind: Kind): Promise<void> {
      const dynamic = keyed.length > 0 && Math.random() < o.dynamicShare;
      const stall = dynamic ? keyedStall() : anyStall();
      const body: Record<string, unknown> = { payerBank: pick(kind === 'wallet_qr' ? PAYER_WALLETS : PAYER_BANKS) };
      if (dynamic) {
        const created = await client.request('POST', '/api/v1/payment-requests', stall.key, { amount: amount() });
        if (created.status !== 201) return fail(kind, `payment request ${failed(created)}`);
        body.payload = (JSON.parse(created.text) as { qr: { payload: string } }).qr.payload;
      } else {
        body.payload = stall.staticQr;
        body.amount = amount();
      }
      const paid = await client.request('POST', '/sandbox/transfers', undefined, body);
      // Off on Postgres and beside real providers unless the server runs with SANDBOX=1 (docs/trust.md).
      if (paid.status === 404)
        return fail(kind, 'transfer 404: the sandbox bank is off on this server (SANDBOX=1 turns it on)');
      if (paid.status !== 201) return fail(kind, `transfer ${failed(paid)}`);
      const outcome = (JSON.parse(paid.text) as { payment?: { outcome?: string } | null }).payment?.outcome;
      if (outcome !== 'matched') return fail(kind, `payment ${outcome ?? 'not recorded'}`);
      byKind[kind].ok++;
      tallySite(stall);
    }

    async function cash(): Promise<void> {
      const stall = keyedStall();
      const res = await client.request('POST', '/api/v1/sales', stall.key, { amount: amount(), method: 'cash' });
      if (res.status !== 201) return fail('cash', failed(res));
      byKind.cash.ok++;
      tallySite(stall);
    }

    async function activation(): Promise<void> {
      const res = await client.request('POST', '/api/v1/activations', o.token, {
        provider: pick(PROVIDERS),
        phone: phone(),
        ...pick(WARDS),
      });
      if (res.status !== 201 && res.status !== 200) return fail('activation', failed(res));
      byKind.activation.ok++;
    }

    function chooseKind(): Kind {
      if (Math.random() < o.activationShare) return 'activation';
      const x = Math.random();
      if (x < 0.2 && keyed.length > 0) return 'cash';
      return x < 0.3 ? 'wallet_qr' : 'bank_qr';
    }

    function launch() {
      const kind = chooseKind();
      byKind[kind].sent++;
      inFlight++;
      const began = performance.now();
      const run = kind === 'cash' ? cash() : kind === 'activation' ? activation() : pay(kind);
      run
        .catch((error: NodeJS.ErrnoException) => fail(kind, error.code ?? error.message))
        .finally(() => {
          if (done === latencies.length) {
            const grown = new Float64Array(latencies.length * 2);
            grown.set(latencies);
            latencies = grown;
          }
          latencies[done++] = performance.now() - began;
          inFlight--;
        });
    }

    const total = Math.max(1, Math.round(o.rate * o.duration));
    const started = performance.now();
    let launched = 0;
    // A terminal gets one line redrawn in place; a log file gets a line every five seconds.
    const tty = Boolean((o.progress as { isTTY?: boolean } | null)?.isTTY);
    const line = (final = false) => {
      if (!o.progress) return;
      const secs = (performance.now() - started) / 1000;
      const t = Object.values(byKind).reduce((a, k) => ({ ok: a.ok + k.ok, errors: a.errors + k.errors }), {
        ok: 0,
        errors: 0,
      });
      o.progress.write(
        `${tty ? '\r' : ''}sent ${launched}  ok ${t.ok}  errors ${t.errors}  rate ${(launched / Math.max(secs, 0.001)).toFixed(1)}/s  in flight ${inFlight}  ${secs.toFixed(0)}/${o.duration}s   ${final ? '\n' : ''}`,
      );
    };
    const ticker = setInterval(() => line(!tty), tty ? 250 : 5_000);
    await new Promise<void>((resolve) => {
      const tick = () => {
        const elapsed = (performance.now() - started) / 1000;
        const due = Math.min(total, Math.floor(elapsed * o.rate) + 1);
        while (launched < due && inFlight < o.concurrency) {
          launched++;
          launch();
        }
        if (launched >= total || elapsed >= o.duration || o.signal?.aborted) return resolve();
        setTimeout(tick, 2);
      };
      tick();
    });
    const sendSeconds = (performance.now() - started) / 1000;
    while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
    clearInterval(ticker);
    line(true);

    const seconds = (performance.now() - started) / 1000;
    const sorted = latencies.slice(0, done).sort();
    const all = Object.values(byKind).reduce(
      (a, k) => ({ sent: a.sent + k.sent, ok: a.ok + k.ok, errors: a.errors + k.errors }),
      { sent: 0, ok: 0, errors: 0 },
    );
    return {
      ...all,
      target: total,
      sendSeconds,
      seconds,
      rate: all.sent / sendSeconds,
      throughput: (all.ok + all.errors) / seconds,
      byKind,
      errorReasons,
      latencyMs: {
        p50: percentile(sorted, 0.5),
        p90: percentile(sorted, 0.9),
        p99: percentile(sorted, 0.99),
        max: percentile(sorted, 1),
      },
      stalls: { total: stalls.length, withKeys: keyed.length },
      bySite,
    };
  } finally {
    client.close();
  }
}

export function formatSummary(s: SimulateSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const row = (label: string, k: Tally) =>
    `  ${label.padEnd(18)} ${n(k.ok).padStart(8)} ok  ${n(k.errors).padStart(6)} errors`;
  return [
    `Simulated ${n(s.sent)} of ${n(s.target)} events over ${s.stalls.total} stalls (${s.stalls.withKeys} with keys): ${n(s.ok)} ok, ${n(s.errors)} errors`,
    `  sent at ${s.rate.toFixed(1)}/s for ${s.sendSeconds.toFixed(1)} s; answered ${s.throughput.toFixed(1)}/s over ${s.seconds.toFixed(1)} s`,
    row('bank app QR', s.byKind.bank_qr),
    row('wallet QR', s.byKind.wallet_qr),
    row('cash sales', s.byKind.cash),
    row('activations', s.byKind.activation),
    `  by site: ${Object.entries(s.bySite)
      .map(([slug, count]) => `${slug} ${n(count)}`)
      .join(', ')}`,
    `  latency ms (one event, all its requests): p50 ${s.latencyMs.p50}  p90 ${s.latencyMs.p90}  p99 ${s.latencyMs.p99}  max ${s.latencyMs.max}`,
    ...Object.entries(s.errorReasons)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([reason, count]) => `  error ×${count}: ${reason}`),
  ].join('\n');
}

const usage = `Usage: npm run simulate -- [--rate 5] [--duration 60] [--url http://127.0.0.1:3000] --token <staff token>
  --rate N           events per second (default 5)
  --duration S       seconds (default 60)
  --url URL          the service (default $SIM_URL or http://127.0.0.1:3000)
  --token T          a staff or admin token (default $STAFF_TOKEN or $ADMIN_TOKEN)
  --concurrency N    most requests in flight (default 256)
  --dynamic F        share of QR payments with a dynamic code (default 0.6)
  --activations F    share of events that are activations (default 0.05)
  --stalls N         use only N stalls, taken in turn from each site
  --keep-keys CODES  comma-separated stall codes whose keys are never re-issued (default KD-001)
  --quiet            no progress line
Exits 1 when any event failed.`;

async function main() {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '5' },
      duration: { type: 'string', default: '60' },
      url: { type: 'string', default: process.env.SIM_URL ?? 'http://127.0.0.1:3000' },
      token: { type: 'string', default: process.env.STAFF_TOKEN ?? process.env.ADMIN_TOKEN },
      concurrency: { type: 'string', default: '256' },
      dynamic: { type: 'string', default: '0.6' },
      activations: { type: 'string', default: '0.05' },
      stalls: { type: 'string' },
      'keep-keys': { type: 'string', default: 'KD-001' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(usage);
  const num = (name: string, text: string | undefined, min: number, max = Infinity) => {
    const v = Number(text);
    if (!Number.isFinite(v) || v < min || v > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return v;
  };
  if (!values.token) throw new Error(`A staff token is needed (--token or STAFF_TOKEN).\n${usage}`);
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort()); // Ctrl-C: stop sending, finish what is in flight, print the summary
  const summary = await simulate({
    url: values.url,
    token: values.token,
    rate: num('rate', values.rate, 0.01),
    duration: num('duration', values.duration, 0.1),
    concurrency: num('concurrency', values.concurrency, 1),
    dynamicShare: num('dynamic', values.dynamic, 0, 1),
    activationShare: num('activations', values.activations, 0, 1),
    maxStalls: values.stalls ? num('stalls', values.stalls, 1) : undefined,
    keepKeys: values['keep-keys']
      .split(',')
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean),
    progress: values.quiet ? null : process.stderr,
    signal: abort.signal,
  });
  console.log(formatSummary(summary));
  process.exitCode = summary.errors > 0 || summary.ok === 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(2);
  });
}
