import { randomFillSync } from 'node:crypto';

/**
 * Payment references for dynamic QR codes: "CS" + 8 characters, e.g. "CS7K3M9QXA". The reference travels in the QR
 * memo and comes back inside the bank's transfer description, where banks add prefixes and suffixes, change case
 * and insert spaces, dots or dashes. The alphabet leaves out look-alikes (0/O, 1/I/L, 5/S), so a reference survives
 * being read aloud or retyped, and "S" never appears after the prefix: a reference cannot contain another "CS".
 */
export const REFERENCE_PREFIX = 'CS';
export const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRTUVWXYZ2346789';
export const REFERENCE_BODY_LENGTH = 8;
export const REFERENCE_LENGTH = REFERENCE_PREFIX.length + REFERENCE_BODY_LENGTH;

const N = REFERENCE_ALPHABET.length; // 29: 29^8 ≈ 5·10^11 references
// Bytes at or above the largest multiple of 29 are thrown away, so every character is equally likely.
const LIMIT = 256 - (256 % N);

// Random bytes are drawn 4 kB at a time (as uuid-v7.ts does): a call into the random source for every reference, with
// its Buffer, was about 2% of a dynamic QR's server CPU. Each byte is used once.
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomByte(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++];
}

export function generateReference(): string {
  let body = '';
  while (body.length < REFERENCE_BODY_LENGTH) {
    const byte = randomByte();
    if (byte < LIMIT) body += REFERENCE_ALPHABET[byte % N];
  }
  return REFERENCE_PREFIX + body;
}

const IN_ALPHABET = new Set(REFERENCE_ALPHABET);
const REFERENCE_SHAPE = new RegExp(`^${REFERENCE_PREFIX}[${REFERENCE_ALPHABET}]{${REFERENCE_BODY_LENGTH}}$`);

export const isReference = (s: string): boolean => REFERENCE_SHAPE.test(s);

/**
 * Upper-case ASCII letters and digits only: compatibility forms folded first (NFKC: full-width "ＣＳ７Ｋ" → "CS7K",
 * as some phone keyboards type it), then diacritics (đ → D), everything else dropped.
 */
function squeeze(memo: string): string {
  return memo
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/**
 * Every string in `description` that could be a reference, in order of appearance, without repeats. The memo is
 * squeezed (case folded, separators removed) and scanned for "CS" followed by 8 alphabet characters at every
 * position, so glued prefixes ("THANHTOANCS…") and suffixes ("…QXAFT24001") do not hide it. A candidate may be
 * a false positive; the caller keeps the ones that exist.
 */
export function findReferences(description: string): string[] {
  const s = squeeze(description);
  const found: string[] = [];
  for (
    let i = s.indexOf(REFERENCE_PREFIX);
    i !== -1 && i + REFERENCE_LENGTH <= s.length;
    i = s.indexOf(REFERENCE_PREFIX, i + 1)
  ) {
    let ok = true;
    for (let j = i + REFERENCE_PREFIX.length; j < i + REFERENCE_LENGTH; j++) {
      if (!IN_ALPHABET.has(s[j])) {
        ok = false;
        break;
      }
    }
    const candidate = s.slice(i, i + REFERENCE_LENGTH);
    if (ok && !found.includes(candidate)) found.push(candidate);
  }
  return found;
}
