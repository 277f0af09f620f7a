// The content of one e-invoice, independent of its XML form (docs/e-invoices.md, Decree 123/2020 Art. 11 cash-register
// invoices). Amounts are integer VND as `number`: every amount on a street invoice is far below 2^53, and the XML
// layer needs plain numbers; convert from the stored bigint at the edge.

/** A VAT rate as the tax authority spells it. KCT = not subject to VAT, KKKNT = not declared/paid. */
export type VatRate = '0%' | '5%' | '8%' | '10%' | 'KCT' | 'KKKNT';

export interface InvoiceLine {
  no: number;
  name: string;
  unit: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  /** Template 1 only; null on template 2 (household businesses show VAT-inclusive prices without a rate). */
  vatRate: VatRate | null;
}

export interface RelatedInvoice {
  template: string;
  series: string;
  number: number;
  issuedAt: string;
}

export interface InvoiceDocument {
  template: '1' | '2'; // KHMSHDon
  series: string; // KHHDon, e.g. 'C26MKD'
  number: number; // SHDon
  /** ISO 8601 with offset; NLap is its date in Vietnam time. */
  issuedAt: string;
  currency: 'VND';
  /** HTTToan: TM = cash (tiền mặt), CK = transfer (chuyển khoản). */
  paymentMethod: 'TM' | 'CK';
  lookupCode: string;
  lookupUrl: string;
  seller: { name: string; taxCode: string | null; address: string | null };
  /** Only when the buyer asked for their details on the invoice. */
  buyer: {
    name?: string | null;
    taxCode?: string | null;
    address?: string | null;
    email?: string | null;
    phone?: string | null;
  } | null;
  lines: InvoiceLine[];
  totals: {
    beforeVat: number;
    vat: number;
    total: number;
    totalInWords: string;
    byRate: Array<{ rate: string; beforeVat: number; vat: number }>;
  };
  /** TTHDLQuan with TCHDon 1: this invoice replaces that one. */
  replaces?: RelatedInvoice | null;
  /** TTHDLQuan with TCHDon 2: this invoice adjusts that one. */
  adjusts?: RelatedInvoice | null;
  /** MSTTCGP: tax code of the invoicing-solution provider (EINVOICE_PROVIDER_TAX_CODE when it was issued). */
  solutionProviderTaxCode?: string | null;
  /**
   * MCCQT, the tax authority's code of a cash-register invoice (HDon/MCCQT): `M<template>-<yy>-<5 characters>-<11
   * digits>`, made on the seller's side. Until the write that numbers the invoice runs it holds only the prefix, up to
   * the last hyphen; that write appends the 11 digits. Absent on invoices issued before it existed.
   */
  taxAuthorityCode?: string | null;
}
