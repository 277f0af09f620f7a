/** Types for errors.js (a browser module), so the server's tests can import it. */
import type { Lang, Texts } from './language.js';
export const COMMON_ERRORS: Record<string, Texts>;
export const GENERIC_ERROR: Texts;
export function withTexts(own: Record<string, Texts>): Record<string, Texts>;
export function errorMessage(
  code: string | undefined,
  options?: { fallback?: string; texts?: Record<string, Texts>; language?: Lang },
): string;
