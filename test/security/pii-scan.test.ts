import t from 'tap';
import { deliver, SECRETS, sepayDelivery } from '../helpers/webhooks.js';
import { openSocket } from '../helpers/ws.js';
import { ok, startLoggedApp, type Stall } from './support.js';
import { onboardStall } from '../helpers/fixtures.js';

/**
 * A realistic day on the street — stalls onboarded, shoppers paying through the sandbox bank and SePay (some writing
 * their phone number in the memo, as people do), cash sales, refunds, an unmatched transfer given to a stall by staff,
 * mobile-money activations recorded with phone numbers (one by one and by CSV), and a buyer who puts her name, email
 * and phone on her invoice — then every payload the public can get: the board snapshot and CSV, the board websocket
 * (live, over a real listening server), every receipt in HTML, JSON and XML, the sandbox bank list, health, pages and
 * the API document. None may carry any phone number used (0912345678, +84912345678, 84912345678 or the bare
 * 912345678, also with spaces, dots or dashes between the digits) nor any stall's full payout account number: not
 * even the buyer's own receipt shows her phone (anyone holding its code can read it), only its last 3 digits.
 */

const ctx = await startLoggedApp(t, SECRETS);
const { call, adminToken } = ctx;
await ctx.app.listen({ port: 0, host: '127.0.0.1' });
const port = (ctx.app.server.address() as { port: number }).port;

// The board is open on the big screen all day: everything it receives is scanned.
const liveBoard = await openSocket(`ws://127.0.0.1:${port}/ws/board`);
await liveBoard.next((m) => m.type === 'snapshot');

// ---------------------------------------------------------------------------------------------------------------
// The day.

const ACCOUNTS = ['0451000999888', '19036668899123', '8800123456789'];
const stalls: Stall[] = [];
for (const [i, accountNumber] of ACCOUNTS.entries()) {
  stalls.push(
    (await onboardStall(ctx, {
      name: ['Bún bò Cô Ba', 'Nước mía Anh Tư', 'Bánh mì Chị Năm'][i],
      payout: { bin: ['970436', '970418', '970422'][i], accountNumber },
    })) as Stall,
  );
}

/** Phones of activations, memos and the buyer, in their national form; how they were typed is further below. */
const ACTIVATION_PHONES: Array<[string, string]> = [
  ['0912345678', '0912345678'],
  ['0988777666', '+84 988 777 666'],
  ['0386111222', '84386111222'],
  ['0912345679', '091.234.5679'],
  ['0707654321', '0707-654-321'],
];
const IMPORTED_PHONES: Array<[string, string]> = [
  ['0888123456', '+84 888 123 456'],
  ['0339998877', '339998877'],
];
const MEMO_PHONE = '0903111222';
const BUYER_PHONE = '0977123456';
const ALL_PHONES = [...ACTIVATION_PHONES.map(([p]) => p), ...IMPORTED_PHONES.map(([p]) => p), MEMO_PHONE, BUYER_PHONE];

const lookupCodes = new Set<string>();
const keep = (invoice: { lookupCode: string } | null | undefined) => invoice && lookupCodes.add(invoice.lookupCode);

let BUYER_RECEIPT = '';
let BUYER_INVOICE_ID = '';
/** The answer to the receipt's buyer form: public too (no key is needed to post it). */
let buyerFormAnswer = '';

// Top-level assertions would end tap's root test early (and close the app): the day runs as a subtest.
await t.test('a realistic day on the street', async (t) => {
  for (const [i, stall] of stalls.entries()) {
    // Dynamic QR, paid from a bank app and from a wallet through the sandbox bank.
    for (const [amount, payerBank] of [
      [45000, 'VCB'],
      [30000, 'MOMO'],
      [25000 + i * 1000, 'MBB'],
    ] as const) {
      const pr = await ok(
        await call({
          method: 'POST',
          url: '/api/v1/payment-requests',
          token: stall.apiKey,
          payload: { amount, description: 'Bún bò' },
        }),
        201,
        'request',
      );
      const paid = await ok(
        await call({
          method: 'POST',
          url: '/sandbox/transfers',
          payload: { payload: pr.qr.payload, payerBank, payerName: 'Nguyễn Thị Hoa' },
        }),
        201,
        'transfer',
      );
      t.equal(paid.payment.outcome, 'matched');
    }
    // The static QR on the poster, the shopper types the amount.
    const staticQr = await call({
      method: 'GET',
      url: `/api/v1/merchants/${stall.merchant.id}/qr.txt`,
      token: stall.apiKey,
    });
    await ok(
      await call({
        method: 'POST',
        url: '/sandbox/transfers',
        payload: { payload: staticQr.raw, amount: 15000, payerBank: 'TCB', payerName: 'Tran Van Binh' },
      }),
      201,
      'static transfer',
    );
    // A SePay credit whose memo holds the shopper's phone number and the stall's own account number.
    const memo = await deliver(
      ctx,
      'sepay',
      sepayDelivery({
        id: String(Math.floor(Math.random() * 1e9)),
        accountNumber: stall.merchant.payout.accountNumber,
        amount: 20000,
        description: `${MEMO_PHONE} chuyen tien ${stall.merchant.payout.accountNumber}`,
      }),
    );
    t.equal(memo.status, 200);
    // Cash sales with items, one refunded in part; a bank sale refunded in full.
    const cash = await ok(
      await call({
        method: 'POST',
        url: '/api/v1/sales',
        token: stall.apiKey,
        payload: { amount: 60000, method: 'cash', items: [{ name: 'Bún bò', quantity: 2, unitPrice: 30000 }] },
      }),
      201,
      'cash',
    );
    keep(cash.invoice);
    const refund = await ok(
      await call({
        method: 'POST',
        url: `/api/v1/sales/${cash.sale.id}/refunds`,
        token: stall.apiKey,
        payload: { amount: 30000, reason: 'khách trả 1 bát' },
      }),
      201,
      'refund',
    );
    keep(refund.adjustment);
    const bankSales = await call({ method: 'GET', url: '/api/v1/sales?limit=50', token: stall.apiKey });
    const bankSale = bankSales.body.items.find((s: any) => s.method === 'bank_qr');
    keep(
      (
        await ok(
          await call({
            method: 'POST',
            url: `/api/v1/sales/${bankSale.id}/refunds`,
            token: stall.apiKey,
            payload: { amount: bankSale.amount },
          }),
          201,
          'full refund',
        )
      ).adjustment,
    );
  }

  // Money that reached no stall (a mistyped account), which staff give to the right stall.
  const lost = await deliver(
    ctx,
    'sepay',
    sepayDelivery({
      id: String(Math.floor(Math.random() * 1e9)),
      accountNumber: '9704000011112222',
      amount: 35000,
      description: `${MEMO_PHONE} bun bo`,
    }),
  );
  await ok(
    await call({
      method: 'POST',
      url: `/api/v1/payments/${lost.body.results[0].paymentId}/assign`,
      token: adminToken,
      payload: { merchantId: stalls[0].merchant.id },
    }),
    200,
    'assign',
  );

  // Mobile-money activations, one by one and from a CSV.
  for (const [, typed] of ACTIVATION_PHONES) {
    await ok(
      await call({
        method: 'POST',
        url: '/api/v1/activations',
        token: adminToken,
        payload: { provider: 'viettel_money', phone: typed, ward: 'Thục Phán' },
      }),
      201,
      'activation',
    );
  }
  const imported = await ok(
    await call({
      method: 'POST',
      url: '/api/v1/activations/import',
      token: adminToken,
      headers: { 'content-type': 'text/csv' },
      payload: `provider,phone,ward\n${IMPORTED_PHONES.map(([, typed]) => `vnpt_money,${typed},Nùng Trí Cao`).join('\n')}\n`,
    }),
    200,
    'import',
  );
  t.equal(imported.created, IMPORTED_PHONES.length);

  // A buyer asks for her details on her receipt: the invoice is replaced by one that carries them.
  const buyerSale = await ok(
    await call({
      method: 'POST',
      url: '/api/v1/sales',
      token: stalls[1].apiKey,
      payload: { amount: 24000, method: 'cash' },
    }),
    201,
    'buyer sale',
  );
  keep(buyerSale.invoice);
  const answer = await call({
    method: 'POST',
    url: `/i/${buyerSale.invoice.lookupCode}/buyer`,
    payload: {
      name: 'Lê Thị Hồng',
      email: 'hong.le@example.com',
      phone: '0977 123 456',
      address: '12 Kim Đồng, Cao Bằng',
    },
  });
  const withBuyer = await ok(answer, 201, 'buyer details');
  buyerFormAnswer = `${JSON.stringify(answer.headers)}\n${answer.raw}`;
  BUYER_RECEIPT = withBuyer.lookupCode as string;
  BUYER_INVOICE_ID = withBuyer.id as string;
  keep(withBuyer);

  // Every invoice issued today, as staff list them (receipts of payments and adjustments included).
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: any = await ok(
      await call({
        method: 'GET',
        url: `/api/v1/invoices?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        token: adminToken,
      }),
      200,
      'invoices',
    );
    for (const invoice of page.items) keep(invoice);
    cursor = page.nextCursor;
  }
});

// ---------------------------------------------------------------------------------------------------------------
// The scan.

interface Needle {
  what: string;
  text: string;
}
const phoneNeedles = (national: string): Needle[] => {
  const core = national.slice(1);
  return [national, `+84${core}`, `84${core}`, core].map((text) => ({ what: `phone ${national} (as ${text})`, text }));
};
const accountNeedles: Needle[] = ACCOUNTS.map((a) => ({ what: `payout account ${a}`, text: a }));

/** Finds needles in a payload as sent and with separators between digits removed ("0912 345-678" → "0912345678"). */
function scan(payload: string, needles: Needle[]): string[] {
  const squashed = payload.replace(/(?<=\d)[\s.\-()\u00a0]+(?=\d)/g, '');
  return needles.filter((n) => payload.includes(n.text) || squashed.includes(n.text)).map((n) => n.what);
}

const everyNeedle = [...ALL_PHONES.flatMap(phoneNeedles), ...accountNeedles];

let lateViewer: Awaited<ReturnType<typeof openSocket>>;
const payloads: Array<{ where: string; body: string; needles: Needle[] }> = [];
async function collect(url: string, needles = everyNeedle) {
  const res = await call({ method: 'GET', url });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  payloads.push({ where: `GET ${url}`, body: `${JSON.stringify(res.headers)}\n${res.raw}`, needles });
}

// (Between subtests the top level must not wait on timers: tap would end its root test in the gap.)
await t.test('collect every public payload', async () => {
  await new Promise((r) => setTimeout(r, 800)); // the board coalesces deltas every 250 ms
  for (const url of [
    '/api/v1/stats',
    '/api/v1/stats/daily.csv',
    '/sandbox/institutions',
    '/healthz',
    '/readyz',
    '/board',
    '/pay',
    '/m',
    '/docs/json',
  ])
    await collect(url);
  for (const code of lookupCodes) {
    for (const suffix of ['', '.json', '.xml']) await collect(`/i/${code}${suffix}`);
  }
  payloads.push({ where: "POST /i/:lookup/buyer (the form's answer)", body: buyerFormAnswer, needles: everyNeedle });
  payloads.push({
    where: 'WS /ws/board (live all day)',
    body: JSON.stringify(liveBoard.messages),
    needles: everyNeedle,
  });
  lateViewer = await openSocket(`ws://127.0.0.1:${port}/ws/board`);
  await lateViewer.next((m) => m.type === 'snapshot');
  payloads.push({
    where: 'WS /ws/board (snapshot at the end)',
    body: JSON.stringify(lateViewer.messages),
    needles: everyNeedle,
  });
  liveBoard.close();
  lateViewer.close();
});

t.test('the run was realistic: the board saw the day', async (t) => {
  const stats = await call({ method: 'GET', url: '/api/v1/stats' });
  t.ok(JSON.stringify(stats.body).length > 200);
  t.ok(lookupCodes.size >= 15, `${lookupCodes.size} receipts to scan`);
  t.ok(liveBoard.messages.length >= 2, `${liveBoard.messages.length} board messages received live`);
  t.ok(
    liveBoard.messages.some((m) => m.type === 'delta' || (m.type !== 'snapshot' && m.type !== 'heartbeat')),
    'deltas arrived during the run',
  );
});

t.test('the scanner finds what it looks for (positive controls)', async (t) => {
  // Staff may see payout accounts and the buyer's phone on her invoice: both must be found by the scanner.
  const merchants = await call({ method: 'GET', url: '/api/v1/merchants', token: adminToken });
  t.same(
    scan(merchants.raw, accountNeedles).sort(),
    accountNeedles.map((n) => n.what).sort(),
    'every account in the staff listing is found',
  );
  const invoice = await call({ method: 'GET', url: `/api/v1/invoices/${BUYER_INVOICE_ID}`, token: adminToken });
  t.ok(
    scan(invoice.raw, phoneNeedles(BUYER_PHONE)).length > 0,
    "the buyer's phone on the staff view of her invoice is found",
  );
  const receipt = await call({ method: 'GET', url: `/i/${BUYER_RECEIPT}.json` });
  t.equal(receipt.body.buyer.phone, '*******456', 'her receipt shows the last 3 digits only');
  t.same(scan('call 0912 345-678 now', phoneNeedles('0912345678')).length > 0, true, 'separators do not hide a number');
  t.same(scan('+84 912.345.678', phoneNeedles('0912345678')).length > 0, true, 'nor the +84 form');
});

t.test('no public payload carries a phone number or a full account number', async (t) => {
  let bytes = 0;
  const leaks: string[] = [];
  for (const p of payloads) {
    bytes += p.body.length;
    for (const found of scan(p.body, p.needles)) leaks.push(`${p.where}: ${found}`);
  }
  t.same(
    leaks,
    [],
    `${payloads.length} payloads (${(bytes / 1024).toFixed(0)} KiB) scanned for ${ALL_PHONES.length} phones in 4 forms and ${ACCOUNTS.length} accounts`,
  );
  t.comment(
    `PII scan: ${payloads.length} public payloads, ${lookupCodes.size} receipts × 3 formats, ${liveBoard.messages.length + lateViewer.messages.length} board messages, ${(bytes / 1024).toFixed(0)} KiB`,
  );
});
