import type { TestApp } from './app.js';

let stallSeq = 0;

/** Onboards a stall through the API (as staff would) and returns it with its key. */
export async function onboardStall(
  { call, adminToken }: Pick<TestApp, 'call' | 'adminToken'>,
  overrides: Record<string, unknown> = {},
): Promise<{ merchant: any; apiKey: string }> {
  stallSeq += 1;
  const res = await call({
    method: 'POST',
    url: '/api/v1/merchants',
    token: adminToken,
    payload: {
      stallCode: `KD-${String(stallSeq).padStart(3, '0')}`,
      name: 'Bánh cuốn Bà Hoa',
      category: 'food',
      ward: 'Thục Phán',
      payout: { bin: '970436', accountNumber: `10${String(1000000 + stallSeq)}` },
      taxMethod: 'household',
      ...overrides,
    },
  });
  if (res.status !== 201) throw new Error(`onboarding failed: ${res.status} ${res.raw}`);
  return res.body;
}
