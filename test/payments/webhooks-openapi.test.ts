import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { deliver, payosDelivery, SECRETS } from '../helpers/webhooks.js';

const ctx = await startTestApp(t, SECRETS);

t.test("/docs describes POST /webhooks/{provider}: each provider's body, headers and acknowledgement", async (t) => {
  const doc = await ctx.call({ method: 'GET', url: '/docs/json' });
  t.equal(doc.status, 200);
  const op = doc.body.paths['/webhooks/{provider}']?.post;
  t.ok(op, 'the webhook path is documented');
  t.same(op.security, [], 'no bearer token: the signature is the credential');
  const params = new Map(
    op.parameters.map((p: { name: string; in: string }) => [`${p.in}:${p.name.toLowerCase()}`, p]),
  );
  t.same((params.get('path:provider') as { schema: { enum: string[] } }).schema.enum.sort(), [
    'casso',
    'payos',
    'sandbox',
    'sepay',
  ]);
  for (const name of ['x-signature', 'x-casso-signature', 'x-sepay-signature', 'x-sepay-timestamp', 'authorization'])
    t.ok(params.has(`header:${name}`), `header ${name}`);
  t.match((params.get('header:authorization') as { description: string }).description, /Apikey/);
  t.match(op.description, /HMAC-SHA512/, "casso's scheme");
  t.match(op.description, /HMAC-SHA256\(secret, t \+ "\." \+ raw body\)/, "sandbox's and sepay's scheme");

  const bodies = op.requestBody.content['application/json'].schema.oneOf as Array<{
    title: string;
    properties: Record<string, unknown>;
  }>;
  t.same(bodies.map((b) => b.title).sort(), ['casso', 'payos', 'sandbox', 'sepay']);
  const byTitle = Object.fromEntries(bodies.map((b) => [b.title, b]));
  t.ok(byTitle.payos!.properties.signature && byTitle.payos!.properties.data, 'payOS: data and its signature');
  t.ok(byTitle.sepay!.properties.transferType && byTitle.sepay!.properties.transferAmount);
  t.ok(byTitle.casso!.properties.data && byTitle.casso!.properties.error);
  t.ok(byTitle.sandbox!.properties.bin);

  const acks = op.responses['200'].content['application/json'].schema.oneOf as Array<{
    required: string[];
    properties: Record<string, any>;
  }>;
  t.same(acks.map((a) => a.required[0]).sort(), ['ok', 'success'], 'both acknowledgement shapes');
  t.same(Object.keys(acks[0]!.properties.results.items.properties).sort(), [
    'outcome',
    'paymentId',
    'providerTxId',
    'repeated',
    'saleId',
  ]);
  for (const status of ['400', '401', '404', '500'])
    t.ok(op.responses[status]?.content['application/json'].schema.properties.error, `${status} error shape`);
});

t.test(
  'the documented acknowledgement is what the route answers, and the route still verifies the raw bytes',
  async (t) => {
    const stall = await onboardStall(ctx, { payout: { bin: '970436', accountNumber: '0451000999003' } });
    const d = payosDelivery({
      accountNumber: stall.merchant.payout.accountNumber,
      amount: 30000,
      description: 'chuyen tien',
    });
    const res = await deliver(ctx, 'payos', d);
    t.equal(res.status, 200);
    const doc = await ctx.call({ method: 'GET', url: '/docs/json' });
    const success =
      doc.body.paths['/webhooks/{provider}'].post.responses['200'].content['application/json'].schema.oneOf[0];
    for (const key of success.required) t.ok(key in res.body, `answer has ${key}`);
    for (const key of success.properties.results.items.required) t.ok(key in res.body.results[0], `result has ${key}`);
    const tampered = await deliver(ctx, 'payos', { ...d, body: d.body.replace('"amount":30000', '"amount":300000') });
    t.equal(tampered.status, 401, 'the route still checks the signature over what was sent');
  },
);
