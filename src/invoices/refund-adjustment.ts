// The VAT side of a refund on a VAT-method (template 1) invoice. A refund reverses part of a sale, so its adjusting
// invoice must take VAT back at the rates the sale was invoiced at, never at a default rate: a 5% book refunded at 10%
// would hand the seller VAT it never collected, and a KCT item (not subject to VAT) would suddenly carry some.
//
// Each refund is split across the original invoice's rates in proportion to what is still unrefunded at each rate
// (the first refund: in proportion to each rate's gross amount), by largest remainder, so the parts add up to the
// refunded amount to the đồng and no rate ever gives back more than it had. The pre-VAT part of each rate follows the
// rate's cumulative refund: the original pre-VAT figure scaled to the gross refunded so far, minus what earlier
// adjustments already took back. The refunds of a sale therefore add up, rate by rate, to the original invoice's
// exact figures once the whole sale is refunded, and a full refund in one go mirrors the original byRate exactly.

import type { InvoiceLine } from '../db/index.js';
import type { InvoiceTotals, RateTotal } from './vat.js';

/** Gross (VAT-inclusive) and pre-VAT amounts already refunded at one rate by earlier adjustments. */
export interface RefundedAtRate {
  gross: number;
  beforeVat: number;
}

/** Sums earlier adjustments' per-rate figures (gross = pre-VAT + VAT). */
export function refundedByRate(
  adjustments: ReadonlyArray<{ byRate: ReadonlyArray<{ rate: string; beforeVat: number; vat: number }> }>,
): Map<string, RefundedAtRate> {
  const out = new Map<string, RefundedAtRate>();
  for (const adjustment of adjustments) {
    for (const r of adjustment.byRate) {
      const seen = out.get(r.rate) ?? { gross: 0, beforeVat: 0 };
      out.set(r.rate, { gross: seen.gross + r.beforeVat + r.vat, beforeVat: seen.beforeVat + r.beforeVat });
    }
  }
  return out;
}

/** round(a × b / c), half up, for non-negative bigints (c > 0). */
const mulDivRound = (a: bigint, b: bigint, c: bigint) => (2n * a * b + c) / (2n * c);
const clamp = (v: bigint, lo: bigint, hi: bigint) => (v < lo ? lo : v > hi ? hi : v);

/** Largest-remainder apportionment of `amount` by `weights` (ties go to the earlier rate); sums to `amount` exactly. */
function apportion(amount: bigint, weights: bigint[]): bigint[] {
  const total = weights.reduce((s, w) => s + w, 0n);
  if (total === 0n) throw new RangeError('nothing to split a refund across');
  const shares = weights.map((w) => (amount * w) / total);
  const fractions = weights.map((w, i) => ({ i, rest: (amount * w) % total }));
  let left = amount - shares.reduce((s, v) => s + v, 0n);
  fractions.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of fractions) {
    if (left === 0n) break;
    shares[i] += 1n;
    left -= 1n;
  }
  return shares;
}

/**
 * The per-rate figures of one refund of `amount` đồng against an invoice whose rates were `original`, given what
 * earlier adjustments of the same sale already refunded. Rates the refund does not touch are left out, except that
 * a full refund in one go lists every original rate (it mirrors the original).
 */
export function refundByRate(
  original: readonly RateTotal[],
  refundedBefore: ReadonlyMap<string, RefundedAtRate>,
  amount: number,
): RateTotal[] {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new RangeError(`a refund must be a positive whole number of đồng, got ${amount}`);
  if (original.length === 0) throw new RangeError('the original invoice lists no VAT rate');
  const gross = original.map((r) => BigInt(r.beforeVat) + BigInt(r.vat));
  const base = original.map((r) => BigInt(r.beforeVat));
  const before = original.map((r, i) => {
    const seen = refundedBefore.get(r.rate);
    return {
      gross: clamp(BigInt(seen?.gross ?? 0), 0n, gross[i]),
      beforeVat: clamp(BigInt(seen?.beforeVat ?? 0), 0n, base[i]),
    };
  });
  const remaining = gross.map((g, i) => g - before[i].gross);
  const want = BigInt(amount);
  // Earlier adjustments that do not fit the original (issued before rates were followed) cannot be continued from:
  // split this refund on its own, by the original gross amounts.
  const consistent = remaining.reduce((s, v) => s + v, 0n) >= want;
  const parts = apportion(want, consistent ? remaining : gross);
  const fullInOne = consistent && before.every((b) => b.gross === 0n) && want === gross.reduce((s, g) => s + g, 0n);
  const out: RateTotal[] = [];
  original.forEach((r, i) => {
    const part = parts[i];
    if (part === 0n && !fullInOne) return;
    let partBase: bigint;
    if (gross[i] === 0n) partBase = 0n;
    else if (consistent)
      partBase = clamp(mulDivRound(before[i].gross + part, base[i], gross[i]) - before[i].beforeVat, 0n, part);
    else partBase = clamp(mulDivRound(part, base[i], gross[i]), 0n, part);
    out.push({ rate: r.rate, beforeVat: Number(partBase), vat: Number(part - partBase) });
  });
  return out;
}

/** The lines and totals of a template 1 adjusting invoice: one decreasing line per rate, pre-VAT like the original. */
export function adjustmentLinesByRate(
  parts: readonly RateTotal[],
  label: string,
): { lines: InvoiceLine[]; totals: InvoiceTotals } {
  const lines: InvoiceLine[] = parts.map((p, i) => ({
    no: i + 1,
    name: parts.length > 1 ? `${label} (thuế suất ${p.rate})` : label,
    unit: 'lần',
    quantity: 1,
    unitPrice: p.beforeVat,
    amount: p.beforeVat,
    vatRate: p.rate,
  }));
  const beforeVat = parts.reduce((s, p) => s + p.beforeVat, 0);
  const vat = parts.reduce((s, p) => s + p.vat, 0);
  return { lines, totals: { beforeVat, vat, total: beforeVat + vat, byRate: parts.map((p) => ({ ...p })) } };
}
