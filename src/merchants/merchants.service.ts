import { requireWard, wardFields } from '../admin-units/index.js';
import type { Db } from '../db/index.js';
import { conflict, badRequest, notFound } from '../http/index.js';
import { insertCredential, revokeMerchantCredentials, generateToken } from '../auth/index.js';
import { appendEvents, voidTickets } from '../realtime/index.js';
import { invoiceSeries, sellerLettersFromStallCode, vietnamYear, normaliseTaxCode } from '../tax/index.js';
import { qrName, encodeVietQr } from '../qr/index.js';
import { categories } from './categories.js';
import { institutionByBin } from '../institutions/index.js';
import { findMerchant, insertMerchant, type MerchantRow } from './merchants.repository.js';
import type { MerchantResponse, NewMerchant } from './merchants.schemas.js';

const CITY = 'CAO BANG'; // field 60; the province this deployment serves

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

export async function onboardMerchant(db: Db, input: NewMerchant): Promise<{ merchant: MerchantRow; apiKey: string }> {
  if (!institutionByBin(input.payout.bin)) {
    throw badRequest('unknown_bin', `No bank or wallet has BIN ${input.payout.bin}`, [
      { field: 'body.payout.bin', message: 'unknown BIN' },
    ]);
  }
  // A cash-register invoice names the seller's MST and address (NBan/MST, NBan/DChi): a stall cannot issue one
  // without them. Stalls stored before this rule keep selling; the tax authority rejects their invoices (docs).
  if (input.taxCode === undefined)
    throw badRequest('tax_code_required', "The stall's tax code (MST) is required: every invoice names it", [
      { field: 'body.taxCode', message: 'required' },
    ]);
  const taxCode = normaliseTaxCode(input.taxCode);
  if (!taxCode)
    throw badRequest('invalid_tax_code', 'The tax code (MST) check digit does not match', [
      { field: 'body.taxCode', message: 'invalid MST' },
    ]);
  if (input.address === undefined)
    throw badRequest('address_required', "The stall's address is required: every invoice names it", [
      { field: 'body.address', message: 'required' },
    ]);
  const ward = requireWard(input.ward, 'body.ward', input.province);
  const apiKey = generateToken('merchant');
  try {
    return await db.transaction().execute(async (trx) => {
      const merchant = await insertMerchant(trx, {
        stall_code: input.stallCode,
        name: input.name,
        qr_name: qrName(input.name),
        category: input.category,
        mcc: categories[input.category].mcc,
        ward: ward.name,
        ward_code: ward.code,
        payout_bin: input.payout.bin,
        payout_account: input.payout.accountNumber,
        tax_code: taxCode,
        tax_method: input.taxMethod,
        address: input.address,
        invoice_letters: input.invoiceLetters ?? sellerLettersFromStallCode(input.stallCode),
        is_demo: input.isDemo ?? false,
      });
      await insertCredential(trx, apiKey, { merchantId: merchant.id }, 'merchant key');
      return { merchant, apiKey };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('stall_code_taken', `Stall ${input.stallCode} is already onboarded`);
    throw error;
  }
}

/** Replaces a merchant's API key: every earlier key, unspent websocket ticket and open merchant feed stops working. */
export async function rotateMerchantKey(db: Db, merchantId: string): Promise<string> {
  const apiKey = generateToken('merchant');
  await db.transaction().execute(async (trx) => {
    if (!(await findMerchant(trx, merchantId))) throw notFound('merchant');
    await revokeMerchantCredentials(trx, merchantId);
    await insertCredential(trx, apiKey, { merchantId }, 'merchant key (rotated)');
    // Tickets bought with the old key die with it; the event reaches every instance, which closes the stall's feeds.
    await voidTickets(trx, merchantId);
    await appendEvents(trx, [{ type: 'merchant.key_rotated', merchantId, data: {} }]);
  });
  return apiKey;
}

/** The stall's static VietQR: account only, no amount, so shoppers type what they owe. */
export function staticQrPayload(m: Pick<MerchantRow, 'payout_bin' | 'payout_account' | 'mcc' | 'qr_name'>): string {
  return encodeVietQr({ bin: m.payout_bin, account: m.payout_account, mcc: m.mcc, name: m.qr_name, city: CITY });
}

export function dynamicQrPayload(
  m: Pick<MerchantRow, 'payout_bin' | 'payout_account' | 'mcc' | 'qr_name'>,
  amount: number,
  reference: string,
): string {
  return encodeVietQr({
    bin: m.payout_bin,
    account: m.payout_account,
    mcc: m.mcc,
    name: m.qr_name,
    city: CITY,
    amount,
    purpose: reference,
  });
}

export function merchantToResponse(m: MerchantRow): MerchantResponse {
  const institution = institutionByBin(m.payout_bin);
  const base = `/api/v1/merchants/${m.id}`;
  return {
    id: m.id,
    stallCode: m.stall_code,
    name: m.name,
    qrName: m.qr_name,
    category: m.category,
    mcc: m.mcc,
    ...wardFields(m),
    payout: {
      bin: m.payout_bin,
      bankName: institution?.shortName ?? m.payout_bin,
      kind: institution?.kind ?? 'bank',
      accountNumber: m.payout_account,
    },
    taxCode: m.tax_code,
    taxMethod: m.tax_method,
    address: m.address,
    invoiceSeries: invoiceSeries(m.tax_method === 'vat' ? 1 : 2, vietnamYear(new Date()), m.invoice_letters).series,
    isDemo: m.is_demo,
    createdAt: m.created_at.toISOString(),
    links: { qrSvg: `${base}/qr.svg`, qrPng: `${base}/qr.png`, qrText: `${base}/qr.txt`, poster: `${base}/poster` },
  };
}
