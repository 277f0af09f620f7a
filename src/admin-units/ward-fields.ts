import { findWard } from './units.js';

/**
 * The ward fields of a response: `ward` stays the readable name (clients read it), `wardCode` and `wardName` are the
 * official unit, null for a row whose typed text matched no ward before migration 0019 (then `ward` is that text,
 * which only staff see).
 */
export function wardFields(row: { ward: string; ward_code: string | null }) {
  const ward = row.ward_code ? findWard(row.ward_code) : null;
  return {
    ward: ward?.name ?? row.ward,
    wardCode: ward?.code ?? null,
    wardName: ward?.name ?? null,
    provinceCode: ward?.province ?? null,
  };
}
