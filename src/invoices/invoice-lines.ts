import type { SaleItem } from '../payment-requests/index.js';
import type { InvoiceLine, VatRate } from '../db/index.js';
import { computeTotals, type InvoiceTotals } from './vat.js';

/** The standard rate when a VAT-method seller does not say otherwise (Law on VAT 2024). */
export const DEFAULT_VAT_RATE: VatRate = '10%';
/** A sale logged without items is one line; the wording the tax authority accepts for unspecified goods. */
export const GENERIC_ITEM_NAME = 'Hàng hóa, dịch vụ';

/**
 * The invoice lines and totals of a sale. Prices in the sale are what the buyer paid (VAT-inclusive).
 * Template 2 (household businesses) shows them as they are. Template 1 (VAT method) shows pre-VAT amounts:
 * each rate's pre-VAT total comes from computeTotals, and its lines share it, the last line taking the rounding,
 * so the lines always add up to the totals printed below them.
 */
export function invoiceLines(
  template: 1 | 2,
  items: SaleItem[] | null,
  amount: number,
): { lines: InvoiceLine[]; totals: InvoiceTotals } {
  const source = items?.length
    ? items
    : [{ name: GENERIC_ITEM_NAME, quantity: 1, unitPrice: amount, unit: 'lần' } as SaleItem];
  const paid = source.map((i) => ({
    ...i,
    amount: i.quantity * i.unitPrice,
    vatRate: template === 1 ? (i.vatRate ?? DEFAULT_VAT_RATE) : null,
  }));
  const totals = computeTotals(template, paid);
  const lines: InvoiceLine[] = paid.map((i, index) => ({
    no: index + 1,
    name: i.name,
    unit: i.unit ?? 'cái',
    quantity: i.quantity,
    unitPrice: i.unitPrice,
    amount: i.amount,
    vatRate: i.vatRate,
  }));
  if (template === 1) {
    for (const rate of totals.byRate) {
      const ofRate = lines.filter((l) => l.vatRate === rate.rate);
      const inclusive = ofRate.reduce((s, l) => s + l.amount, 0);
      let left = rate.beforeVat;
      ofRate.forEach((line, k) => {
        const share = k === ofRate.length - 1 ? left : Math.round((line.amount * rate.beforeVat) / inclusive);
        left -= share;
        line.amount = share;
        line.unitPrice = Math.round(share / line.quantity);
      });
    }
  }
  return { lines, totals };
}
