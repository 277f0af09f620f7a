// Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975): plain arithmetic is exact.
import { VIETNAM_OFFSET_MS as OFFSET_MS } from '../time/index.js';

/** The earliest believable activation: the mobile-money pilot began with Decision 316/QĐ-TTg of 9 March 2021. */
export const PILOT_START = new Date('2021-03-09T00:00:00+07:00');
/** Phones' clocks run a little fast; a time this far ahead still counts as "now". */
export const CLOCK_SKEW_MS = 2 * 60 * 1000;

// Day and ISO formatting are the service's own (src/time/vietnam.js); this file adds what spreadsheets need.
export { vietnamDay, vietnamIso } from '../time/index.js';

/** The Vietnam day `days` before `day` (both `YYYY-MM-DD`). */
export function dayMinus(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

function vietnamLocal(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date | undefined {
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(utc);
  // Date.UTC rolls 31 February over into March: refuse instead.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return new Date(utc - OFFSET_MS);
}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const VN_LOCAL = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A time as people write it in a spreadsheet: ISO 8601 with an offset, or without one (Vietnam time):
 * `2026-03-05 09:30`, `2026-03-05`, and the Vietnamese day-first `05/03/2026 09:30`.
 */
export function parseVietnamTime(text: string): Date | undefined {
  const s = text.trim();
  let m = ISO_WITH_OFFSET.exec(s);
  if (m) {
    // Check the calendar fields on their own; Date.parse then applies the offset.
    if (!vietnamLocal(+m[1], +m[2], +m[3], +m[4], +m[5], m[6] ? +m[6] : 0)) return undefined;
    const t = Date.parse(s);
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  m = ISO_LOCAL.exec(s);
  if (m) return vietnamLocal(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
  m = VN_LOCAL.exec(s);
  if (m) return vietnamLocal(+m[3], +m[2], +m[1], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
  return undefined;
}

/** Why an activation time cannot be right, or undefined when it can. */
export function activationTimeProblem(at: Date, now = new Date()): string | undefined {
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) return 'activation time is in the future';
  if (at.getTime() < PILOT_START.getTime())
    return 'activation time is before the mobile-money pilot began (2021-03-09)';
  return undefined;
}
