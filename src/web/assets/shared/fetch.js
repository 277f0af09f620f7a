// The one way pages call the API: JSON in and out, the bearer token, and failures as an ApiError carrying the
// server's stable code ({ error: { code, message, details? } }), so pages choose what to say by code, never by text.

/** A refused or failed call. `status` is 0 when no answer came (the connection failed). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {unknown} [details]
   * @param {unknown} [data] the whole parsed answer, for pages that read more of it
   */
  constructor(status, code, message, details, data) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.data = data;
  }
}

/**
 * @typedef {object} ApiOptions
 * @property {string} [token] sent as `authorization: Bearer <token>`
 * @property {string} [method]
 * @property {unknown} [body] sent as JSON
 * @property {Record<string, string>} [headers]
 * @property {(error: ApiError) => void} [onUnauthorized] called on a 401 before the error is thrown (sign-out)
 * @property {AbortSignal} [signal] gives the call up (e.g. `AbortSignal.timeout(ms)`): then an ApiError with status 0
 */

/**
 * Calls the API and answers the parsed JSON (or the text of a non-JSON answer).
 * @param {string} path
 * @param {ApiOptions} [options]
 * @returns {Promise<any>}
 */
export async function api(path, options = {}) {
  const res = await apiResponse(path, options);
  return (res.headers.get('content-type') || '').includes('json') ? res.json() : res.text();
}

/**
 * Calls the API and answers the Response itself, for downloads (a CSV, the poster) that links cannot fetch because
 * they cannot carry the bearer token. Refusals throw the same ApiError as `api`.
 * @param {string} path
 * @param {ApiOptions} [options]
 * @returns {Promise<Response>}
 */
export async function apiResponse(path, { token, method = 'GET', body, headers = {}, onUnauthorized, signal } = {}) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal,
    });
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause));
  }
  if (res.ok) return res;
  const data = (res.headers.get('content-type') || '').includes('json')
    ? await res.json().catch(() => null)
    : await res.text();
  const error = apiError(res.status, data, res.statusText);
  if (res.status === 401) onUnauthorized?.(error);
  throw error;
}

/**
 * The ApiError for a refused answer's status and parsed body (also for answers read without fetch, e.g. an upload
 * through XMLHttpRequest, which reports progress).
 * @param {number} status
 * @param {unknown} data
 * @param {string} [statusText]
 */
export function apiError(status, data, statusText = '') {
  const body = /** @type {{ error?: { code?: unknown, message?: unknown, details?: unknown } } | null} */ (
    typeof data === 'object' ? data : null
  );
  const code =
    typeof body?.error?.code === 'string' ? body.error.code : status >= 500 ? 'internal_error' : `http_${status}`;
  const message = typeof body?.error?.message === 'string' ? body.error.message : statusText || `HTTP ${status}`;
  return new ApiError(status, code, message, body?.error?.details, data);
}
