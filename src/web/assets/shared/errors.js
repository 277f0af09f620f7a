// What the server's stable error codes mean to the people using the pages, in Vietnamese and English (the server's
// own message is English and meant for developers). Pages add their own codes with `withTexts`.
import { pick } from './language.js';

/** @typedef {import('./language.js').Texts} Texts */
/** @typedef {import('./language.js').Lang} Lang */

/** Codes any page can meet (src/http/errors.ts and the auth, rate-limit and body-parsing layers). @type {Record<string, Texts>} */
export const COMMON_ERRORS = {
  unauthorized: ['Mã truy cập không hợp lệ', 'The access token is not valid'],
  invalid_token: ['Mã truy cập không hợp lệ', 'The access token is not valid'],
  forbidden: ['Mã này không có quyền', 'This token may not do that'],
  not_found: ['Không tìm thấy', 'Not found'],
  validation_failed: ['Thông tin chưa hợp lệ', 'Some fields are not valid'],
  invalid_json: ['Dữ liệu gửi lên không hợp lệ', 'What was sent is not valid'],
  payload_too_large: ['Dữ liệu gửi lên quá lớn', 'What was sent is too large'],
  unsupported_media_type: ['Định dạng gửi lên không được nhận', 'That kind of content is not accepted'],
  rate_limited: ['Quá nhiều yêu cầu: đợi một lát rồi thử lại', 'Too many requests: wait a moment and try again'],
  internal_error: [
    'Máy chủ gặp lỗi (đã được ghi lại): thử lại sau',
    'The server failed (it was logged): try again later',
  ],
  network_error: ['Mất kết nối: thử lại', 'No connection: try again'],
};

/** Said when a code is unknown and the server sent no message either. @type {Texts} */
export const GENERIC_ERROR = ['Có lỗi, vui lòng thử lại', 'Something went wrong, try again'];

/**
 * A message table: the common codes plus (overriding them) a page's own.
 * @param {Record<string, Texts>} own
 * @returns {Record<string, Texts>}
 */
export const withTexts = (own) => ({ ...COMMON_ERRORS, ...own });

/**
 * The message for an error code in the current language (or `language`). An unknown code shows the server's own
 * message when there is one, so nothing the server explained is hidden behind a generic text.
 * @param {string | undefined} code
 * @param {{ fallback?: string, texts?: Record<string, Texts>, language?: Lang }} [options]
 */
export function errorMessage(code, { fallback, texts = COMMON_ERRORS, language } = {}) {
  const known = code !== undefined && Object.hasOwn(texts, code) ? texts[code] : undefined;
  if (known) return pick(known, language);
  return fallback || pick(GENERIC_ERROR, language);
}
