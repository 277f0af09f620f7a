// Shared by every page: the language toggle and the API client come from the shared modules (assets/shared/);
// this file adds VND formatting and the poster's nonce.
export { lang, applyLanguage, setupLanguageToggle, t } from '/assets/shared/language.js';
export { api, ApiError } from '/assets/shared/fetch.js';

// A no-break space: "45.000 ₫" never wraps between the number and the sign.
export const vnd = (n) => `${Number(n).toLocaleString('vi-VN')}\u00a0₫`;

/**
 * Our server's HTML (the stall poster) opened from a blob: URL inherits this page's content-security policy, so its
 * <script> and <style> run only with this page's nonce: given the trust that HTML already had.
 */
export function withPageNonce(html) {
  const nonce = document.querySelector('script[nonce]')?.nonce;
  if (!nonce) return html;
  return html.replace(/<(script|style)\b[^>]*>/g, (tag, name) =>
    tag.replace(/\snonce="[^"]*"/, '').replace(`<${name}`, `<${name} nonce="${nonce}"`),
  );
}
