/** Types for language.js (a browser module), so the server's tests can import it. */
export type Lang = 'vi' | 'en';
export type Texts = readonly [vi: string, en: string];
export const lang: { current: Lang };
export function pick(texts: Texts, language?: Lang): string;
export function t(vi: string, en: string): string;
export function setLanguage(language: Lang): void;
export function num(n: number | string | bigint): string;
export function applyLanguage(root?: ParentNode): void;
export function setupLanguageToggle(button: HTMLElement, onChange?: () => void): void;
