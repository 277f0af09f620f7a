import { randomBytes } from 'node:crypto';
import { taxCodeWithCheckDigit } from '../../src/tax/index.js';
import { mapConcurrent, requestJson, type HttpAgent, type Target } from './http.js';

export interface Stall {
  id: string;
  stallCode: string;
  apiKey: string;
  bin: string;
  accountNumber: string;
}

/** A valid ADMIN_TOKEN (≥ 24 characters) for one run. */
export const newAdminToken = () => `bench-admin-${randomBytes(18).toString('hex')}`;

/** Onboards `count` stalls through the API as staff would (KD-001, KD-002, …), returning each with its API key. */
export async function onboardStalls(
  agent: HttpAgent,
  target: Target,
  adminToken: string,
  count: number,
): Promise<Stall[]> {
  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  return mapConcurrent(numbers, 8, async (n) => {
    const body = stallOnboarding(n);
    const res = await requestJson<OnboardedStall>(
      agent,
      target,
      'POST',
      '/api/v1/merchants',
      { authorization: `Bearer ${adminToken}` },
      body,
      201,
    );
    return stallOf(body, res);
  });
}

/** What `POST /api/v1/merchants` answers with (the parts the benchmarks keep). */
export interface OnboardedStall {
  merchant: { id: string; stallCode: string };
  apiKey: string;
}

/** A valid MST of its own for bench stall `n` (onboarding requires one): `47` then the number, with its check digit. */
function benchTaxCode(n: number): string {
  for (let s = n; ; s += 1_000_000) {
    const code = taxCodeWithCheckDigit(`47${String(s).padStart(7, '0')}`);
    if (code) return code;
  }
}

/** The onboarding body of bench stall number `n` (KD-001, …), paid into its own account at one bank. */
export function stallOnboarding(n: number) {
  return {
    stallCode: `KD-${String(n).padStart(3, '0')}`,
    name: `Quầy thử ${n}`,
    category: 'food',
    ward: 'Thục Phán',
    payout: { bin: '970436', accountNumber: `0451000${String(n).padStart(4, '0')}` },
    taxMethod: 'household',
    taxCode: benchTaxCode(n),
    address: `Gian ${n}, phố đi bộ Kim Đồng, Cao Bằng`,
  };
}

/** The stall a benchmark keeps from its onboarding body and the API's answer. */
export function stallOf(body: ReturnType<typeof stallOnboarding>, res: OnboardedStall): Stall {
  return {
    id: res.merchant.id,
    stallCode: res.merchant.stallCode,
    apiKey: res.apiKey,
    bin: body.payout.bin,
    accountNumber: body.payout.accountNumber,
  };
}

/** A plausible street price: 10,000 – 300,000 đồng in steps of 1,000. */
export const randomAmount = () => 10_000 + 1_000 * Math.floor(Math.random() * 291);
