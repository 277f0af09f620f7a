// Invoice totals from what the buyer paid. On the street the price a shopper pays already includes VAT, so a
// VAT-method seller (template 1) splits each rate's VAT-inclusive sum into pre-VAT amount and VAT. Rounding happens
// once per rate (not per line) and VAT is taken as the remainder, so the printed figures always add up exactly:
// total = Σ amounts = beforeVat + vat, and the same per rate.

import type { InvoiceLine, VatRate } from '../db/index.js';

/** Rates in the order they are listed on the invoice. */
const RATE_ORDER: readonly VatRate[] = ['10%', '8%', '5%', '0%', 'KCT', 'KKKNT'];

/** Percent for each rate; KCT (not subject) and KKKNT (not declared) carry no VAT, like 0%. */
const PERCENT: Record<VatRate, bigint> = { '10%': 10n, '8%': 8n, '5%': 5n, '0%': 0n, KCT: 0n, KKKNT: 0n };

export interface RateTotal {
  rate: VatRate;
  beforeVat: number;
  vat: number;
}

export interface InvoiceTotals {
  beforeVat: number;
  vat: number;
  total: number;
  byRate: RateTotal[];
}

/**
 * round(amount × 100 / (100 + percent)), half away from zero. Done in bigint because amount × 100 can pass 2^53.
 */
function preVat(amount: bigint, percent: bigint): bigint {
  const denominator = 100n + percent;
  const magnitude = amount < 0n ? -amount : amount;
  const rounded = (magnitude * 200n + denominator) / (2n * denominator);
  return amount < 0n ? -rounded : rounded;
}

export function computeTotals(
  template: 1 | 2,
  lines: ReadonlyArray<{ amount: number; vatRate: InvoiceLine['vatRate'] }>,
): InvoiceTotals {
  let total = 0n;
  const byRateSum = new Map<VatRate, bigint>();
  for (const line of lines) {
    if (!Number.isSafeInteger(line.amount)) throw new RangeError(`line amount must be an integer, got ${line.amount}`);
    total += BigInt(line.amount);
    if (template === 2) continue;
    if (line.vatRate === null || !(line.vatRate in PERCENT)) {
      throw new RangeError(`a template 1 line needs a VAT rate, got ${String(line.vatRate)}`);
    }
    byRateSum.set(line.vatRate, (byRateSum.get(line.vatRate) ?? 0n) + BigInt(line.amount));
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER) || total < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('invoice total is out of range');
  }
  // Household businesses pay tax on turnover, not VAT: the invoice shows VAT-inclusive prices only.
  if (template === 2) return { beforeVat: Number(total), vat: 0, total: Number(total), byRate: [] };

  const byRate: RateTotal[] = [];
  let beforeVat = 0n;
  for (const rate of RATE_ORDER) {
    const sum = byRateSum.get(rate);
    if (sum === undefined) continue;
    const base = preVat(sum, PERCENT[rate]);
    beforeVat += base;
    byRate.push({ rate, beforeVat: Number(base), vat: Number(sum - base) });
  }
  return { beforeVat: Number(beforeVat), vat: Number(total - beforeVat), total: Number(total), byRate };
}
