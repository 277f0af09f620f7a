import { randomInt } from 'node:crypto';
import { institutionByBin } from '../../src/institutions/institutions.js';
import { taxCodeWithCheckDigit } from '../../src/tax/index.js';
import { vietnamIso } from '../../src/time/vietnam.js';

// The crash test's traffic: which stalls exist, which payment requests they show, and the bank credit notices the
// sandbox bank will deliver for them, each with the outcome it must end in.

export type Kind = 'dynamic' | 'overpaid' | 'second' | 'static' | 'unmatched';

export interface StallSpec {
  stallCode: string;
  name: string;
  bin: string;
  accountNumber: string;
  taxMethod: 'household' | 'vat';
  taxCode: string;
}

export interface Notice {
  id: string;
  kind: Kind;
  /** Index into the stalls (null: an account no stall owns). */
  stall: number | null;
  /** Index into the payment requests, for dynamic, overpaid and second transfers. */
  request: number | null;
  amount: number;
  payerBank: string;
  /** The exact bytes delivered, every attempt. */
  body: string;
}

const PAYOUT_BINS = ['970436', '970418', '970422', '970407', '970416', '970432'];
const PAYER_BINS = [
  '970436',
  '970418',
  '970422',
  '970407',
  '970416',
  '970432',
  '970423',
  '970405',
  '971025',
  '971005',
  '971011',
];
const NAMES = ['NONG VAN AN', 'HOANG THI MAI', 'LUONG VAN TUAN', 'BE THI HUONG', 'DAM VAN DUC', 'TRIEU THI LAN'];
/** A valid MST (tax code): 9 digits and the tax authority's check digit. */
export function taxCodeFor(seed: number): string {
  for (let s = seed; ; s++) {
    const code = taxCodeWithCheckDigit(String(100_000_000 + ((s * 7_919) % 899_999_999)).slice(0, 9));
    if (code) return code;
  }
}

export function planStalls(count: number): StallSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const vat = i % 10 === 9; // a few VAT-method sellers: invoice template 1 next to the households' template 2
    return {
      stallCode: `FT-${String(i + 1).padStart(3, '0')}`,
      name: `Quầy thử nghiệm ${i + 1}`,
      bin: PAYOUT_BINS[i % PAYOUT_BINS.length],
      accountNumber: `7${String(1_000_000 + i).padStart(9, '0')}`,
      taxMethod: vat ? 'vat' : 'household',
      // Every stall gives an MST and an address: onboarding requires both (every invoice names them).
      taxCode: taxCodeFor(i + 1),
    };
  });
}

/** 10,000–200,000 đồng in whole thousands, most of them small. */
export const saleAmount = () => 10_000 + Math.round(190 * Math.random() ** 2) * 1_000;

export interface RequestSpec {
  stall: number;
  amount: number;
  reference?: string;
}

export interface TrafficShape {
  notifications: number;
  /** Shares of the notifications (the rest are static-QR transfers). */
  dynamic: number;
  overpaid: number;
  second: number;
  unmatched: number;
}

export function shapeCounts(s: TrafficShape) {
  const n = (share: number) => Math.round(s.notifications * share);
  const counts = {
    dynamic: n(s.dynamic),
    overpaid: n(s.overpaid),
    second: n(s.second),
    unmatched: n(s.unmatched),
    static: 0,
  };
  counts.second = Math.min(counts.second, counts.dynamic);
  counts.static = s.notifications - counts.dynamic - counts.overpaid - counts.second - counts.unmatched;
  return counts;
}

/** One payment request per dynamic or overpaid transfer, spread over the stalls. */
export function planRequests(stalls: number, s: TrafficShape): RequestSpec[] {
  const c = shapeCounts(s);
  return Array.from({ length: c.dynamic + c.overpaid }, (_, i) => ({ stall: i % stalls, amount: saleAmount() }));
}

function description(payerCode: string, memo: string, name: string) {
  return `${payerCode}.${randomInt(1_000_000_000, 9_999_999_999)}.${memo}.CT tu ${name}`;
}

/** The credit notices, shuffled so the crash lands in the middle of every kind. */
export function planNotices(
  runId: string,
  stalls: StallSpec[],
  requests: Required<RequestSpec>[],
  s: TrafficShape,
): Notice[] {
  const c = shapeCounts(s);
  const notices: Array<Omit<Notice, 'id' | 'body'>> = [];
  const payer = () => PAYER_BINS[randomInt(PAYER_BINS.length)];
  for (let i = 0; i < c.dynamic; i++)
    notices.push({
      kind: 'dynamic',
      stall: requests[i].stall,
      request: i,
      amount: requests[i].amount,
      payerBank: payer(),
    });
  for (let i = 0; i < c.overpaid; i++) {
    const r = c.dynamic + i;
    notices.push({
      kind: 'overpaid',
      stall: requests[r].stall,
      request: r,
      amount: requests[r].amount + 5_000,
      payerBank: payer(),
    });
  }
  // A second transfer to a request that a dynamic transfer pays: one of the two is matched, the other a duplicate.
  for (let i = 0; i < c.second; i++)
    notices.push({
      kind: 'second',
      stall: requests[i].stall,
      request: i,
      amount: requests[i].amount,
      payerBank: payer(),
    });
  for (let i = 0; i < c.static; i++)
    notices.push({
      kind: 'static',
      stall: randomInt(stalls.length),
      request: null,
      amount: saleAmount(),
      payerBank: payer(),
    });
  for (let i = 0; i < c.unmatched; i++)
    notices.push({ kind: 'unmatched', stall: null, request: null, amount: saleAmount(), payerBank: payer() });
  for (let i = notices.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [notices[i], notices[j]] = [notices[j], notices[i]];
  }
  const occurredAt = vietnamIso(new Date());
  return notices.map((n, i) => {
    const id = `FLT${runId}${String(i).padStart(5, '0')}`;
    const payerBank = institutionByBin(n.payerBank)!.code;
    const stall = n.stall === null ? null : stalls[n.stall];
    const name = NAMES[i % NAMES.length];
    const memo = n.request === null ? 'chuyen tien' : requests[n.request].reference;
    const body = JSON.stringify({
      id,
      bin: stall?.bin ?? '970436',
      accountNumber: stall?.accountNumber ?? `99${String(i).padStart(10, '0')}`,
      amount: n.amount,
      description: description(payerBank, memo, name),
      payerBank,
      payerName: name,
      occurredAt,
    });
    return { ...n, id, payerBank, body };
  });
}
