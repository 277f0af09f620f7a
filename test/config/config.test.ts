import t from 'tap';
import { assertDeploymentSecrets, ConfigError, loadConfig } from '../../src/config/config.js';
import { runServerToExit } from '../helpers/server-process.js';

t.test('defaults: port 3000, embedded database in ./data, demo on', async (t) => {
  const c = loadConfig({});
  t.equal(c.PORT, 3000);
  t.equal(c.DATA_DIR, './data');
  t.equal(c.DATABASE_URL, undefined);
  t.equal(c.DEMO, '1');
  t.equal(c.DATABASE_PREPARED_STATEMENTS, '1', 'hot statements prepared unless a pooler forbids it');
});

t.test('a request or its headers that never finish are cut: 30 s for the request, 10 s for the headers', async (t) => {
  const c = loadConfig({});
  t.equal(c.REQUEST_TIMEOUT_MS, 30_000);
  t.equal(c.HEADERS_TIMEOUT_MS, 10_000);
  const error = t.throws(() =>
    loadConfig({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' }),
  ) as unknown as ConfigError;
  t.match(error.message, /HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS/);
});

t.test('each bad value is named', async (t) => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN'],
    [{ PII_KEY: 'too-short' }, 'PII_KEY'],
    [{ DEMO: 'yes' }, 'DEMO'],
    [{ MAX_PAYMENT_AMOUNT: '1.5' }, 'MAX_PAYMENT_AMOUNT'],
    [{ DATABASE_PREPARED_STATEMENTS: 'off' }, 'DATABASE_PREPARED_STATEMENTS'],
    [{ REQUEST_TIMEOUT_MS: '0' }, 'REQUEST_TIMEOUT_MS'],
  ];
  for (const [env, name] of cases) {
    const error = t.throws(() => loadConfig(env)) as unknown as ConfigError;
    t.ok(error instanceof ConfigError, `${name} → ConfigError`);
    t.match(error.message, new RegExp(`^\\s+- ${name}:`, 'm'), `message names ${name}`);
  }
});

t.test('empty optional values count as unset', async (t) => {
  t.equal(loadConfig({ DATABASE_URL: '', SEPAY_API_KEY: '' }).DATABASE_URL, undefined);
});

t.test('the server refuses to start on a bad value, naming it, with exit code 1', async (t) => {
  const { code, output } = await runServerToExit({ PORT: 'abc', DATA_DIR: 'memory://' });
  t.equal(code, 1);
  t.match(output, /Invalid configuration/);
  t.match(output, /PORT:/);
});

t.test('on Postgres the server refuses to start without PII_KEY and TICKET_KEY, naming each missing one', async (t) => {
  // Nothing listens on port 1: the refusal comes before any connection is tried.
  const none = await runServerToExit({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' });
  t.equal(none.code, 1);
  t.match(none.output, /PII_KEY: required with DATABASE_URL/);
  t.match(none.output, /TICKET_KEY: required with DATABASE_URL/);
  const one = await runServerToExit({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing', PII_KEY: 'k'.repeat(32) });
  t.equal(one.code, 1);
  t.notMatch(one.output, /PII_KEY:/);
  t.match(one.output, /TICKET_KEY: required with DATABASE_URL/);
  t.throws(
    () => assertDeploymentSecrets(loadConfig({ DATABASE_URL: 'postgres://x@y/z', TICKET_KEY: 'short' })),
    /TICKET_KEY/,
    'too short a key is refused too',
  );
  t.doesNotThrow(() => assertDeploymentSecrets(loadConfig({})), 'the embedded trial needs neither');
});

t.test(
  'EINVOICE_PROVIDER_TAX_CODE: a stand-in on the trial, required on Postgres, its check digit checked',
  async (t) => {
    t.equal(loadConfig({}).EINVOICE_PROVIDER_TAX_CODE, '0000000017', 'the trial default');
    t.equal(loadConfig({ DATABASE_URL: 'postgres://x@y/z' }).EINVOICE_PROVIDER_TAX_CODE, undefined, 'no stand-in');
    t.throws(() => loadConfig({ EINVOICE_PROVIDER_TAX_CODE: '12345' }), /EINVOICE_PROVIDER_TAX_CODE/);
    const keys = { DATABASE_URL: 'postgres://x@y/z', PII_KEY: 'p'.repeat(32), TICKET_KEY: 't'.repeat(32) };
    t.throws(() => assertDeploymentSecrets(loadConfig(keys)), /EINVOICE_PROVIDER_TAX_CODE: required with DATABASE_URL/);
    t.doesNotThrow(() => assertDeploymentSecrets(loadConfig({ ...keys, EINVOICE_PROVIDER_TAX_CODE: '0100109106' })));
    const bad = await runServerToExit({ DATA_DIR: 'memory://', EINVOICE_PROVIDER_TAX_CODE: '0100109107' });
    t.equal(bad.code, 1);
    t.match(
      bad.output,
      /EINVOICE_PROVIDER_TAX_CODE: not a valid tax code \(MST\)/,
      'a wrong check digit stops the start',
    );
    const none = await runServerToExit({ ...keys, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' });
    t.equal(none.code, 1);
    t.match(none.output, /EINVOICE_PROVIDER_TAX_CODE: required with DATABASE_URL/, 'named, before any connection');
  },
);
