import { sql } from 'kysely';
import type { Config } from '../config/index.js';
import type { Database, Db } from '../db/index.js';
import { onboardMerchant, type NewMerchant } from '../merchants/index.js';
import { resolveSecrets } from '../settings/index.js';
import { createSite, findSiteBySlug, type Site } from '../sites/index.js';
import { CA_MAU_SITE, CA_MAU_STALLS, caMauMerchants } from './ca-mau-market.js';
import { seedDemoActivations, seedDemoSales, type DemoStallRow } from './demo-history.js';
import { DEMO_STALLS, demoMerchants, seededRandom, type DemoStall } from './kim-dong-street.js';

export interface DemoDecision {
  demo: Config['DEMO'];
  /** True for the embedded PGlite database (no DATABASE_URL). */
  embedded: boolean;
  merchantCount: number;
}

/**
 * The demo street is for a newcomer's first start: embedded database, nothing onboarded yet, DEMO not switched off.
 * A shared Postgres (DATABASE_URL) is somebody's real deployment and never gets made-up stalls.
 */
export function shouldSeedDemo({ demo, embedded, merchantCount }: DemoDecision): boolean {
  return demo === '1' && embedded && merchantCount === 0;
}

export interface DemoStreet {
  merchants: number;
  /** The demo's sites: the Kim Đồng walking street and Chợ Cà Mau, with how many stalls each. */
  sites: Array<{ slug: string; name: string; stalls: number }>;
  sales: number;
  activations: number;
  /** The one stall whose key is printed, so a newcomer can open the merchant app at once. */
  showcase: { id: string; stallCode: string; name: string; apiKey: string };
  elapsedMs: number;
}

export interface SeedOptions {
  piiKey: string;
  sales?: number;
  activations?: number;
  now?: Date;
  /** (stalls onboarded, stalls): a long first start prints it. */
  onProgress?: (done: number, total: number) => void;
}

/** The two demo sites: Kim Đồng (made by migration 0020) and Chợ Cà Mau, created here through the sites service. */
async function demoSites(db: Db): Promise<{ kimDong: Site; caMau: Site }> {
  const kimDong = await findSiteBySlug(db, 'kim-dong');
  if (!kimDong) throw new Error('the kim-dong site is missing (migration 0020 makes it)');
  const caMau = (await findSiteBySlug(db, CA_MAU_SITE.slug)) ?? (await createSite(db, CA_MAU_SITE));
  return { kimDong, caMau };
}

/**
 * Onboards every stall of both demo sites through the onboarding service and writes a little of today's history,
 * spread over both.
 */
export async function seedDemoStreet(
  db: Db,
  { piiKey, sales = 48, activations = 60, now = new Date(), onProgress }: SeedOptions,
): Promise<DemoStreet> {
  const started = performance.now();
  const rows: DemoStallRow[] = [];
  let showcase: DemoStreet['showcase'] | undefined;
  const { kimDong, caMau } = await demoSites(db);
  const total = DEMO_STALLS.length + CA_MAU_STALLS.length;
  const onboard = async (inputs: NewMerchant[], stalls: readonly DemoStall[]) => {
    for (const [i, input] of inputs.entries()) {
      const { merchant, apiKey } = await onboardMerchant(db, input);
      rows.push({ merchant, stall: stalls[i] });
      // Every stall gets a key (as onboarding always does); only the first one is kept, to be printed.
      showcase ??= { id: merchant.id, stallCode: merchant.stall_code, name: merchant.name, apiKey };
      onProgress?.(rows.length, total);
    }
  };
  await onboard(demoMerchants(kimDong.id), DEMO_STALLS);
  await onboard(caMauMerchants(caMau.id), CA_MAU_STALLS);
  const r = seededRandom(Number(now.toISOString().slice(0, 10).replaceAll('-', '')));
  const salesCount = await seedDemoSales(db, rows, r, sales, now);
  const activationCount = activations > 0 ? await seedDemoActivations(db, piiKey, r, activations, now) : 0;
  return {
    merchants: rows.length,
    sites: [
      { slug: kimDong.slug, name: kimDong.name, stalls: DEMO_STALLS.length },
      { slug: caMau.slug, name: caMau.name, stalls: CA_MAU_STALLS.length },
    ],
    sales: salesCount,
    activations: activationCount,
    showcase: showcase!,
    elapsedMs: Math.round(performance.now() - started),
  };
}

async function countMerchants(db: Db): Promise<number> {
  const row = await db
    .selectFrom('merchants')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Where a newcomer should look, with the one merchant key they need. */
export function demoBanner(street: DemoStreet, config: Pick<Config, 'HOST' | 'PORT' | 'PUBLIC_URL'>): string {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const base = (
    config.PUBLIC_URL ?? (config.PORT === 0 ? '<server address>' : `http://${host}:${config.PORT}`)
  ).replace(/\/$/, '');
  const { showcase } = street;
  return [
    '',
    `Demo created (DEMO=0 skips it): ${street.sites.map((s) => `${s.name} (${s.stalls} stalls)`).join(' and ')}, ${street.sales} sales and ${street.activations} activations so far.`,
    `  Live boards:   ${base}/board   ${street.sites.map((s) => `${base}/board/${s.slug}`).join('   ')}`,
    `  Sandbox bank:  ${base}/pay     pay any stall's QR code as a shopper would`,
    `  Merchant app:  ${base}/m       sign in as ${showcase.stallCode} ${showcase.name} with this key (shown once):`,
    `                 ${showcase.apiKey}`,
    '                 other stalls: staff re-issue a key with POST /api/v1/merchants/:id/api-keys',
    `  Staff pages:   ${base}/admin   sign in with the admin token`,
    `  Live traffic:  npm run simulate -- --url ${base} --token <staff token>`,
  ].join('\n');
}

/**
 * Called once at start, after migrations: seeds the demo street when shouldSeedDemo says so, prints where to look
 * and returns what it made (null when it did nothing).
 */
export async function seedDemoOnFirstStart(
  database: Database,
  config: Config,
  print: (text: string) => void = console.log,
  onProgress?: SeedOptions['onProgress'],
): Promise<DemoStreet | null> {
  const embedded = database.kind === 'pglite' && !config.DATABASE_URL;
  // A real deployment (DEMO=0 or Postgres) is not even asked to count its stalls.
  const merchantCount = config.DEMO === '1' && embedded ? await countMerchants(database.db) : 0;
  if (!shouldSeedDemo({ demo: config.DEMO, embedded, merchantCount })) return null;
  const { piiKey } = await resolveSecrets(database, config);
  const street = await seedDemoStreet(database.db, { piiKey, onProgress });
  print(demoBanner(street, config));
  return street;
}
