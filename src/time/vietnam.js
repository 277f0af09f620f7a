// Vietnam time, defined once for the server and the browser: a plain ES module with no imports, served to pages as
// /assets/shared/vietnam-time.js. Its types are in vietnam.d.ts.
//
// Asia/Ho_Chi_Minh keeps UTC+7 all year (no daylight saving since 1975), so fixed-offset arithmetic is exact and
// never depends on the time zone the server or the phone is set to.

/** The offset in milliseconds. */
export const VIETNAM_OFFSET_MS = 7 * 3600_000;
/** The offset as ISO 8601 writes it. */
export const VIETNAM_OFFSET = '+07:00';

/** @param {Date} date */
const shifted = (date) => new Date(date.getTime() + VIETNAM_OFFSET_MS).toISOString();

/**
 * The calendar day in Vietnam, as YYYY-MM-DD.
 * @param {Date} date
 */
export function vietnamDay(date) {
  return shifted(date).slice(0, 10);
}

/**
 * The instant a Vietnam calendar day (YYYY-MM-DD) starts.
 * @param {string} day
 */
export function startOfVietnamDay(day) {
  return new Date(Date.parse(`${day}T00:00:00Z`) - VIETNAM_OFFSET_MS);
}

/**
 * ISO 8601 in Vietnam time with its offset, to the second: 2026-11-23T07:05:00+07:00.
 * @param {Date} date
 */
export function vietnamIso(date) {
  return shifted(date).replace(/\.\d{3}Z$/, VIETNAM_OFFSET);
}

/**
 * Vietnam wall-clock time to the minute, as an <input type="datetime-local"> holds it: 2026-11-23T07:05.
 * @param {Date} date
 */
export function vietnamMinute(date) {
  return shifted(date).slice(0, 16);
}

/**
 * An <input type="datetime-local"> value read as Vietnam time, whatever zone the device is set to:
 * "2026-11-23T07:05" → "2026-11-23T07:05:00+07:00".
 * @param {string} minute
 */
export function fromVietnamMinute(minute) {
  return `${minute}:00${VIETNAM_OFFSET}`;
}

/**
 * A date and time in Vietnam time as Vietnamese documents print it, day first, 24-hour clock, to the minute:
 * 2026-12-07T03:29:00Z → "07/12/2026 10:29". Computed from the offset, so it never depends on the ICU data or the
 * time zone of the machine.
 * @param {Date | string} at
 */
export function vietnamDateTime(at) {
  const s = shifted(new Date(at));
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)} ${s.slice(11, 16)}`;
}

/**
 * A short date and time in Vietnam time for people to read, in the page's language.
 * @param {Date | string} at
 * @param {'vi' | 'en'} lang
 */
export function formatVietnamTime(at, lang) {
  return new Date(at).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Ho_Chi_Minh',
  });
}
