import { requireWard, wardFields } from '../admin-units/index.js';
import type { Db } from '../db/index.js';
import { conflict, badRequest, notFound } from '../http/index.js';
import {
  ALL_SITES,
  insertCredential,
  revokeMerchantCredentials,
  generateToken,
  siteInScope,
  type StaffScope,
} from '../auth/index.js';
import { countSites, findSite, listSites, siteQrCity, type Site } from '../sites/index.js';
import { appendEvents, voidTickets } from '../realtime/index.js';
import { invoiceSeries, sellerLettersFromStallCode, vietnamYear, normaliseTaxCode } from '../tax/index.js';
import { qrName, encodeVietQr } from '../qr/index.js';
import { categories } from './categories.js';
import { institutionByBin } from '../institutions/index.js';
import { findMerchant, insertMerchant, type MerchantRow } from './merchants.repository.js';
import type { MerchantResponse, NewMerchant } from './merchants.schemas.js';

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/**
 * The site a new stall stands in: the one named, or the only one while there is just one. A site outside the caller's
 * scope is as unknown as one that does not exist.
 */
async function siteOfNewStall(db: Db, siteId: string | undefined, scope: StaffScope): Promise<Site> {
  const unknown = () =>
    badRequest('unknown_site', `No site has id ${siteId}`, [{ field: 'body.siteId', message: 'unknown site' }]);
  if (siteId === undefined) {
    if ((await countSites(db)) !== 1)
      throw badRequest('site_required', 'There is more than one site: say which one the stall stands in', [
        { field: 'body.siteId', message: 'required' },
      ]);
    const [only] = await listSites(db);
    if (!(await siteInScope(db, scope, only.id))) throw unknown();
    return only;
  }
  const site = await findSite(db, siteId);
  if (!site || !(await siteInScope(db, scope, site.id))) throw unknown();
  return site;
}

export async function onboardMerchant(
  db: Db,
  input: NewMerchant,
  scope: StaffScope = ALL_SITES,
): Promise<{ merchant: MerchantRow; apiKey: string }> {
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
  const site = await siteOfNewStall(db, input.siteId, scope);
  // A stall's ward is looked for in its site's province unless another province is named.
  const ward = requireWard(input.ward, 'body.ward', input.province ?? site.province_code);
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
        site_id: site.id,
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

/** Field 60 (merchant city) of a stall's QR codes: its site's province, in ASCII ("CAO BANG", "CA MAU"). */
export const stallQrCity = (db: Db, m: Pick<MerchantRow, 'site_id'>): Promise<string> => siteQrCity(db, m.site_id);

type QrStall = Pick<MerchantRow, 'payout_bin' | 'payout_account' | 'mcc' | 'qr_name'>;

/** The stall's static VietQR: account only, no amount, so shoppers type what they owe. `city` is `stallQrCity`'s. */
export function staticQrPayload(m: QrStall, city: string): string {
  return encodeVietQr({ bin: m.payout_bin, account: m.payout_account, mcc: m.mcc, name: m.qr_name, city });
}

/** A sale's dynamic VietQR: amount and reference; `city` is `stallQrCity`'s. */
export function dynamicQrPayload(m: QrStall, amount: number, reference: string, city: string): string {
  return encodeVietQr({
    bin: m.payout_bin,
    account: m.payout_account,
    mcc: m.mcc,
    name: m.qr_name,
    city,
    amount,
    purpose: reference,
  });
}

export function merchantToResponse(m: MerchantRow, site: Pick<Site, 'slug'>): MerchantResponse {
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
    siteId: m.site_id,
    siteSlug: site.slug,
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
