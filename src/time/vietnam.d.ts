/** Types for vietnam.js, the Vietnam-time module the server and the browser share. */
export const VIETNAM_OFFSET_MS: number;
export const VIETNAM_OFFSET: '+07:00';
export function vietnamDay(date: Date): string;
export function startOfVietnamDay(day: string): Date;
export function vietnamIso(date: Date): string;
export function vietnamMinute(date: Date): string;
export function fromVietnamMinute(minute: string): string;
export function vietnamDateTime(at: Date | string): string;
export function formatVietnamTime(at: Date | string, lang: 'vi' | 'en'): string;
