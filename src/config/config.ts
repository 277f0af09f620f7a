import { z } from 'zod';

/**
 * Every setting comes from the environment and is parsed once, at start.
 * A bad value stops the start with a message naming the variable (see ConfigError).
 */
const optionalSecret = (min: number) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.string().min(min, `must be at least ${min} characters`).optional());

/** The trial's stand-in for the tax authority's 5-character code (see EINVOICE_PROVIDER_CODE). */
export const DEFAULT_EINVOICE_PROVIDER_CODE = 'TRIAL';
/**
 * The trial's stand-in for the solution provider's tax code (see EINVOICE_PROVIDER_TAX_CODE): a valid MST by its
 * check digit, but `00` is no province's prefix, so it is nobody's.
 */
export const DEFAULT_EINVOICE_PROVIDER_TAX_CODE = '0000000017';

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  ADMIN_TOKEN: optionalSecret(24),
  SANDBOX_WEBHOOK_SECRET: optionalSecret(16),
  SEPAY_API_KEY: optionalSecret(16),
  /** SePay's HMAC-SHA256 secret (recommended over SEPAY_API_KEY; when set, only HMAC-signed SePay webhooks are accepted). */
  SEPAY_WEBHOOK_SECRET: optionalSecret(16),
  PAYOS_CHECKSUM_KEY: optionalSecret(16),
  CASSO_SECRET: optionalSecret(16),
  PII_KEY: optionalSecret(32),
  /** Signs websocket tickets; every instance of one deployment needs the same value. */
  TICKET_KEY: optionalSecret(32),
  DEMO: z.enum(['0', '1']).default('1'),
  /**
   * The sandbox bank (its webhook, /sandbox/transfers and /pay), which makes test money. Unset: on only for the
   * embedded trial (no DATABASE_URL and no real provider secret); 1 forces it on, 0 off. See sandboxEnabled.
   */
  SANDBOX: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['0', '1']).optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest amount (VND) a dynamic QR may ask for. NAPAS 247 caps one transfer at 500 million. */
  MAX_PAYMENT_AMOUNT: z.coerce.number().int().min(1).max(500_000_000).default(100_000_000),
  /** Requests per minute per IP on public routes (sandbox transfers, decode, tickets, receipts); 0 switches it off. */
  PUBLIC_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(300),
  /** Websockets (board and merchant feeds) one client IP may hold open at once; more are refused with 429. */
  WS_MAX_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** How often each instance reads the events table for what other instances committed (its own commits wake it). */
  FEED_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(200),
  /** Behind a reverse proxy: 1 trusts its X-Forwarded-* headers (client IP for rate limits, scheme and host). */
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /**
   * A request whose headers and body have not all arrived this many ms after it began is answered 408 and its
   * connection closed, so a client that trickles a body (or never finishes it) cannot hold a connection and its
   * memory for ever. Large CSV imports over slow links may need it raised.
   */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** The same for the headers alone (at most REQUEST_TIMEOUT_MS): a real client sends them in one go. */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** Mobile-money activations the province aims for (its published milestone is 45,000). */
  ACTIVATION_TARGET: z.coerce.number().int().min(1).max(100_000_000).default(45_000),
  /**
   * The 5-character code in the tax authority's code (MCCQT) of every cash-register invoice,
   * `M<template>-<yy>-<code>-<11-digit sequence>`: the tax authority issues it when it accepts the registration to
   * use cash-register invoices (docs/e-invoices.md). `TRIAL` on the trial: not a code the tax authority issued.
   */
  EINVOICE_PROVIDER_CODE: z
    .string()
    .regex(/^[0-9A-Z]{5}$/, 'must be the 5 characters (digits or capital letters) the tax authority issued')
    .default(DEFAULT_EINVOICE_PROVIDER_CODE),
  /**
   * MSTTCGP, the tax code (MST) of the e-invoice solution provider, in every invoice's XML (required by version 2.1.0
   * of Decision 1450/QĐ-TCT). Its check digit is checked when the app starts (setSolutionProviderTaxCode). Defaults
   * to DEFAULT_EINVOICE_PROVIDER_TAX_CODE on the embedded trial only; required with DATABASE_URL.
   */
  EINVOICE_PROVIDER_TAX_CODE: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .trim()
      .regex(/^\d{10}(-?\d{3})?$/, 'must be a tax code (MST): 10 digits, or 13 for a branch')
      .optional(),
  ),
  /** Pool size for Postgres; PGlite always has exactly one connection. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /**
   * 1: the confirmation path's statements are prepared once per Postgres connection. 0 behind a pooler in transaction
   * mode that does not keep prepared statements (PgBouncer before 1.21, or without max_prepared_statements).
   */
  DATABASE_PREPARED_STATEMENTS: z.enum(['0', '1']).default('1'),
  /**
   * Where invoices are transmitted to the tax authority (docs/tax-authority.md): `sandbox`, the in-process simulated
   * authority; `off`, nothing is sent (invoices stay queued, and `npm run check` reports those of past days). Unset:
   * the sandbox on the embedded trial only; a deployment on Postgres plugs in a T-VAN provider's transport.
   */
  TVAN: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['sandbox', 'off']).optional()),
  /** MNGui, the sender's code in every message (a T-VAN provider assigns it): letters and digits, at most 14. */
  TVAN_SENDER_CODE: z
    .string()
    .regex(/^[A-Z0-9]{1,14}$/, 'must be 1 to 14 upper-case letters or digits')
    .default('SANDBOX'),
  /** How often each instance looks for invoices due to be sent (a sale on the instance wakes it at once). */
  TVAN_POLL_MS: z.coerce.number().int().min(10).max(3_600_000).default(2_000),
});

export type Config = z.infer<typeof configSchema> & {
  /** Names of the real providers' secrets that are set (any SEPAY_*, PAYOS_*, CASSO_* setting with a value). */
  realProviderSettings: string[];
};

/**
 * A setting that belongs to a real money provider. Matched by prefix, so a secret added later (another SePay
 * signing mode, say) switches the sandbox off too without anyone remembering to list it here.
 */
const REAL_PROVIDER_SETTING = /^(SEPAY|PAYOS|CASSO)_/;

/**
 * Whether the sandbox bank runs: explicitly with SANDBOX, otherwise only on the embedded trial database with no real
 * provider configured. A deployment on Postgres or with a real provider is somebody's real money: there a forged
 * "bank-confirmed" payment must not be one request away.
 */
export function sandboxEnabled(config: Pick<Config, 'SANDBOX' | 'DATABASE_URL' | 'realProviderSettings'>): boolean {
  if (config.SANDBOX !== undefined) return config.SANDBOX === '1';
  return !config.DATABASE_URL && config.realProviderSettings.length === 0;
}

/** Whether invoices go to the simulated tax authority: explicitly with TVAN, otherwise on the embedded trial only. */
export function tvanSandboxEnabled(config: Pick<Config, 'TVAN' | 'DATABASE_URL'>): boolean {
  if (config.TVAN !== undefined) return config.TVAN === 'sandbox';
  return !config.DATABASE_URL;
}

/** Secrets a deployment on Postgres must bring (several instances share them; the database must not hold them). */
export const DEPLOYMENT_SECRETS = ['PII_KEY', 'TICKET_KEY'] as const;

/** Settings a deployment on Postgres must bring that have a stand-in on the embedded trial. */
export const DEPLOYMENT_SETTINGS = ['EINVOICE_PROVIDER_TAX_CODE'] as const;

/**
 * Stops the start of a service on Postgres that lacks a deployment secret or setting, naming each missing one.
 */
export function assertDeploymentSecrets(config: Config): void {
  if (!config.DATABASE_URL) return;
  const problems = [
    ...DEPLOYMENT_SECRETS.filter((name) => !config[name]).map(
      (name) =>
        `${name}: required with DATABASE_URL (at least 32 characters, the same on every instance; e.g. \`openssl rand -base64 32\`)`,
    ),
    ...DEPLOYMENT_SETTINGS.filter((name) => !config[name]).map(
      (name) =>
        `${name}: required with DATABASE_URL (the e-invoice solution provider's tax code, MSTTCGP in every invoice)`,
    ),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  // Node refuses a headers timeout longer than the request's: say so in our words, naming the variable.
  if (parsed.data.HEADERS_TIMEOUT_MS > parsed.data.REQUEST_TIMEOUT_MS) {
    throw new ConfigError([
      'HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS (the headers are part of the request)',
    ]);
  }
  const realProviderSettings = Object.keys(env)
    .filter((name) => REAL_PROVIDER_SETTING.test(name) && (env[name] ?? '') !== '')
    .sort();
  // The trial's stand-in only where no real invoice is made: on Postgres the setting is required (assertDeploymentSecrets).
  const providerTaxCode =
    parsed.data.EINVOICE_PROVIDER_TAX_CODE ??
    (parsed.data.DATABASE_URL ? undefined : DEFAULT_EINVOICE_PROVIDER_TAX_CODE);
  return { ...parsed.data, EINVOICE_PROVIDER_TAX_CODE: providerTaxCode, realProviderSettings };
}
