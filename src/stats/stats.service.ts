import { findWard, matchWard } from '../admin-units/index.js';
import type { Executor } from '../db/index.js';
import { activationSummary, providerName } from '../activations/index.js';
import { findInstitution } from '../institutions/index.js';
import { transmissionCounts } from '../tax-authority/index.js';
import { startOfVietnamDay, vietnamDay, VIETNAM_OFFSET_MS } from '../time/index.js';
import { ALL, inScope, type StatsScope } from './scope.js';
import {
  activeStalls,
  allTimeTotals,
  payerMix,
  recentEvents,
  saleTotals,
  salesPerHour,
  stallCounts,
  type SaleTotals,
} from './stats.repository.js';

export interface TickerItem {
  id: number;
  type: 'sale' | 'activation';
  at: string;
  stallCode?: string | null;
  amount?: number;
  method?: string;
  provider?: string;
  ward?: string;
}

function kpis(t: SaleTotals) {
  const cashlessCount = t.bank_qr_count + t.mobile_money_count;
  const cashlessValue = t.bank_qr_value + t.mobile_money_value;
  return {
    salesCount: t.sales_count,
    salesValue: t.sales_value,
    cashlessCount,
    cashlessValue,
    cashCount: t.cash_count,
    cashValue: t.cash_value,
    /** Share of sales value paid cashless (0..1). */
    cashlessShare: t.sales_value ? cashlessValue / t.sales_value : 0,
    cashlessShareOfCount: t.sales_count ? cashlessCount / t.sales_count : 0,
    byMethod: {
      bankQr: { count: t.bank_qr_count, value: t.bank_qr_value },
      mobileMoney: { count: t.mobile_money_count, value: t.mobile_money_value },
      cash: { count: t.cash_count, value: t.cash_value },
    },
    refunds: { count: t.refund_count, value: t.refund_value },
    invoices: t.invoice_count,
    /** Sales with an e-invoice over all sales. */
    invoiceCoverage: t.sales_count ? t.invoice_count / t.sales_count : 0,
  };
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The ward an activation event names, as its official name: from its code, or for events written before wards had
 * codes, from a text that matches exactly one official ward. Anything else (a phone number typed as a ward) is
 * dropped: free text never reaches the public board.
 */
function tickerWard(data: Record<string, unknown>): string {
  const code = textOf(data.wardCode);
  if (code) return findWard(code)?.name ?? '';
  const text = textOf(data.ward);
  return (text && matchWard(text)?.name) || '';
}

/**
 * The ticker never carries a personal detail: stall, amount and method; for activations, provider and ward only. A
 * line is named by its event's id (not the sale's): it is what a board delta's \`more\` lists too, and it keeps each
 * line short, as a busy board sends many.
 */
export function tickerItem(e: {
  id: number;
  type: string;
  data: Record<string, unknown>;
  created_at: Date;
}): TickerItem {
  if (e.type === 'activation.recorded') {
    return {
      id: Number(e.id),
      type: 'activation',
      at: e.created_at.toISOString(),
      provider: providerName(textOf(e.data.provider)),
      ward: tickerWard(e.data),
    };
  }
  return {
    id: Number(e.id),
    type: 'sale',
    at: e.created_at.toISOString(),
    stallCode: (e.data.stallCode as string) ?? null,
    amount: Number(e.data.amount),
    method: String(e.data.method),
  };
}

export interface ScopeTotals {
  today: SaleTotals;
  allTime: SaleTotals;
  onboarded: number;
  active: number;
}

/** Today's and all-time totals, stalls and active stalls, each read on its own (the whole programme's board). */
async function separateTotals(db: Executor, day: string, scope: StatsScope): Promise<ScopeTotals> {
  const [today, allTime, stalls, active] = await Promise.all([
    saleTotals(db, day, scope),
    allTimeTotals(db, scope),
    stallCounts(db, scope),
    activeStalls(db, day, scope),
  ]);
  return { today, allTime, onboarded: stalls.onboarded, active };
}

/**
 * The board's whole picture for a scope (everything, a site, a province): today from today's rollups, all time from
 * the running totals, so its cost follows the scope's stalls, not the length of the history. Activations are counted
 * for the whole programme (they belong to no stall). `totals`, when given, supplies the scope's totals read some
 * other way (a site's or province's in one statement, scoped-snapshot.ts), so they are not read twice.
 */
export async function statsSnapshot(
  db: Executor,
  now = new Date(),
  activationTarget?: number,
  scope: StatsScope = ALL,
  totals?: Promise<ScopeTotals>,
) {
  const day = vietnamDay(now);
  const dayStart = startOfVietnamDay(day);
  const dayEnd = new Date(dayStart.getTime() + 24 * 3600_000);
  const [{ today, allTime, onboarded, active }, hours, mixToday, mixAll, activations, ticker, transmitted] =
    await Promise.all([
      totals ?? separateTotals(db, day, scope),
      salesPerHour(db, dayStart, dayEnd, scope),
      payerMix(db, day, scope),
      payerMix(db, undefined, scope),
      activationSummary(db, { days: 14, now, target: activationTarget }),
      recentEvents(db, 20, scope),
      transmissionCounts(db, dayStart, dayEnd, inScope(scope, 'merchant_id')),
    ]);
  const perHour = Array.from({ length: 24 }, (_, h) => ({ hour: h, count: 0, value: 0, cashlessCount: 0 }));
  for (const r of hours) {
    const h = new Date(r.hour.getTime() + VIETNAM_OFFSET_MS).getUTCHours();
    perHour[h] = { hour: h, count: Number(r.count), value: Number(r.value), cashlessCount: Number(r.cashless_count) };
  }
  const mix = (rows: typeof mixToday) =>
    rows.map((r) => {
      const inst = findInstitution(r.payer);
      return {
        payer: r.payer,
        name: inst?.shortName ?? r.payer,
        kind: inst?.kind ?? 'bank',
        method: r.method,
        count: Number(r.count),
        value: Number(r.value),
      };
    });
  return {
    generatedAt: now.toISOString(),
    day,
    today: kpis(today),
    allTime: kpis(allTime),
    stalls: {
      onboarded,
      // Every onboarded stall gets its static VietQR at onboarding.
      withQr: onboarded,
      activeToday: active,
      activeShare: onboarded ? active / onboarded : 0,
    },
    payers: { today: mix(mixToday), allTime: mix(mixAll) },
    salesPerHour: perHour,
    /**
     * Today's invoices (every kind, never a test one) by where they stand with the tax authority: the same-day rule
     * reads as accepted / issued; sent awaits the authority's result, queued has not reached it yet.
     */
    invoiceTransmission: transmitted,
    activations: {
      target: activations.target,
      total: activations.total,
      today: activations.today,
      progress: activations.progress,
      byProvider: activations.byProvider,
      byWard: activations.byWard,
      perDay: activations.perDay,
    },
    ticker: ticker.map(tickerItem),
  };
}

export type StatsSnapshot = Awaited<ReturnType<typeof statsSnapshot>>;
