import type { MerchantRow } from '../../src/merchants/merchants.repository.js';
import type { PaymentRequestRow } from '../../src/payment-requests/payment-requests.repository.js';
import type { NewCredit } from '../../src/payments/confirmation-plan.js';

// Rows as storeAndLock returns them, for the planner's tests and the SQL snapshots: no database.

export const NOW = new Date('2026-12-07T03:00:00.000Z'); // 10:00 in Vietnam

export function merchant(n: number, over: Partial<MerchantRow> = {}): MerchantRow {
  return {
    id: `00000000-0000-4000-8000-00000000000${n}`,
    stall_code: `KD-00${n}`,
    name: `Quầy ${n}`,
    qr_name: `QUAY ${n}`,
    category: 'food',
    mcc: '5812',
    ward: 'Phường Hoàn Kiếm',
    ward_code: '00070',
    site_id: '00000000-0000-4000-8000-0000000000a1',
    payout_bin: '970436',
    payout_account: `00100${n}`,
    tax_code: null,
    tax_method: 'household',
    address: null,
    invoice_letters: 'KD',
    is_demo: false,
    created_at: new Date('2026-01-01T00:00:00Z'),
    ...over,
  };
}

export function request(
  m: MerchantRow,
  reference: string,
  amount: number,
  over: Partial<PaymentRequestRow> = {},
): PaymentRequestRow {
  return {
    id: `10000000-0000-4000-8000-${reference.slice(2).padStart(12, '0')}`,
    merchant_id: m.id,
    reference,
    amount,
    description: null,
    items: [{ name: 'Phở bò', quantity: 1, unitPrice: amount }],
    status: 'pending',
    expires_at: new Date(NOW.getTime() + 10 * 60_000),
    paid_at: null,
    created_at: new Date(NOW.getTime() - 60_000),
    ...over,
  };
}

let tx = 0;
/** A credit to `m`'s account; `memo` is the transfer description as the bank gives it. */
export function credit(
  m: MerchantRow,
  amount: number,
  memo: string,
  over: Partial<NewCredit['credit']> & { provider?: string } = {},
): NewCredit {
  tx += 1;
  const { provider = 'sepay', ...rest } = over;
  return {
    provider,
    notificationId: 1000 + tx,
    credit: {
      providerTxId: `TX${tx}`,
      bin: null,
      accountNumber: m.payout_account,
      amount,
      description: memo,
      payerBank: 'VCB',
      payerName: 'NGUYEN VAN A',
      occurredAt: new Date(NOW.getTime() - 5_000).toISOString(),
      ...rest,
    },
  };
}

/** Ids in the order the planner asks for them, so plans can be compared whole. */
export function counter(): () => string {
  let n = 0;
  return () => `20000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}
