/** Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact. */
export const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** The calendar day in Asia/Ho_Chi_Minh, as YYYY-MM-DD. */
export function vietnamDay(date: Date): string {
  return new Date(date.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Vietnam calendar day starts. */
export function startOfVietnamDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - VIETNAM_OFFSET_MS);
}

/** ISO 8601 in Vietnam time with its offset, e.g. 2026-11-23T07:05:00+07:00. */
export function vietnamIso(date: Date): string {
  return new Date(date.getTime() + VIETNAM_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}
