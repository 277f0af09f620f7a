import type { InvoiceDocument } from '../../src/invoices/invoice-xml.js';
import { computeTotals } from '../../src/invoices/vat.js';
import { amountInWords } from '../../src/invoices/amount-in-words.js';

/** A household stall's invoice (template 2) with two lines, for the XML and XSD tests; override any part. */
export function householdInvoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  const lines: InvoiceDocument['lines'] = [
    { no: 1, name: 'Phở bò tái', unit: 'bát', quantity: 2, unitPrice: 15000, amount: 30000, vatRate: null },
    { no: 2, name: 'Trà đá', unit: 'cốc', quantity: 3, unitPrice: 5000, amount: 15000, vatRate: null },
  ];
  const totals = computeTotals(2, lines);
  return {
    template: '2',
    series: 'C26MKD',
    number: 42,
    issuedAt: '2026-03-05T19:45:10+07:00',
    currency: 'VND',
    paymentMethod: 'CK',
    lookupCode: 'K7Q2M9XH4T',
    lookupUrl: 'https://street.example.vn/i/K7Q2M9XH4T',
    seller: {
      name: 'Quán Bà Hoa — Phở & Bánh cuốn',
      taxCode: '0100233488',
      address: 'Số 5 phố Kim Đồng, Thục Phán, Cao Bằng',
    },
    buyer: null,
    lines,
    totals: { ...totals, totalInWords: amountInWords(totals.total) },
    ...overrides,
  };
}
