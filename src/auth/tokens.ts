import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenKind = 'staff' | 'merchant';

const prefixes: Record<TokenKind, string> = { staff: 'css_', merchant: 'csm_' };

/** A new secret: 256 random bits, with a prefix that says what it is (so leaks are easy to spot). */
export function generateToken(kind: TokenKind): string {
  return prefixes[kind] + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * The row id a token is looked up by: the first 16 bytes of its hash, hex.
 * The full hash is then compared in constant time, so response timing reveals nothing about the stored secret.
 */
export function credentialIdOf(hash: Buffer): string {
  return hash.subarray(0, 16).toString('hex');
}

export function hashesEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
