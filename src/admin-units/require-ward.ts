import { badRequest } from '../http/index.js';
import { matchProvince, matchWard } from './match.js';
import { listProvinces, type Ward } from './units.js';

/**
 * The ward an input names, or a 400 `unknown_ward` naming the field. `province` (code or name) narrows the search;
 * without it the ward must be unique nationwide (give the province or the five-digit code when it is not).
 */
export function requireWard(input: string, field: string, province?: string | null): Ward {
  const provinceCode = province ? matchProvince(province)?.code : undefined;
  if (province && !provinceCode)
    throw badRequest('unknown_province', 'No such province (give its two-digit code, e.g. 04)', [
      { field: field.replace(/ward$/, 'province'), message: 'unknown province' },
    ]);
  const ward = matchWard(input, provinceCode);
  if (ward) return ward;
  throw badRequest('unknown_ward', wardProblem(input, provinceCode), [{ field, message: 'unknown ward' }]);
}

/**
 * Why an input names no ward, in a sentence a CSV report or a form can show. It never quotes the input: what was
 * typed as a ward is sometimes a phone number.
 */
export function wardProblem(input: string, provinceCode?: string): string {
  if (!input.trim()) return 'ward is empty';
  if (!provinceCode && ambiguous(input))
    return 'ambiguous ward: more than one ward has this name; give the five-digit ward code or the province';
  const where = provinceCode ? ` of province ${provinceCode}` : '';
  return `unknown ward: not an official ward or commune${where} (see GET /api/v1/admin-units/wards)`;
}

/** True when the name matches wards in more than one province. */
function ambiguous(input: string): boolean {
  let provinces = 0;
  for (const { code } of listProvinces()) if (matchWard(input, code)) provinces += 1;
  return provinces > 1;
}
