// The page language (Vietnamese first, English on request), shared by every page. Elements carry both texts as
// data-vi / data-en (placeholders as data-ph-vi / data-ph-en); code picks strings from [vi, en] pairs.
// The choice is remembered in localStorage under 'lang', so it holds across pages and reloads.

/** @typedef {'vi' | 'en'} Lang */
/** @typedef {readonly [vi: string, en: string]} Texts */

/** @returns {Lang} */
function stored() {
  // localStorage is absent in Node (the unit tests) and may throw in a locked-down browser: Vietnamese then.
  try {
    return globalThis.localStorage?.getItem('lang') === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** The current language; `lang.current` is read at each use, so a toggle takes effect everywhere at once. */
export const lang = { current: stored() };

/**
 * The text for the current language (or `language`) from a [vi, en] pair.
 * @param {Texts} texts
 * @param {Lang} [language]
 */
export function pick(texts, language = lang.current) {
  return language === 'en' ? texts[1] : texts[0];
}

/**
 * Shorthand for pick([vi, en]).
 * @param {string} vi
 * @param {string} en
 */
export const t = (vi, en) => pick([vi, en]);

/**
 * Switches language and remembers the choice.
 * @param {Lang} language
 */
export function setLanguage(language) {
  lang.current = language === 'en' ? 'en' : 'vi';
  try {
    globalThis.localStorage?.setItem('lang', lang.current);
  } catch {
    /* not remembered: the page still switches */
  }
}

/**
 * Numbers grouped the way the language writes them: 12.345 in Vietnamese, 12,345 in English.
 * @param {number | string | bigint} n
 */
export const num = (n) => Number(n).toLocaleString(lang.current === 'vi' ? 'vi-VN' : 'en-US');

/**
 * Gives every element under `root` carrying data-vi / data-en (or data-ph-vi / data-ph-en) the current text.
 * @param {ParentNode} [root]
 */
export function applyLanguage(root = document) {
  document.documentElement.lang = lang.current;
  for (const el of root.querySelectorAll('[data-vi]')) {
    if (el instanceof HTMLElement) el.textContent = el.dataset[lang.current] ?? el.dataset.vi ?? '';
  }
  for (const el of root.querySelectorAll('[data-ph-vi]')) {
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)
      el.placeholder = pick([el.dataset.phVi ?? '', el.dataset.phEn ?? '']);
  }
}

/**
 * Wires the language button: it names the other language, and a click switches, re-applies and calls onChange.
 * @param {HTMLElement} button
 * @param {() => void} [onChange]
 */
export function setupLanguageToggle(button, onChange) {
  const render = () => {
    button.textContent = lang.current === 'vi' ? 'English' : 'Tiếng Việt';
    applyLanguage();
    onChange?.();
  };
  button.addEventListener('click', () => {
    setLanguage(lang.current === 'vi' ? 'en' : 'vi');
    render();
  });
  render();
}
