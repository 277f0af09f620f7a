import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Each table has one owner: only that module's code inserts, updates, upserts or deletes its rows. Others read it,
// or ask the owner (e.g. payments marks requests paid through payment-requests' `writeRequestsPaid`). This test
// reads every write in src/ (Kysely's builders, the batch writer and raw SQL) and checks who writes it.

const OWNERS: Record<string, string> = {
  admin_provinces: 'admin-units',
  admin_wards: 'admin-units',
  activations: 'activations',
  activation_daily: 'activations',
  credentials: 'auth',
  staff: 'auth',
  staff_sites: 'auth',
  sites: 'sites',
  teams: 'teams',
  staff_teams: 'teams',
  events: 'realtime',
  ws_tickets: 'realtime',
  idempotency_keys: 'http',
  settings: 'settings',
  merchants: 'merchants',
  catalog_items: 'catalog',
  payment_requests: 'payment-requests',
  invoices: 'invoices',
  invoice_counters: 'invoices',
  invoice_transmissions: 'tax-authority',
  sales: 'sales',
  refunds: 'sales',
  merchant_daily: 'sales',
  merchant_hourly: 'sales',
  payer_daily: 'sales',
  payments: 'payments',
  notifications: 'payments',
  webhook_rejections: 'payments',
  webhook_rejection_counts: 'payments',
};

/** The table names a source text writes, by each way the code has of writing. */
function writtenTables(text: string): string[] {
  const patterns = [
    /\b(?:insertInto|updateTable|deleteFrom|mergeInto)\(\s*'([a-z_]+)'/g,
    /\.(?:insert|update|upsertAdding|upsert)\(\s*'([a-z_]+)'/g,
    /\btable:\s*'([a-z_]+)'/g,
    /\b(?:insert\s+into|delete\s+from)\s+([a-z_]+)\b/gi,
    /\bupdate\s+([a-z_]+)\s+set\b/gi,
  ];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1]!.toLowerCase()));
}

const root = fileURLToPath(new URL('../..', import.meta.url));
// The database module holds the generic machinery (the batch writer, the migrator) and writes no table by name.
const sources = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && f.includes(path.sep))
  .map((f) => ({ file: `src/${f}`, module: f.split(path.sep)[0]! }));

t.test('the scanner sees every way of writing', async (t) => {
  t.same(writtenTables("db.insertInto('sales')"), ['sales']);
  t.same(writtenTables("trx.updateTable('merchants').set({})"), ['merchants']);
  t.same(writtenTables("write.update('payment_requests', 'id', ['status'], rows)"), ['payment_requests']);
  t.same(writtenTables("write.upsertAdding('merchant_daily', ['day'], [], rows)"), ['merchant_daily']);
  t.same(writtenTables("numbered({ table: 'invoice_counters' })"), ['invoice_counters']);
  t.same(writtenTables('sql`insert into webhook_rejections (provider) values (1)`'), ['webhook_rejections']);
  t.same(writtenTables('sql`update sales set amount = 1`'), ['sales']);
  t.same(writtenTables("db.selectFrom('sales').where('id', '=', x)"), []);
});

t.test('only its owner writes a table', async (t) => {
  let writes = 0;
  for (const { file, module } of sources) {
    for (const table of writtenTables(readFileSync(path.join(root, file), 'utf8'))) {
      writes++;
      t.ok(OWNERS[table], `${file} writes ${table}, which has an owner in this list`);
      t.equal(module, OWNERS[table] ?? module, `${file} writes ${table}: only ${OWNERS[table]} may`);
    }
  }
  t.ok(writes > 30, `the scan found the service's writes (${writes})`);
});
