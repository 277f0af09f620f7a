import { findInstitution } from '../institutions/index.js';

/** The two languages of staff documents: Vietnamese by default, English on request (`?lang=en`). */
export type Lang = 'vi' | 'en';
export type Label = readonly [vi: string, en: string];

export const say = (lang: Lang, label: Label) => (lang === 'vi' ? label[0] : label[1]);

export const METHOD_LABELS: Record<string, Label> = {
  cash: ['Tiền mặt', 'Cash'],
  bank_qr: ['QR ngân hàng', 'Bank QR'],
  mobile_money: ['Ví điện tử', 'Mobile money'],
};

export const methodLabel = (lang: Lang, method: string) =>
  METHOD_LABELS[method] ? say(lang, METHOD_LABELS[method]) : method;

/** A payer's bank or wallet by its short name (Vietcombank, MoMo), from the code, BIN or name the provider sent. */
export function payerBankName(payerBank: string | null | undefined): string {
  if (!payerBank) return '';
  return findInstitution(payerBank)?.shortName ?? payerBank;
}
