/**
 * Mobile-money providers we count (Decision 316/QĐ-TTg pilot, Decree 368/2025). Add a provider here: the API enum,
 * the CSV import, the summary and the staff page all follow this list.
 */
export const PROVIDERS = [
  { code: 'viettel_money', name: 'Viettel Money', aliases: ['viettelpay', 'viettel'] },
  { code: 'vnpt_money', name: 'VNPT Money', aliases: ['vnpt_pay', 'vnptpay', 'vnpt'] },
  { code: 'mobifone_money', name: 'MobiFone Money', aliases: ['mobimoney', 'mobifone'] },
] as const;

export type ProviderCode = (typeof PROVIDERS)[number]['code'];
export const providerCodes = PROVIDERS.map((p) => p.code) as [ProviderCode, ...ProviderCode[]];

const byKey = new Map<string, ProviderCode>();
for (const p of PROVIDERS) for (const key of [p.code, p.name, ...p.aliases]) byKey.set(providerKey(key), p.code);

/** "Viettel Money", "viettel-money", "VIETTEL_MONEY" and "ViettelPay" all name the same provider. */
function providerKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

export function resolveProvider(text: string): ProviderCode | undefined {
  return byKey.get(providerKey(text));
}

export function providerName(code: string): string {
  return PROVIDERS.find((p) => p.code === code)?.name ?? code;
}
