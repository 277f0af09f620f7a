import { sql } from 'kysely';
import { checkInvariants } from '../../src/check/invariants.js';
import type { Db } from '../../src/db/database.js';
import { payerCode } from '../../src/payments/payments.service.js';
import { recomputeTotals } from '../../src/stats/recompute.js';
import type { SaleTotals } from '../../src/stats/stats.repository.js';
import { startOfVietnamDay, VIETNAM_OFFSET_MS } from '../../src/time/vietnam.js';
import type { Notice } from './faults-plan.js';

// What the crash test proves afterwards, each as a named OK/FAIL line with its figures.

export interface Verdict {
  name: string;
  ok: boolean;
  detail: string;
  problems: string[];
}

export interface AckRecord {
  paymentId: string;
  outcome: string;
  saleId: string | null;
  repeated: boolean;
  attempts: number;
}

const n = (x: number) => x.toLocaleString('en-US');

function verdict(name: string, detail: string, problems: string[]): Verdict {
  return { name, ok: problems.length === 0, detail, problems };
}

/** Every notice sent is stored once, as one payment, and what its acknowledgement said is what the database holds. */
export async function verifyRecords(
  db: Db,
  notices: Notice[],
  acks: Map<string, AckRecord>,
  requestAmounts: number[],
): Promise<Verdict[]> {
  const sent = new Set(notices.map((x) => x.id));
  const verdicts: Verdict[] = [];

  const missing = notices.filter((x) => !acks.has(x.id)).map((x) => x.id);
  verdicts.push(
    verdict(
      'every notification sent was acknowledged',
      `${n(acks.size)} of ${n(notices.length)}`,
      missing.slice(0, 20).map((id) => `${id} never acknowledged`),
    ),
  );

  const stored = await db
    .selectFrom('notifications')
    .select(['provider_tx_id', 'status'])
    .where('provider', '=', 'sandbox')
    .execute();
  const seen = new Map<string, number>();
  const problems: string[] = [];
  for (const r of stored) {
    seen.set(r.provider_tx_id, (seen.get(r.provider_tx_id) ?? 0) + 1);
    if (r.status !== 'processed') problems.push(`notification ${r.provider_tx_id} is ${r.status}`);
    if (!sent.has(r.provider_tx_id)) problems.push(`notification ${r.provider_tx_id} was never sent`);
  }
  for (const id of sent)
    if (seen.get(id) !== 1)
      problems.push(`notification ${id} stored ${seen.get(id) ?? 0} times${acks.has(id) ? ' (acknowledged)' : ''}`);
  verdicts.push(
    verdict(
      'notifications recorded exactly once (by provider id)',
      `${n(stored.length)} stored for ${n(sent.size)} sent`,
      problems.slice(0, 20),
    ),
  );

  const payments = await db
    .selectFrom('payments')
    .select(['id', 'provider_tx_id', 'outcome', 'sale_id', 'amount'])
    .where('provider', '=', 'sandbox')
    .execute();
  const byTx = new Map<string, typeof payments>();
  for (const p of payments) byTx.set(p.provider_tx_id, [...(byTx.get(p.provider_tx_id) ?? []), p]);
  const payProblems: string[] = [];
  for (const id of sent)
    if (byTx.get(id)?.length !== 1) payProblems.push(`${id}: ${byTx.get(id)?.length ?? 0} payments`);
  for (const id of byTx.keys()) if (!sent.has(id)) payProblems.push(`${id}: a payment for a notice never sent`);
  verdicts.push(
    verdict(
      'payments recorded exactly once (by provider id)',
      `${n(payments.length)} payments`,
      payProblems.slice(0, 20),
    ),
  );

  // Acknowledged means durable: the payment the server named in its 200 is the one in the database, unchanged.
  const ackProblems: string[] = [];
  for (const [id, ack] of acks) {
    const p = byTx.get(id)?.[0];
    if (!p) ackProblems.push(`${id}: acknowledged as payment ${ack.paymentId}, which is not in the database`);
    else if (p.id !== ack.paymentId || p.outcome !== ack.outcome || p.sale_id !== ack.saleId) {
      ackProblems.push(
        `${id}: acknowledged as ${ack.paymentId}/${ack.outcome}/${ack.saleId}, stored as ${p.id}/${p.outcome}/${p.sale_id}`,
      );
    }
  }
  verdicts.push(
    verdict(
      'every acknowledgement matches the stored payment',
      `${n(acks.size)} acknowledgements`,
      ackProblems.slice(0, 20),
    ),
  );

  // Each kind ends as planned: money arrived once is counted once, never lost, never doubled.
  const outcomeProblems: string[] = [];
  const tally: Record<string, number> = {};
  const pairs = new Map<number, string[]>();
  let expectedSales = 0;
  let expectedValue = 0;
  for (const x of notices) {
    const p = byTx.get(x.id)?.[0];
    if (!p) continue;
    tally[p.outcome] = (tally[p.outcome] ?? 0) + 1;
    const want = {
      dynamic: ['matched', 'duplicate'],
      second: ['matched', 'duplicate'],
      overpaid: ['overpaid'],
      static: ['matched'],
      unmatched: ['unmatched'],
    }[x.kind];
    if (!want.includes(p.outcome)) outcomeProblems.push(`${x.id} (${x.kind}) ended ${p.outcome}`);
    if ((p.outcome === 'duplicate' || p.outcome === 'unmatched') !== (p.sale_id === null))
      outcomeProblems.push(`${x.id} (${p.outcome}) ${p.sale_id ? 'has' : 'has no'} sale`);
    if (x.request !== null && x.kind !== 'overpaid') pairs.set(x.request, [...(pairs.get(x.request) ?? []), p.outcome]);
    if (x.kind === 'static') expectedValue += x.amount;
    if (x.kind === 'static' || x.kind === 'dynamic' || x.kind === 'overpaid') expectedSales++;
  }
  for (const [request, outcomes] of pairs) {
    if (outcomes.filter((o) => o === 'matched').length !== 1)
      outcomeProblems.push(`request #${request}: outcomes ${outcomes.join(', ')} (want exactly one matched)`);
  }
  expectedValue += requestAmounts.reduce((a, b) => a + b, 0);
  verdicts.push(
    verdict(
      'every payment ended as planned',
      Object.entries(tally)
        .map(([k, v]) => `${k} ${n(v)}`)
        .join(', '),
      outcomeProblems.slice(0, 20),
    ),
  );

  const [sales] = (
    await sql<Record<'count' | 'value' | 'all_sales' | 'invoices' | 'invoiced_sales', unknown>>`
    select (select count(*) from sales where method <> 'cash') as count, (select coalesce(sum(amount), 0) from sales where method <> 'cash') as value,
           (select count(*) from sales) as all_sales, (select count(*) from invoices) as invoices, (select count(distinct sale_id) from invoices) as invoiced_sales`.execute(
      db,
    )
  ).rows;
  const [count, value, allSales, invoices, invoiced] = [
    sales.count,
    sales.value,
    sales.all_sales,
    sales.invoices,
    sales.invoiced_sales,
  ].map(Number) as [number, number, number, number, number];
  const saleProblems: string[] = [];
  if (count !== expectedSales) saleProblems.push(`${n(count)} cashless sales, expected ${n(expectedSales)}`);
  if (value !== expectedValue) saleProblems.push(`cashless sales worth ${n(value)} đ, expected ${n(expectedValue)} đ`);
  if (invoices !== allSales || invoiced !== allSales)
    saleProblems.push(`${n(invoices)} invoices for ${n(invoiced)} of ${n(allSales)} sales, expected one per sale`);
  verdicts.push(
    verdict(
      'sales and invoices: one per credited payment, no money lost or doubled',
      `${n(count)} cashless sales worth ${n(value)} đ, ${n(invoices)} invoices for ${n(allSales)} sales`,
      saleProblems,
    ),
  );

  const violations = await checkInvariants(db);
  verdicts.push(
    verdict(
      'invariant check (npm run check): continuity, rollups, links',
      `${violations.length} violations`,
      violations.slice(0, 20).map((v) => `${v.check}: ${v.message}`),
    ),
  );
  return verdicts;
}

/** Cash sales logged with an Idempotency-Key through the crash: each key (a distinct amount) is exactly one sale. */
export async function verifyCashSales(
  db: Db,
  keys: number,
  firstAmount: number,
  acknowledged: number,
): Promise<Verdict> {
  const found = (
    await sql<{ amount: unknown; n: unknown }>`
    select amount, count(*) as n from sales where method = 'cash' group by amount`.execute(db)
  ).rows;
  const byAmount = new Map(found.map((r) => [Number(r.amount), Number(r.n)]));
  const problems: string[] = [];
  if (acknowledged !== keys) problems.push(`${n(acknowledged)} of ${n(keys)} cash sales acknowledged`);
  for (let i = 0; i < keys; i++) {
    const times = byAmount.get(firstAmount + i) ?? 0;
    if (times !== 1) problems.push(`Idempotency-Key #${i} (${n(firstAmount + i)} đ): ${times} sales`);
  }
  const total = found.reduce((a, r) => a + Number(r.n), 0);
  return verdict(
    'cash sales with an Idempotency-Key: exactly one sale per key',
    `${n(total)} cash sales for ${n(keys)} keys`,
    problems.slice(0, 20),
  );
}

type Kpis = {
  salesCount: number;
  salesValue: number;
  cashCount: number;
  cashValue: number;
  invoices: number;
  byMethod: Record<'bankQr' | 'mobileMoney' | 'cash', { count: number; value: number }>;
  refunds: { count: number; value: number };
};
export interface Snapshot {
  day: string;
  today: Kpis;
  allTime: Kpis;
  stalls: { onboarded: number; activeToday: number };
  payers: { allTime: Array<{ payer: string; method: string; count: number; value: number }> };
  salesPerHour: Array<{ hour: number; count: number; value: number; cashlessCount: number }>;
}

function kpiDiffs(label: string, k: Kpis, t: SaleTotals): string[] {
  const pairs: Array<[string, number, number]> = [
    ['salesCount', k.salesCount, t.sales_count],
    ['salesValue', k.salesValue, t.sales_value],
    ['cashCount', k.cashCount, t.cash_count],
    ['cashValue', k.cashValue, t.cash_value],
    ['bankQr.count', k.byMethod.bankQr.count, t.bank_qr_count],
    ['bankQr.value', k.byMethod.bankQr.value, t.bank_qr_value],
    ['mobileMoney.count', k.byMethod.mobileMoney.count, t.mobile_money_count],
    ['mobileMoney.value', k.byMethod.mobileMoney.value, t.mobile_money_value],
    ['refunds.count', k.refunds.count, t.refund_count],
    ['refunds.value', k.refunds.value, t.refund_value],
    ['invoices', k.invoices, t.invoice_count],
  ];
  return pairs
    .filter(([, got, want]) => got !== want)
    .map(([f, got, want]) => `${label}.${f}: board ${got}, recomputed ${want}`);
}

/** The board's snapshot (from rollups) equals a recomputation from sales, refunds, invoices and payments. */
export async function verifySnapshot(db: Db, snap: Snapshot, stallCount: number): Promise<Verdict> {
  const problems = [
    ...kpiDiffs('allTime', snap.allTime, await recomputeTotals(db)),
    ...kpiDiffs('today', snap.today, await recomputeTotals(db, snap.day)),
  ];
  const dayStart = startOfVietnamDay(snap.day);
  const dayEnd = new Date(dayStart.getTime() + 86_400_000);
  const [active] = (
    await sql<{
      n: unknown;
    }>`select count(distinct merchant_id) as n from sales where method <> 'cash' and occurred_at >= ${dayStart} and occurred_at < ${dayEnd}`.execute(
      db,
    )
  ).rows;
  if (snap.stalls.onboarded !== stallCount)
    problems.push(`stalls.onboarded: board ${snap.stalls.onboarded}, onboarded ${stallCount}`);
  if (snap.stalls.activeToday !== Number(active.n))
    problems.push(`stalls.activeToday: board ${snap.stalls.activeToday}, recomputed ${Number(active.n)}`);
  const hours = (
    await sql<{
      occurred_at: Date;
      amount: unknown;
      method: string;
    }>`select occurred_at, amount, method from sales where occurred_at >= ${dayStart} and occurred_at < ${dayEnd}`.execute(
      db,
    )
  ).rows;
  const perHour = Array.from({ length: 24 }, () => ({ count: 0, value: 0, cashlessCount: 0 }));
  for (const s of hours) {
    const h = perHour[new Date(s.occurred_at.getTime() + VIETNAM_OFFSET_MS).getUTCHours()];
    h.count++;
    h.value += Number(s.amount);
    if (s.method !== 'cash') h.cashlessCount++;
  }
  snap.salesPerHour.forEach((h, i) => {
    const want = perHour[i];
    if (h.count !== want.count || h.value !== want.value || h.cashlessCount !== want.cashlessCount)
      problems.push(
        `salesPerHour[${i}]: board ${h.count}/${h.value}/${h.cashlessCount}, recomputed ${want.count}/${want.value}/${want.cashlessCount}`,
      );
  });
  const payers = (
    await sql<{ payer_bank: string | null; method: string; count: unknown; value: unknown }>`
    select p.payer_bank, s.method, count(*) as count, sum(s.amount) as value from sales s join payments p on p.sale_id = s.id
    where s.method <> 'cash' group by 1, 2`.execute(db)
  ).rows;
  const want = new Map<string, { count: number; value: number }>();
  for (const r of payers) {
    const key = `${payerCode(r.payer_bank)} ${r.method}`;
    const w = want.get(key) ?? { count: 0, value: 0 };
    want.set(key, { count: w.count + Number(r.count), value: w.value + Number(r.value) });
  }
  const got = new Map(snap.payers.allTime.map((p) => [`${p.payer} ${p.method}`, p]));
  for (const key of new Set([...want.keys(), ...got.keys()])) {
    const g = got.get(key) ?? { count: 0, value: 0 };
    const w = want.get(key) ?? { count: 0, value: 0 };
    if (g.count !== w.count || g.value !== w.value)
      problems.push(`payers ${key}: board ${g.count}/${g.value}, recomputed ${w.count}/${w.value}`);
  }
  return verdict(
    'board snapshot (GET /api/v1/stats) = recomputation from base tables',
    `${n(snap.allTime.salesCount)} sales worth ${n(snap.allTime.salesValue)} đ, ${snap.stalls.activeToday} stalls active, ${got.size} payer rows`,
    problems.slice(0, 20),
  );
}
