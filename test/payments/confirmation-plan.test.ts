import t from 'tap';
import { generateReference } from '../../src/payment-requests/reference.js';
import { planConfirmations, type CreditPlan } from '../../src/payments/confirmation-plan.js';
import { confirmationWrite } from '../../src/payments/confirmation-write.js';
import { counter, credit, merchant, NOW, request } from './plan-fixtures.js';

// The planner alone: no database. Each case builds the rows storeAndLock would have locked and read, and checks the
// plan the batch would write.

const m1 = merchant(1);
const m2 = merchant(2, { tax_method: 'vat', invoice_letters: 'BH' });
const refs = Array.from({ length: 6 }, () => generateReference());
const [rMatched, rOver, rUnder, rLate, rPaid, rFuture] = refs;
const requests = [
  request(m1, rMatched, 50_000),
  request(m1, rOver, 40_000),
  request(m1, rUnder, 40_000),
  request(m1, rLate, 30_000, { expires_at: new Date(NOW.getTime() - 60_000) }),
  request(m1, rPaid, 20_000, { status: 'paid', paid_at: new Date(NOW.getTime() - 120_000) }),
  request(m2, rFuture, 25_000, { expires_at: new Date(NOW.getTime() + 30 * 60_000) }),
].map((r) => Object.freeze(r)); // a plan must never change the rows it was given (this makes a change throw)
const merchants = [m1, m2].map((m) => Object.freeze(m));
const stranger = merchant(9);

const batch = [
  credit(m1, 50_000, `MBVCB.123.${rMatched} thanh toan`), // 0 matched
  credit(m1, 45_000, `${rOver.toLowerCase()} pho`), // 1 overpaid (a lower-case memo still names it)
  credit(m1, 39_999, rUnder), // 2 underpaid by one đồng
  credit(m1, 30_000, rLate), // 3 late
  credit(m1, 20_000, rPaid), // 4 duplicate: paid earlier
  credit(stranger, 10_000, 'chuyen tien'), // 5 unmatched: nobody's account
  credit(m2, 15_000, 'chuyen tien', { payerBank: 'MOMO', provider: 'sandbox' }), // 6 static QR, a wallet, test money
  credit(m1, 50_000, rMatched), // 7 a second payment to the request credit 0 paid: a duplicate
  credit(m2, 25_000, rFuture, { occurredAt: new Date(NOW.getTime() + 3600_000).toISOString() }), // 8 bank clock ahead
  credit(m1, 12_000, `${generateReference()} not ours`), // 9 names a reference that is none of the locked: unmatched, no sale
];
const plans = planConfirmations(batch, { requests, merchants }, NOW, counter());

t.test('one plan per credit, in order, with the outcome decideMatch gives', async (t) => {
  t.same(
    plans.map((p) => p.payment.outcome),
    [
      'matched',
      'overpaid',
      'underpaid',
      'late',
      'duplicate',
      'unmatched',
      'matched',
      'duplicate',
      'matched',
      'unmatched',
    ],
  );
  t.equal(plans.length, batch.length);
  t.same(
    plans.map((p) => p.payment.provider_tx_id),
    batch.map((c) => c.credit.providerTxId),
  );
  t.same(
    plans.map((p) => p.payment.notification_id),
    batch.map((c) => c.notificationId),
  );
});

t.test('sales only for money that pays: the request amount when overpaid, the credit when static', async (t) => {
  t.same(
    plans.map((p) => p.sale?.sale.amount ?? null),
    [50_000, 40_000, null, null, null, null, 15_000, null, 25_000, null],
  );
  for (const p of plans) {
    t.equal(p.payment.sale_id, p.sale?.sale.id ?? null, 'the payment names its sale');
    if (!p.sale) continue;
    t.equal(p.sale.sale.occurred_at, p.payment.occurred_at, 'sale and payment share the credit time');
    t.equal(p.sale.invoice.sale_id, p.sale.sale.id);
    t.equal(p.sale.invoice.number, 0, 'the write numbers the invoice, not the plan');
    t.equal(p.sale.invoice.total, p.sale.sale.amount);
    t.ok(p.sale.invoice.document.lines.length > 0, 'the invoice carries its lines');
  }
  t.same(plans[0].sale?.sale.items, requests[0].items, "a request's items become the sale's");
  t.equal(plans[0].sale?.invoice.series, 'C26MKD');
  t.equal(plans[6].sale?.invoice.template, '1', "a VAT-method stall's invoice uses template 1");
  t.equal(plans[6].sale?.sale.method, 'mobile_money');
  t.equal(plans[0].sale?.sale.method, 'bank_qr');
  t.same(
    [plans[6].sale?.sale.test, plans[6].payment.test, plans[0].payment.test],
    [true, true, false],
    'the sandbox bank makes test money',
  );
});

t.test(
  'requests are marked paid by the credit that pays them, and later credits in the batch see them paid',
  async (t) => {
    t.same(
      plans.map((p) => p.paid?.id ?? null),
      [requests[0].id, requests[1].id, null, null, null, null, null, null, requests[5].id, null],
    );
    t.equal(plans[7].decision.request?.id, requests[0].id);
    t.equal(plans[7].payment.outcome, 'duplicate');
    t.equal(requests[0].status, 'pending', 'the locked row itself is untouched');
    for (const p of plans) if (p.paid) t.equal(p.paid.paid_at, p.payment.occurred_at);
  },
);

t.test('the clock rule: a credit time ahead of now is now, for the expiry check and for every row', async (t) => {
  t.equal(plans[8].payment.occurred_at.getTime(), NOW.getTime());
  t.equal(plans[8].sale?.sale.occurred_at.getTime(), NOW.getTime());
  t.equal(plans[0].payment.occurred_at.toISOString(), batch[0].credit.occurredAt, 'a time in the past is kept');
  const late = planConfirmations(
    [credit(m2, 25_000, rFuture, { occurredAt: new Date(NOW.getTime() + 3600_000).toISOString() })],
    { requests, merchants },
    new Date(requests[5].expires_at.getTime() + 1),
  );
  t.equal(late.map((p) => p.payment.outcome)[0], 'late', 'heard after the expiry: late, whatever the bank clock says');
});

t.test('payments: matched money is resolved; the rest waits for review', async (t) => {
  t.same(
    plans.map((p) => p.payment.resolved_at !== null),
    plans.map((p) => p.payment.outcome === 'matched'),
  );
  t.same(
    plans.map((p) => p.payment.merchant_id),
    [m1.id, m1.id, m1.id, m1.id, m1.id, null, m2.id, m1.id, m2.id, m1.id],
  );
});

t.test('one event per credit: the sale its own carrying the payment, otherwise the payment', async (t) => {
  t.same(
    plans.map((p) => p.event.type),
    plans.map((p) => (p.sale ? 'sale.recorded' : 'payment.received')),
  );
  const saleEvent = plans[1].event.data as {
    saleId: string;
    invoice: { invoiceId: string };
    payment: { paymentId: string; outcome: string };
  };
  t.equal(saleEvent.saleId, plans[1].sale?.sale.id);
  t.equal(saleEvent.invoice.invoiceId, plans[1].sale?.invoice.id);
  t.same(saleEvent.payment, {
    paymentId: plans[1].payment.id,
    amount: 45_000,
    outcome: 'overpaid',
    paymentRequestId: requests[1].id,
  });
  t.notOk(JSON.stringify(plans.map((p) => p.event)).includes('NGUYEN'), 'no event names the payer');
});

t.test('rollups: each sale adds to its day, hour and payer', async (t) => {
  const r0 = plans[0].sale!.rollups;
  t.same(r0.merchantDaily, [
    {
      day: '2026-12-07',
      merchant_id: m1.id,
      sales_count: 1,
      sales_value: 50_000,
      invoice_count: 1,
      bank_qr_count: 1,
      bank_qr_value: 50_000,
    },
  ]);
  t.same(r0.merchantHourly, [
    {
      hour: new Date('2026-12-07T02:00:00Z'),
      merchant_id: m1.id,
      sales_count: 1,
      sales_value: 50_000,
      cashless_count: 1,
      cashless_value: 50_000,
    },
  ]);
  t.same(r0.payerDaily, [
    { day: '2026-12-07', merchant_id: m1.id, payer: 'VCB', method: 'bank_qr', count: 1, value: 50_000 },
  ]);
  t.same(
    plans[6].sale!.rollups.payerDaily.map((r) => [r.payer, r.method]),
    [['MOMO', 'mobile_money']],
  );
});

t.test('numbering: invoices are numbered per series in the order of the credits', async (t) => {
  const m1Sales = (ps: CreditPlan[]) =>
    ps.flatMap((p) => (p.sale && p.sale.sale.merchant_id === m1.id ? [p.sale.invoice.id] : []));
  const compiled = confirmationWrite(plans).compile()!;
  const items = JSON.parse(compiled.parameters[1]) as Array<{ id: string; merchant_id: string; from_end: number }>;
  const m1Items = items.filter((i) => i.merchant_id === m1.id);
  t.same(
    m1Items.map((i) => i.id),
    m1Sales(plans),
    "the stall's invoices in credit order",
  );
  t.same(
    m1Items.map((i) => i.from_end),
    [1, 0],
    'the first gets the lower number',
  );
  t.same(
    JSON.parse(compiled.parameters[0]),
    [
      { merchant_id: m1.id, template: '2', series: 'C26MKD', year: 2026, last_number: 2 },
      { merchant_id: m2.id, template: '1', series: 'C26MBH', year: 2026, last_number: 2 },
    ],
    'each counter moves by its count, counters in key order',
  );
});

t.test('a batch that makes no sale numbers nothing', async (t) => {
  const none = planConfirmations([credit(stranger, 5_000, 'x')], { requests, merchants }, NOW, counter());
  const compiled = confirmationWrite(none).compile()!;
  t.equal(compiled.numbers, false);
  t.equal(none[0].sale, null);
});
