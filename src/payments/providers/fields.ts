import { ProviderPayloadError } from './types.js';

/** Small readers for untrusted JSON: each names the field it rejects. */
export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown, field: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ProviderPayloadError(`${field} must be an object`, field);
  }
  return value as JsonObject;
}

/** A non-empty identifier: a string, or a non-negative integer (providers send both). */
export function idField(o: JsonObject, key: string, field = key): string {
  const v = o[key];
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  throw new ProviderPayloadError(`${field} must be a non-empty string or integer id`, field);
}

export function requiredString(o: JsonObject, key: string, field = key): string {
  const v = o[key];
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v); // account numbers sent as numbers
  throw new ProviderPayloadError(`${field} must be a non-empty string`, field);
}

/** Free text that may be absent: a memo or a name. Kept as delivered; empty → null. */
export function optionalText(o: JsonObject, key: string): string | null {
  const v = o[key];
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** An integer amount of VND, possibly negative (money out) or zero. Floats are rejected: VND has no minor unit. */
export function integerAmount(o: JsonObject, key: string, field = key): number {
  const v = o[key];
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^-?\d{1,16}$/.test(v.trim())) n = Number(v.trim());
  if (n === undefined || !Number.isSafeInteger(n)) {
    throw new ProviderPayloadError(`${field} must be an integer amount of VND`, field);
  }
  return n;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A provider time as ISO 8601 with an offset. Vietnamese providers send naive local times
 * ("2024-07-25 14:02:37"): those are Vietnam time, which has no daylight saving, so +07:00.
 */
export function vietnamTime(o: JsonObject, key: string, field = key): string {
  const v = o[key];
  const m = typeof v === 'string' ? DATE_TIME.exec(v.trim()) : null;
  if (!m) throw new ProviderPayloadError(`${field} must be a date and time like 2024-07-25 14:02:37`, field);
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  const date = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  const valid =
    date.getUTCFullYear() === +y &&
    date.getUTCMonth() === +mo - 1 &&
    date.getUTCDate() === +d &&
    date.getUTCHours() === +h &&
    date.getUTCMinutes() === +mi &&
    date.getUTCSeconds() === +s;
  let offset = '+07:00';
  if (zone) {
    if (zone.toUpperCase() === 'Z') offset = 'Z';
    else {
      const digits = zone.replace(':', '');
      const oh = +digits.slice(1, 3);
      const om = +digits.slice(3, 5);
      if (oh > 14 || om > 59) throw new ProviderPayloadError(`${field} has an impossible UTC offset`, field);
      offset = `${digits[0]}${digits.slice(1, 3)}:${digits.slice(3, 5)}`;
    }
  }
  if (!valid) throw new ProviderPayloadError(`${field} is not a real date and time`, field);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${offset}`;
}
