import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { HttpHeaders, VerifyResult } from './types.js';

/** Case-insensitive header lookup; repeated headers are joined with "," (HTTP list semantics). */
export function headerValue(headers: HttpHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  let value = headers[wanted];
  if (value === undefined) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === wanted) {
        value = headers[key];
        break;
      }
    }
  }
  if (Array.isArray(value)) return value.length ? value.join(',') : undefined;
  return value;
}

export const hmacHex = (algorithm: 'sha256' | 'sha512', secret: string, message: string): string =>
  createHmac(algorithm, secret).update(message, 'utf8').digest('hex');

const HEX = /^[0-9a-f]+$/i;
export const isHex = (s: string): boolean => s.length % 2 === 0 && HEX.test(s);

/** Constant-time comparison of two hex digests; a candidate of another length simply does not match. */
export function hexDigestsEqual(expectedHex: string, candidateHex: string): boolean {
  if (!isHex(candidateHex)) return false;
  const expected = Buffer.from(expectedHex, 'hex');
  const candidate = Buffer.from(candidateHex, 'hex');
  return expected.length === candidate.length && timingSafeEqual(expected, candidate);
}

/** Constant-time comparison of two shared secrets of any length (both hashed first, so lengths do not leak). */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** `t=<digits>,v1=<hex>[,v1=<hex>…]` (other schemes such as v0 are ignored). Null when malformed. */
export function parseTimestampedHeader(value: string): { t: string; v1: string[] } | null {
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of value.split(',')) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq <= 0) return null;
    const key = item.slice(0, eq).trim();
    const val = item.slice(eq + 1).trim();
    if (key === 't') {
      if (t !== undefined || !/^\d{1,16}$/.test(val)) return null;
      t = val;
    } else if (key === 'v1') {
      if (!isHex(val)) return null;
      v1.push(val);
    }
  }
  if (t === undefined || v1.length === 0) return null;
  return { t, v1 };
}

export interface TimestampedCheck {
  header: string | undefined;
  secret: string;
  nowMs: number;
  algorithm: 'sha256' | 'sha512';
  /** Milliseconds per unit of `t` (1000 for Unix seconds, 1 for milliseconds). */
  unitMs: number;
  toleranceMs: number;
  /** The signed message for the header's `t`, exactly as the header spells it. Null when it cannot be built. */
  message: (t: string) => string | null;
}

/**
 * Verifies a `t=…,v1=…` header. The signature is checked before the age, so `stale_signature` is only ever
 * reported for a genuine signature that is too old (a replay), never for a forgery.
 */
export function verifyTimestamped(c: TimestampedCheck): VerifyResult {
  if (c.header === undefined || c.header.trim() === '') return { ok: false, reason: 'missing_signature' };
  const parsed = parseTimestampedHeader(c.header);
  if (!parsed) return { ok: false, reason: 'malformed_signature' };
  const tMs = Number(parsed.t) * c.unitMs;
  if (!Number.isSafeInteger(tMs)) return { ok: false, reason: 'malformed_signature' };
  // An empty secret would make forgeries trivial: a provider without a secret is off, never open.
  if (!c.secret) return { ok: false, reason: 'bad_signature' };
  const message = c.message(parsed.t);
  if (message === null) return { ok: false, reason: 'bad_signature' };
  const expected = hmacHex(c.algorithm, c.secret, message);
  let matched = false;
  for (const candidate of parsed.v1) matched = hexDigestsEqual(expected, candidate) || matched;
  if (!matched) return { ok: false, reason: 'bad_signature' };
  if (Math.abs(c.nowMs - tMs) > c.toleranceMs) return { ok: false, reason: 'stale_signature' };
  return { ok: true };
}
