// Shared by every page: the Vietnamese/English toggle, VND formatting and a small API client.
export const lang = { current: localStorage.getItem('lang') || 'vi' };

/** Elements carry both texts: data-vi and data-en; the toggle swaps them. */
export function applyLanguage(root = document) {
  document.documentElement.lang = lang.current;
  for (const el of root.querySelectorAll('[data-vi]')) el.textContent = el.dataset[lang.current] ?? el.dataset.vi;
  for (const el of root.querySelectorAll('[data-ph-vi]')) el.placeholder = lang.current === 'vi' ? el.dataset.phVi : el.dataset.phEn;
}

export function setupLanguageToggle(button, onChange) {
  const render = () => { button.textContent = lang.current === 'vi' ? 'English' : 'Tiếng Việt'; applyLanguage(); onChange?.(); };
  button.addEventListener('click', () => { lang.current = lang.current === 'vi' ? 'en' : 'vi'; localStorage.setItem('lang', lang.current); render(); });
  render();
}

export const t = (vi, en) => (lang.current === 'vi' ? vi : en);
// A no-break space: "45.000 ₫" never wraps between the number and the sign.
export const vnd = (n) => `${Number(n).toLocaleString('vi-VN')}\u00a0₫`;

export async function api(path, { token, method = 'GET', body, headers = {} } = {}) {
  const res = await fetch(path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw Object.assign(new Error(data?.error?.message || res.statusText), { status: res.status, code: data?.error?.code, data });
  return data;
}

/**
 * Our server's HTML (the stall poster) opened from a blob: URL inherits this page's content-security policy, so its
 * <script> and <style> run only with this page's nonce: given the trust that HTML already had.
 */
export function withPageNonce(html) {
  const nonce = document.querySelector('script[nonce]')?.nonce;
  if (!nonce) return html;
  return html.replace(/<(script|style)\b[^>]*>/g, (tag, name) => tag.replace(/\snonce="[^"]*"/, '').replace(`<${name}`, `<${name} nonce="${nonce}"`));
}
