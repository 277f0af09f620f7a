/** Types for fetch.js (a browser module), so the server's tests can import it. */
export class ApiError extends Error {
  constructor(status: number, code: string, message: string, details?: unknown, data?: unknown);
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly data: unknown;
}
export interface ApiOptions {
  token?: string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  onUnauthorized?: (error: ApiError) => void;
  signal?: AbortSignal;
}
export function api(path: string, options?: ApiOptions): Promise<unknown>;
export function apiResponse(path: string, options?: ApiOptions): Promise<Response>;
export function apiError(status: number, data: unknown, statusText?: string): ApiError;
