import t from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { categoryNames } from '../../src/merchants/categories.js';
import { institutionByBin } from '../../src/institutions/institutions.js';
import { staticQrPayload } from '../../src/merchants/merchants.service.js';
import { isValidTaxCode } from '../../src/tax/tax-code.js';
import { decodeVietQr } from '../../src/qr/vietqr.js';
import { resolveSecrets } from '../../src/settings/secrets.js';
import { seedDemoOnFirstStart, seedDemoStreet, shouldSeedDemo, type DemoStreet } from '../../src/demo/seed-demo.js';
import { createTestDatabase, deploymentSecretsEnv } from '../helpers/database.js';

t.test('the demo street is only for a first start on an empty embedded database with DEMO=1', async (t) => {
  t.equal(shouldSeedDemo({ demo: '1', embedded: true, merchantCount: 0 }), true);
  t.equal(shouldSeedDemo({ demo: '0', embedded: true, merchantCount: 0 }), false, 'DEMO=0 skips it');
  t.equal(
    shouldSeedDemo({ demo: '1', embedded: false, merchantCount: 0 }),
    false,
    'a Postgres deployment never gets it',
  );
  t.equal(shouldSeedDemo({ demo: '1', embedded: true, merchantCount: 3 }), false, 'stalls exist: not a first start');
});

t.test('seeding an empty database creates the Kim Đồng street and Chợ Cà Mau with history, once', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const config = loadConfig({ DATA_DIR: 'memory://', DEMO: '1', LOG_LEVEL: 'silent', ...deploymentSecretsEnv });
  const printed: string[] = [];
  const print = (text: string) => printed.push(text);
  const count = async (table: 'merchants' | 'sales' | 'activations') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  t.equal(await seedDemoOnFirstStart(database, { ...config, DEMO: '0' }, print), null, 'DEMO=0: nothing');
  t.equal(
    await seedDemoOnFirstStart(database, { ...config, DATABASE_URL: 'postgres://x@y/z' }, print),
    null,
    'Postgres: nothing',
  );
  t.equal(await count('merchants'), 0);

  let street: DemoStreet;
  if (database.kind === 'pglite') {
    street = (await seedDemoOnFirstStart(database, config, print))!;
    t.ok(street, 'seeded on first start');
    t.match(
      printed.join('\n'),
      /\/board[\s\S]*\/pay[\s\S]*\/m [\s\S]*csm_[\s\S]*\/admin/,
      'prints where to look and one stall key',
    );
    t.notOk(
      printed.join('\n').includes('csm_', printed.join('\n').indexOf('csm_') + 4),
      'prints exactly one merchant key',
    );
  } else {
    // The suite runs against Postgres: first start never seeds there, but the street itself must still be right.
    t.equal(await seedDemoOnFirstStart(database, config, print), null, 'Postgres: nothing');
    street = await seedDemoStreet(database.db, { piiKey: (await resolveSecrets(database, config)).piiKey });
  }
  t.ok(street.elapsedMs < 10_000, `quick (${street.elapsedMs} ms)`);

  const sites = await database.db.selectFrom('sites').selectAll().orderBy('slug').execute();
  t.match(sites, [
    { slug: 'cho-ca-mau', name: 'Chợ Cà Mau', kind: 'market', province_code: '96', ward_code: '32002' },
    { slug: 'kim-dong', name: 'Phố đi bộ Kim Đồng', kind: 'street', province_code: '04', ward_code: '01273' },
  ]);
  const [caMau, kimDong] = sites;
  const all = await database.db.selectFrom('merchants').selectAll().orderBy('stall_code').execute();
  t.equal(street.merchants, all.length);
  const market = all.filter((m) => m.site_id === caMau.id);
  t.ok(market.length >= 35 && market.length <= 45, `about 40 stalls in Chợ Cà Mau (${market.length})`);
  t.same(
    market.map((m) => m.stall_code),
    market.map((_, i) => `CM-${String(i + 1).padStart(3, '0')}`),
    'CM-001, CM-002, ...',
  );
  t.equal(new Set(market.map((m) => m.name)).size, market.length, 'market names are distinct');
  for (const m of market) {
    const qr = decodeVietQr(staticQrPayload(m, 'CA MAU'));
    if (qr.bin !== m.payout_bin || qr.account !== m.payout_account) t.fail(`QR of ${m.stall_code}`);
  }
  const merchants = all.filter((m) => m.site_id === kimDong.id);
  t.equal(merchants.length + market.length, all.length, 'every stall stands in one of the two sites');
  t.ok(merchants.length >= 60 && merchants.length <= 80, `about 70 stalls on Kim Đồng (${merchants.length})`);
  t.same(
    new Set(all.map((m) => `${m.payout_bin}/${m.payout_account}`)).size,
    all.length,
    'one stall per account across both sites',
  );
  t.same(
    merchants.map((m) => m.stall_code),
    merchants.map((_, i) => `KD-${String(i + 1).padStart(3, '0')}`),
    'KD-001, KD-002, ...',
  );
  t.ok(
    merchants.every((m) => m.is_demo),
    'all marked as demo data',
  );
  t.equal(new Set(merchants.map((m) => m.name)).size, merchants.length, 'names are distinct');
  for (const category of categoryNames.filter((c) => c !== 'other'))
    t.ok(
      merchants.some((m) => m.category === category),
      `has ${category}`,
    );
  t.ok(merchants.filter((m) => m.ward_code === '01273').length > merchants.length / 2, 'mostly Thục Phán ward (01273)');
  t.ok(
    merchants.some((m) => m.ward_code !== '01273' && m.ward_code !== null),
    'some from neighbouring wards',
  );
  t.ok(
    merchants.some((m) => institutionByBin(m.payout_bin)?.kind === 'wallet'),
    'some receive into a wallet',
  );
  t.ok(
    merchants.every((m) => m.tax_code && isValidTaxCode(m.tax_code)),
    'every MST passes the check digit',
  );
  const vat = merchants.filter((m) => m.tax_method === 'vat').length;
  t.ok(vat > 0 && vat < merchants.length / 4, `a few VAT-method sellers (${vat})`);
  t.equal(
    new Set(merchants.map((m) => `${m.payout_bin}/${m.payout_account}`)).size,
    merchants.length,
    'one stall per account',
  );
  for (const m of merchants) {
    const qr = decodeVietQr(staticQrPayload(m, 'CAO BANG')); // throws on a bad CRC or length
    if (qr.bin !== m.payout_bin || qr.account !== m.payout_account || qr.name !== m.qr_name)
      t.fail(`QR of ${m.stall_code}`);
  }

  const sales = await database.db
    .selectFrom('sales')
    .leftJoin('invoices', (j) => j.onRef('invoices.sale_id', '=', 'sales.id').on('invoices.kind', '=', 'original'))
    .select(['sales.id', 'sales.method', 'sales.merchant_id', 'sales.occurred_at', 'invoices.number'])
    .orderBy('sales.occurred_at')
    .execute();
  t.equal(sales.length, street.sales);
  const marketIds = new Set(market.map((m) => m.id));
  const marketSales = sales.filter((s) => marketIds.has(s.merchant_id)).length;
  t.ok(
    marketSales > 0 && marketSales < sales.length,
    `sales on both sites (${marketSales} of ${sales.length} in Cà Mau)`,
  );
  t.ok(sales.length >= 24, `a few dozen sales (${sales.length})`);
  t.ok(
    sales.every((s) => s.number !== null),
    'every sale has its e-invoice',
  );
  t.same([...new Set(sales.map((s) => s.method))].sort(), ['bank_qr', 'cash', 'mobile_money'], 'all three methods');
  const outOfOrder = [...new Set(sales.map((s) => s.merchant_id))].filter((m) => {
    const numbers = sales.filter((s) => s.merchant_id === m).map((s) => s.number);
    return numbers.some((n, i) => n !== i + 1);
  });
  t.same(outOfOrder, [], "each stall's invoice numbers follow its sales in time, without gaps");
  const payments = await database.db.selectFrom('payments').select(['outcome', 'payment_request_id']).execute();
  t.ok(payments.length > 0 && payments.every((p) => p.outcome === 'matched'), 'every demo payment matched');
  t.ok(
    payments.some((p) => p.payment_request_id),
    'some through dynamic QR codes',
  );
  t.ok(street.activations > 0 && (await count('activations')) === street.activations, 'activations recorded');

  // The printed key opens the merchant app of the showcase stall.
  const app = await buildApp({ config: { ...config, DEMO: '0' }, database });
  t.teardown(() => app.close());
  const me = await app.inject({
    url: '/api/v1/merchants/me',
    headers: { authorization: `Bearer ${street.showcase.apiKey}` },
  });
  t.equal(me.statusCode, 200);
  t.equal(me.json().stallCode, 'KD-001');

  const before = { merchants: await count('merchants'), sales: await count('sales') };
  t.equal(await seedDemoOnFirstStart(database, config, print), null, 'a second start seeds nothing');
  t.same({ merchants: await count('merchants'), sales: await count('sales') }, before);
});
