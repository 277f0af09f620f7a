// The matching rules, without a database: decideMatch takes the rows the confirmation path has already loaded, so
// every rule can be checked as a table of credits against requests and stalls.
import t from 'tap';
import { decideMatch, MAX_SALE_AMOUNT } from '../../src/payments/matching.js';
import { findReferences, isReference } from '../../src/payment-requests/reference.js';
import type { MerchantRow } from '../../src/merchants/merchants.repository.js';
import type { PaymentRequestRow } from '../../src/payment-requests/payment-requests.repository.js';
import type { BankCredit } from '../../src/payments/providers/types.js';

const HOUR = 3_600_000;
const NOW = Date.now();

function stall(id: string, account: string, bin = '970436'): MerchantRow {
  return {
    id,
    stall_code: `KD-${id}`,
    name: `Stall ${id}`,
    qr_name: `STALL ${id}`,
    category: 'food',
    mcc: '5814',
    ward: 'Ben Thanh',
    site_id: '00000000-0000-4000-8000-0000000000a1',
    ward_code: null,
    payout_bin: bin,
    payout_account: account,
    tax_code: null,
    tax_method: 'household',
    address: null,
    invoice_letters: 'KD',
    is_demo: false,
    created_at: new Date(NOW - 100 * HOUR),
  };
}

function request(over: Partial<PaymentRequestRow> = {}): PaymentRequestRow {
  return {
    id: 'req-1',
    merchant_id: 'm1',
    reference: 'CS7K3M9QXA',
    amount: 50_000,
    description: null,
    items: null,
    status: 'pending',
    expires_at: new Date(NOW + HOUR),
    paid_at: null,
    created_at: new Date(NOW - HOUR),
    ...over,
  };
}

function credit(over: Partial<BankCredit> = {}): BankCredit {
  return {
    providerTxId: 'tx-1',
    bin: null,
    accountNumber: '1023456789',
    amount: 50_000,
    description: 'CS7K3M9QXA',
    occurredAt: new Date(NOW - 60_000).toISOString(),
    ...over,
  };
}

const A = stall('m1', '1023456789');
const B = stall('m2', '9988776655');
const byId = new Map([A, B].map((m) => [m.id, m]));

t.test('a request is paid by its amount exactly or more, never by less', async (t) => {
  const table: [string, number, string, number | null, boolean][] = [
    // name, credited amount, outcome, sale amount, request becomes paid
    ['1 đồng short', 49_999, 'underpaid', null, false],
    ['exact', 50_000, 'matched', 50_000, true],
    ['1 đồng over: the sale is the request amount, the excess waits for refund', 50_001, 'overpaid', 50_000, true],
    ['far short', 1, 'underpaid', null, false],
  ];
  for (const [name, amount, outcome, saleAmount, markPaid] of table) {
    const d = decideMatch(credit({ amount }), [request()], byId, [A]);
    t.same(
      {
        outcome: d.outcome,
        saleAmount: d.saleAmount,
        markPaid: d.markPaid,
        request: d.request?.id,
        merchant: d.merchant?.id,
      },
      { outcome, saleAmount, markPaid, request: 'req-1', merchant: 'm1' },
      name,
    );
  }
});

t.test('expiry: a transfer at the expiry instant is on time, one millisecond later is late', async (t) => {
  const expires = new Date(NOW - 10 * 60_000);
  const at = (ms: number) => new Date(expires.getTime() + ms).toISOString();
  const table: [string, string, string][] = [
    ['one millisecond before', at(-1), 'matched'],
    ['at the instant', at(0), 'matched'],
    ['one millisecond after', at(1), 'late'],
  ];
  for (const [name, occurredAt, outcome] of table) {
    const d = decideMatch(credit({ occurredAt }), [request({ expires_at: expires })], byId, [A]);
    t.equal(d.outcome, outcome, name);
    t.equal(d.markPaid, outcome === 'matched', `${name}: paid only when on time`);
  }
});

t.test('a bank clock ahead of ours does not make a timely payment late', async (t) => {
  // The request expires in 5 minutes; the bank stamps the transfer 10 minutes into the future.
  const d = decideMatch(
    credit({ occurredAt: new Date(NOW + 10 * 60_000).toISOString() }),
    [request({ expires_at: new Date(Date.now() + 5 * 60_000) })],
    byId,
    [A],
  );
  t.equal(d.outcome, 'matched');
});

t.test('cancelled, already paid and late requests take no money', async (t) => {
  const table: [string, Partial<PaymentRequestRow>, Partial<BankCredit>, string][] = [
    ['cancelled', { status: 'cancelled' }, {}, 'late'],
    ['already paid', { status: 'paid' }, {}, 'duplicate'],
    [
      'already paid and expired since: still a duplicate',
      { status: 'paid', expires_at: new Date(NOW - HOUR) },
      {},
      'duplicate',
    ],
    ['already paid, paid again short: still a duplicate', { status: 'paid' }, { amount: 1 }, 'duplicate'],
    ['expired and short: late first', { expires_at: new Date(NOW - HOUR) }, { amount: 1 }, 'late'],
    ['cancelled and short: late first', { status: 'cancelled' }, { amount: 1 }, 'late'],
  ];
  for (const [name, req, cr, outcome] of table) {
    const d = decideMatch(credit(cr), [request(req)], byId, [A]);
    t.same(
      {
        outcome: d.outcome,
        saleAmount: d.saleAmount,
        markPaid: d.markPaid,
        request: d.request?.id,
        merchant: d.merchant?.id,
      },
      { outcome, saleAmount: null, markPaid: false, request: 'req-1', merchant: 'm1' },
      name,
    );
  }
});

t.test("a reference only counts when the money reached that request's own stall account", async (t) => {
  const table: [string, Partial<BankCredit>, MerchantRow[], string, string | null][] = [
    // name, credit, stalls receiving into the credited account, outcome, merchant
    ["another stall's account", { accountNumber: B.payout_account }, [B], 'unmatched', 'm2'],
    ['an account no stall has', { accountNumber: '5555555555' }, [], 'unmatched', null],
    ['the right account at another bank', { bin: '970422' }, [A], 'unmatched', null],
    ["the right account at the stall's bank", { bin: A.payout_bin }, [A], 'matched', 'm1'],
    ['the right account, bank not reported', { bin: null }, [A], 'matched', 'm1'],
  ];
  for (const [name, cr, owners, outcome, merchant] of table) {
    const d = decideMatch(credit(cr), [request()], byId, owners);
    t.equal(d.outcome, outcome, name);
    t.equal(d.merchant?.id ?? null, merchant, `${name}: merchant`);
    if (outcome === 'unmatched')
      t.same([d.request, d.saleAmount, d.markPaid], [null, null, false], `${name}: nothing paid`);
  }
});

t.test('of several candidate requests, the one at the credited stall is chosen', async (t) => {
  const other = request({ id: 'req-2', merchant_id: 'm2', reference: 'CS2346789A' });
  const own = request({ id: 'req-1', merchant_id: 'm1' });
  for (const order of [
    [other, own],
    [own, other],
  ]) {
    const d = decideMatch(credit({ description: 'CS2346789A CS7K3M9QXA' }), order, byId, [A]);
    t.equal(d.request?.id, 'req-1');
    t.equal(d.outcome, 'matched');
  }
  const unknownStall = request({ id: 'req-3', merchant_id: 'gone' });
  t.equal(
    decideMatch(credit(), [unknownStall], byId, [A]).outcome,
    'unmatched',
    'a request of a stall not loaded never matches',
  );
});

t.test('static QR: a transfer without a reference is a sale for the one stall owning the account', async (t) => {
  const shared = stall('m3', A.payout_account);
  const otherBank = stall('m4', A.payout_account, '970422');
  const table: [string, Partial<BankCredit>, MerchantRow[], boolean, string, string | null, number | null][] = [
    // name, credit, stalls receiving into the account, memo names a reference, outcome, merchant, sale amount
    ['one owner', { description: 'tra tien pho' }, [A], false, 'matched', 'm1', 50_000],
    ['one owner, odd amount', { description: '', amount: 37_123 }, [A], false, 'matched', 'm1', 37_123],
    ['several owners: nobody can tell whose', { description: 'tra tien' }, [A, shared], false, 'unmatched', null, null],
    ['no owner', { description: 'tra tien' }, [], false, 'unmatched', null, null],
    ['memo names an unknown reference', { description: 'CS2346789A' }, [A], true, 'unmatched', 'm1', null],
    ['owner at another bank than the one credited', { bin: '970436' }, [otherBank], false, 'unmatched', null, null],
    [
      'two stalls on one account number at different banks: the credited bank decides',
      { bin: '970422' },
      [A, otherBank],
      false,
      'matched',
      'm4',
      50_000,
    ],
    [
      'the largest amount an invoice can carry',
      { amount: MAX_SALE_AMOUNT },
      [A],
      false,
      'matched',
      'm1',
      MAX_SALE_AMOUNT,
    ],
    ['one đồng more than an invoice can carry', { amount: MAX_SALE_AMOUNT + 1 }, [A], false, 'unmatched', 'm1', null],
  ];
  for (const [name, cr, owners, namesReference, outcome, merchant, saleAmount] of table) {
    const d = decideMatch(credit(cr), [], byId, owners, namesReference);
    t.same(
      {
        outcome: d.outcome,
        merchant: d.merchant?.id ?? null,
        saleAmount: d.saleAmount,
        request: d.request,
        markPaid: d.markPaid,
      },
      { outcome, merchant, saleAmount, request: null, markPaid: false },
      name,
    );
  }
});

t.test('without the memo flag, no candidate requests means no reference was named', async (t) => {
  const d = decideMatch(credit({ description: 'tra tien pho' }), [], byId, [A]);
  t.same(
    { outcome: d.outcome, merchant: d.merchant?.id, saleAmount: d.saleAmount },
    { outcome: 'matched', merchant: 'm1', saleAmount: 50_000 },
  );
});

t.test('a memo naming a reference is not a static sale by default when requests were found', async (t) => {
  // Candidates exist but none belongs to the credited stall: without the flag, their presence alone blocks a static sale.
  const d = decideMatch(credit(), [request({ merchant_id: 'm2' })], byId, [A]);
  t.equal(d.outcome, 'unmatched');
  t.equal(d.merchant?.id, 'm1');
  t.equal(d.saleAmount, null);
  const explicit = decideMatch(credit(), [request({ merchant_id: 'm2' })], byId, [A], false);
  t.equal(explicit.outcome, 'unmatched', 'a found request blocks a static sale even when the flag says otherwise');
});

t.test('reference spellings as the confirmation path reads them', async (t) => {
  const REF = 'CS7K3M9QXA';
  const table: [string, string, string[]][] = [
    ['bank prefix', 'MBVCB.3278189062.CS7K3M9QXA', [REF]],
    ['bank suffix glued on', 'CS7K3M9QXAFT24123456789012', [REF]],
    ['prefix and suffix glued', 'THANHTOANCS7K3M9QXAFT24001', [REF]],
    ['lower case', 'cs7k3m9qxa', [REF]],
    ['mixed case', 'Cs7k3M9qXa', [REF]],
    ['spaces', 'CS 7K3M 9QXA', [REF]],
    ['dots', 'C.S.7.K.3.M.9.Q.X.A', [REF]],
    ['dashes and slashes', 'CS-7K3M/9QXA', [REF]],
    ['full-width characters', 'ＣＳ７Ｋ３Ｍ９ＱＸＡ', [REF]],
    ['full-width, lower case, with an ideographic space', 'ｃｓ７ｋ３ｍ　９ｑｘａ', [REF]],
    ['Vietnamese đ before it', 'đơn CS7K3M9QXA', [REF]],
    ['diacritics on the letters', 'CS7K3M9QXÁ', [REF]],
    ['an đ inside is read as D', 'CS7K3M9QXđ', ['CS7K3M9QXD']],
    ['look-alike 0 in place of Q: not a reference', 'CS7K3M90XA', []],
    ['S after the prefix is outside the alphabet', 'CSS7K3M9QX', []],
    ['one character short at the end', 'tien hang CS7K3M9QX', []],
    ['exactly at the end', 'tien hang CS7K3M9QXA', [REF]],
    ['found after a false start', 'CS1 CS7K3M9QXA', [REF]],
  ];
  for (const [name, memo, want] of table) t.same(findReferences(memo), want, name);
});

t.test('isReference accepts only the exact shape', async (t) => {
  t.ok(isReference('CS7K3M9QXA'));
  for (const s of ['', 'hello', 'cs7k3m9qxa', 'CS7K3M9QX', 'CS7K3M9QXAB', 'CS7K3M9QX0', 'XCS7K3M9QXA', 'CS 7K3M9QXA'])
    t.notOk(isReference(s), JSON.stringify(s));
});
