import { randomBytes } from 'node:crypto';
import {
  hashPhone,
  maskPhone,
  recordActivations,
  type NewActivation,
  type ProviderCode,
} from '../activations/index.js';
import type { Db } from '../db/index.js';
import { appendEvents } from '../realtime/index.js';
import { institutionByBin } from '../institutions/index.js';
import { type MerchantRow, dynamicQrPayload, stallQrCity, staticQrPayload } from '../merchants/index.js';
import { createPaymentRequest, type SaleItem } from '../payment-requests/index.js';
import { confirmCredit, providerAdapters } from '../payments/index.js';
import { decodeVietQr } from '../qr/index.js';
import { recordSaleInTransaction } from '../sales/index.js';
import { createTeam } from '../teams/index.js';
import { startOfVietnamDay, vietnamDay, vietnamIso } from '../time/index.js';
import { pick, type DemoStall, type Rng } from './kim-dong-street.js';

/**
 * A little history for the demo street, written through the real services (sandbox credits through confirmCredit,
 * cash through recordSaleInTransaction, activations through recordActivations), so rollups, e-invoices and events
 * agree with each other exactly as they would after a real evening on the street.
 */

export interface DemoStallRow {
  merchant: MerchantRow;
  stall: DemoStall;
}

const PAYER_BANKS = ['970436', '970418', '970405', '970415', '970422', '970407', '970423', '970432'];
const PAYER_WALLETS = ['971005', '971011', '971025'];
const FAMILY = ['NONG', 'HOANG', 'LUONG', 'BE', 'DAM', 'TRIEU', 'LUC', 'NGUYEN', 'TRAN', 'LA', 'MA', 'VI'];
const GIVEN = [
  'VAN AN',
  'THI MAI',
  'VAN TUAN',
  'THI HUONG',
  'VAN DUC',
  'THI LAN',
  'MINH HIEU',
  'THU HA',
  'QUOC BAO',
  'NGOC ANH',
];
const FOODISH = new Set(['food', 'drinks', 'specialties']);

/** 1–3 of a stall's dishes; VAT-method sellers state the rate (8%: the reduced rate for food, 2025–2026). */
function basket(r: Rng, row: DemoStallRow): SaleItem[] {
  const lines = new Map<string, SaleItem>();
  const count = 1 + Math.floor(r() * 2);
  for (let i = 0; i < count; i++) {
    const [name, unitPrice, unit] = pick(r, row.stall.menu);
    const line = lines.get(name) ?? { name, unitPrice, unit, quantity: 0 };
    if (row.merchant.tax_method === 'vat' && FOODISH.has(row.merchant.category)) line.vatRate = '8%';
    line.quantity += unitPrice >= 300_000 ? 1 : 1 + Math.floor(r() * 2);
    lines.set(name, line);
  }
  return [...lines.values()];
}

const total = (items: SaleItem[]) => items.reduce((s, i) => s + i.quantity * i.unitPrice, 0);

/** A credit notice exactly as the sandbox bank sends it, parsed by the sandbox adapter, then confirmed. */
async function bankCredit(
  db: Db,
  payload: string,
  amount: number,
  payerBin: string,
  payerName: string,
  at: Date,
  r: Rng,
) {
  const qr = decodeVietQr(payload);
  const payer = institutionByBin(payerBin)!;
  const memo = qr.purpose ?? 'Thanh toan';
  const notice = {
    id: `SBX${at.getTime()}${randomBytes(4).toString('hex').toUpperCase()}`,
    bin: qr.bin,
    accountNumber: qr.account,
    amount,
    description: `${payer.code}.${1_000_000_000 + Math.floor(r() * 8_999_999_999)}.${memo}.CT tu ${payerName}`,
    payerBank: payer.code,
    payerName,
    occurredAt: vietnamIso(at),
  };
  const raw = JSON.stringify(notice);
  const [credit] = providerAdapters.sandbox.parse(JSON.parse(raw));
  const confirmation = await confirmCredit(db, 'sandbox', credit, raw);
  if (confirmation.payment.outcome !== 'matched') throw new Error(`demo credit was ${confirmation.payment.outcome}`);
}

async function cashSale(db: Db, merchant: MerchantRow, items: SaleItem[], occurredAt: Date) {
  await db.transaction().execute(async (trx) => {
    const { events } = await recordSaleInTransaction(trx, {
      merchant,
      method: 'cash',
      amount: total(items),
      items,
      occurredAt,
    });
    await appendEvents(trx, events);
  });
}

/** `count` instants today (Vietnam time), from the morning market to a minute ago, oldest first. */
function timesToday(r: Rng, count: number, now: Date): Date[] {
  const dayStart = startOfVietnamDay(vietnamDay(now)).getTime();
  const end = now.getTime() - 60_000;
  const start = Math.min(dayStart + 7 * 3600_000, end - 3600_000);
  const from = Math.max(start, dayStart);
  return Array.from({ length: count }, () => new Date(from + r() * Math.max(0, end - from))).sort(
    (a, b) => a.getTime() - b.getTime(),
  );
}

/**
 * Today's sales: mostly bank apps paying the static QR, some mobile-money wallets, some cash, and the last few
 * through dynamic QR codes (payment requests, paid just now). The showcase stall always has a few.
 */
export async function seedDemoSales(
  db: Db,
  stalls: DemoStallRow[],
  r: Rng,
  count: number,
  now = new Date(),
): Promise<number> {
  const weightedStalls = stalls.flatMap((row) => (FOODISH.has(row.merchant.category) ? [row, row, row] : [row]));
  const times = timesToday(r, count, now);
  const dynamicFrom = count - Math.max(2, Math.round(count / 10));
  for (let i = 0; i < count; i++) {
    const row = i % 8 === 0 ? stalls[0] : pick(r, weightedStalls);
    const items = basket(r, row);
    const city = await stallQrCity(db, row.merchant);
    const payerName = `${pick(r, FAMILY)} ${pick(r, GIVEN)}`;
    if (i >= dynamicFrom) {
      const { row: request } = await createPaymentRequest(
        db,
        row.merchant.id,
        { amount: total(items), items },
        Number.MAX_SAFE_INTEGER,
      );
      const payload = dynamicQrPayload(row.merchant, request.amount, request.reference, city);
      await bankCredit(db, payload, request.amount, pick(r, PAYER_BANKS), payerName, new Date(), r);
      continue;
    }
    const roll = r();
    if (roll < 0.22) {
      await cashSale(db, row.merchant, items, times[i]);
    } else {
      // Static QR: the shopper types the amount; the stall knows the items, the bank does not.
      await bankCredit(
        db,
        staticQrPayload(row.merchant, city),
        total(items),
        pick(r, roll < 0.36 ? PAYER_WALLETS : PAYER_BANKS),
        payerName,
        times[i],
        r,
      );
    }
  }
  return count;
}

const TEAMS = [
  { name: 'Tổ công nghệ số cộng đồng phường Thục Phán', ward: 'Thục Phán', province: '04' },
  { name: 'Tổ công nghệ số cộng đồng phường Tân Giang', ward: 'Tân Giang', province: '04' },
  { name: 'Tổ công nghệ số cộng đồng xã Hòa An', ward: 'Xã Hòa An', province: '04' },
  { name: 'Đoàn thanh niên phường Nùng Trí Cao', ward: 'Nùng Trí Cao', province: '04' },
];
const PROVIDERS: readonly ProviderCode[] = [
  'viettel_money',
  'viettel_money',
  'viettel_money',
  'vnpt_money',
  'vnpt_money',
  'mobifone_money',
];

/** Digital-team activations over the last three weeks, a handful of them today. */
export async function seedDemoActivations(
  db: Db,
  piiKey: string,
  r: Rng,
  count: number,
  now = new Date(),
): Promise<number> {
  const teams = [];
  for (const t of TEAMS) teams.push(await createTeam(db, t));
  const rows: NewActivation[] = [];
  const todayStart = startOfVietnamDay(vietnamDay(now)).getTime();
  for (let i = 0; i < count; i++) {
    const phone = `09${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
    const team = pick(r, teams);
    const today = i % 4 === 0;
    const at = today ? todayStart + r() * (now.getTime() - todayStart) : todayStart - r() * 21 * 86_400_000;
    rows.push({
      provider: pick(r, PROVIDERS),
      phone_hash: hashPhone(piiKey, phone),
      phone_masked: maskPhone(phone),
      ward: team.ward,
      ward_code: team.ward_code,
      team_id: team.id,
      recorded_by: null,
      source: 'api',
      activated_at: new Date(Math.min(at, now.getTime() - 1000)),
    });
  }
  return (await recordActivations(db, rows)).length;
}
