import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { stallTaxCode } from '../helpers/fixtures.js';
import { cassoDelivery, deliver, payosDelivery, SECRETS } from '../helpers/webhooks.js';

/**
 * No secret at rest in plain text: after a realistic day driven the way the pages drive the API (every POST with an
 * Idempotency-Key, some retried), no column of any table holds a key, token or ticket the service issued, its own
 * keys, a resident's full phone number or a payer's full account number.
 */
const ctx = await startTestApp(t, SECRETS);
const { call, adminToken, app, database } = ctx;

// What the admin and merchant pages send: a fresh Idempotency-Key per action, the same one on a retry.
const post = async (url: string, token: string, payload?: Record<string, unknown>, key = randomUUID()) => {
  const first = await call({ method: 'POST', url, token, payload, headers: { 'idempotency-key': key } });
  const retry = await call({ method: 'POST', url, token, payload, headers: { 'idempotency-key': key } }); // a lost answer
  if (first.status >= 300 || retry.status !== first.status)
    throw new Error(`${url}: ${first.status} ${first.raw} / ${retry.status} ${retry.raw}`);
  return first.body;
};

const issued: Array<[string, string]> = [];
const remember = (what: string, secret: string | null | undefined) => {
  if (!secret) throw new Error(`${what}: no secret in the first answer`);
  issued.push([what, secret]);
  return secret;
};

t.test('a realistic day, then every text, json and binary column of every table is searched', async (t) => {
  // Admin page: staff, stalls, a rotated key.
  const staff = await post('/api/v1/staff', adminToken, { name: 'Bế Văn Thành', role: 'staff' });
  const staffToken = remember('staff token', staff.token);
  const admin2 = await post('/api/v1/staff', adminToken, { name: 'Nông Thị Lan', role: 'admin' });
  remember('admin token', admin2.token);
  const stalls = [];
  for (const [i, name] of ['Phở bò Cao Bằng', 'Bánh cuốn Bà Hoa'].entries()) {
    const onboarded = await post('/api/v1/merchants', staffToken, {
      stallCode: `DAY-${i + 1}`,
      name,
      category: 'food',
      ward: 'Thục Phán',
      payout: { bin: '970436', accountNumber: `10880000${i + 1}0` },
      taxMethod: 'household',
      taxCode: stallTaxCode(910_000 + i),
      address: 'Phố Kim Đồng, Cao Bằng',
    });
    remember('onboarding key', onboarded.apiKey);
    stalls.push(onboarded.merchant);
  }
  const rotated = await post(`/api/v1/merchants/${stalls[0].id}/api-keys`, staffToken);
  const key = remember('rotated key', rotated.apiKey);
  const otherKey = remember(
    'rotated key',
    (await post(`/api/v1/merchants/${stalls[1].id}/api-keys`, adminToken)).apiKey,
  );

  // Merchant app: a ticket for the live feed, a dynamic QR paid through each provider, cash sales, a refund.
  remember('ws ticket', (await post('/api/v1/ws-tickets', key)).ticket);
  remember('ws ticket', (await post('/api/v1/ws-tickets', otherKey)).ticket);
  const payerAccounts = ['0451000123456', '190312345678'];
  for (const [provider, make, payerAccount] of [
    ['payos', payosDelivery, payerAccounts[0]],
    ['casso', cassoDelivery, payerAccounts[1]],
  ] as const) {
    const pr = await post('/api/v1/payment-requests', key, { amount: 45000 });
    const res = await deliver(
      ctx,
      provider,
      make({
        accountNumber: stalls[0].payout.accountNumber,
        amount: 45000,
        description: `QR ${pr.reference}`,
        payerAccount,
      }),
    );
    t.equal(res.status, 200, `${provider}: ${res.raw}`);
  }
  const sandboxPr = await post('/api/v1/payment-requests', otherKey, { amount: 30000 });
  t.equal(
    (
      await call({
        method: 'POST',
        url: '/sandbox/transfers',
        payload: { payload: sandboxPr.qr.payload, payerBank: 'MOMO' },
      })
    ).status,
    201,
  );
  const sale = await post('/api/v1/sales', key, {
    method: 'cash',
    amount: 25000,
    buyer: { name: 'Công ty TNHH Hoa Mai', phone: '0912 777 888' },
  });
  await post(`/api/v1/sales/${sale.sale.id}/refunds`, key, { amount: 5000, reason: 'trả lại một phần' });

  // Staff in the field: activations with residents' phones.
  const phones = ['0912345678', '0387654321'];
  for (const phone of phones)
    await post('/api/v1/activations', staffToken, { provider: 'viettel_money', phone, ward: 'Phường Thục Phán' });

  const forbidden: Array<[string, string]> = [
    ...issued,
    // The part after the prefix is the secret itself: not stored without its prefix either.
    ...issued
      .filter(([, s]) => /^cs[sm]_/.test(s))
      .map(([what, s]) => [`${what} (body)`, s.slice(4)] as [string, string]),
    ['admin token', adminToken],
    ['PII key', app.secrets.piiKey],
    ['ticket key', app.secrets.wsTicketKey],
    ['sandbox secret', app.secrets.sandboxWebhookSecret],
    ...phones.flatMap(
      (p) =>
        [
          ['resident phone', p],
          ['resident phone', p.slice(1)],
        ] as Array<[string, string]>,
    ),
    ...payerAccounts.map((a) => ['payer account', a] as [string, string]),
  ];

  const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = current_schema() and data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')`.execute(
    database.db,
  );
  t.ok(columns.rows.length > 30, `${columns.rows.length} columns searched`);
  const found: string[] = [];
  let rowsRead = 0;
  for (const { table_name, column_name, data_type } of columns.rows) {
    // bytea as text is its hex: its printable bytes as they are (escape), so a token stored as bytes is found too.
    const asText =
      data_type === 'bytea' ? sql`encode(${sql.ref(column_name)}, 'escape')` : sql`${sql.ref(column_name)}::text`;
    const { rows } = await sql<{ v: string | null }>`select ${asText} as v from ${sql.table(table_name)}`.execute(
      database.db,
    );
    rowsRead += rows.length;
    for (const { v } of rows) {
      if (!v) continue;
      for (const [what, secret] of forbidden)
        if (v.includes(secret)) found.push(`${table_name}.${column_name} holds a ${what}`);
    }
  }
  t.ok(rowsRead > 50, `${rowsRead} values read`);
  t.same([...new Set(found)], [], 'no secret, full phone or payer account at rest');

  // What is kept instead: answers without their secret, and masked forms (enough to audit).
  const kept = await database.db
    .selectFrom('idempotency_keys')
    .select('response_body')
    .where('response_body', 'like', '%"secretShownOnce":true%')
    .execute();
  t.equal(kept.length, issued.length, 'each answer that showed a secret is kept, without it');
  const raws = (await database.db.selectFrom('notifications').select('raw_body').execute())
    .map((r) => r.raw_body)
    .join('\n');
  t.match(raws, '"counterAccountNumber":"*********3456"', 'payOS payer account: last four digits');
  t.match(raws, '"counterAccountNumber":"********5678"', 'Casso payer account: last four digits');
  const masked = await database.db.selectFrom('activations').select('phone_masked').orderBy('phone_masked').execute();
  t.same(
    masked.map((m) => m.phone_masked),
    ['*******321', '*******678'],
  );
});
