import type { Executor } from '../db/index.js';
import { findMerchant, type MerchantRow } from './merchants.repository.js';

// A stall's row is read on every dynamic QR and every confirmation but changes only at onboarding, so hot paths
// read it through a short cache (the credential cache in auth.plugin.ts does the same for keys).
const TTL_MS = 30_000;
const MAX = 50_000;
const cache = new Map<string, { row: MerchantRow; until: number }>();

export async function cachedMerchant(db: Executor, id: string): Promise<MerchantRow | undefined> {
  const hit = cache.get(id);
  if (hit && hit.until > Date.now()) return hit.row;
  const row = await findMerchant(db, id);
  if (row) {
    if (cache.size >= MAX) cache.clear();
    cache.set(id, { row, until: Date.now() + TTL_MS });
  }
  return row;
}
