/**
 * A QR code's modules at error correction level M with mask pattern 0 (the only settings the service uses, see
 * render.ts), for versions 1–10 (up to 213 alphanumeric characters; VietQR payloads are about 150). What never
 * changes for a version (finder, timing and alignment patterns, format and version information, and the order in
 * which data bits fill the rest) is taken once from the `qrcode` package and kept; a code is then its codewords
 * (Reed–Solomon over GF(256), ISO/IEC 18004 §7.5) dropped into that order. `test/qr/fast-matrix.test.ts` checks it
 * against `qrcode` module for module.
 */
import QRCode from 'qrcode';
import { countBitsClass, dataCodewords, segmentBits, splitSegments, type QrSegment } from './qr-segments.js';

/** Level M, versions 1–10: error correction codewords per block, and blocks (ISO/IEC 18004 table 9). */
const EC_BLOCKS: readonly (readonly [number, number])[] = [
  [10, 1],
  [16, 1],
  [26, 1],
  [18, 2],
  [24, 2],
  [16, 4],
  [18, 4],
  [22, 4],
  [22, 5],
  [26, 5],
];
export const MAX_FAST_VERSION = EC_BLOCKS.length;

interface Template {
  size: number;
  /** The function patterns' modules (1 dark), data modules 0. */
  base: Uint8Array;
  /** Data module indexes in placement order, each with mask 0 applied as a flip flag. */
  order: Uint16Array;
  flip: Uint8Array;
  totalCodewords: number;
}

const templates = new Map<number, Template>();

function template(version: number): Template {
  let t = templates.get(version);
  if (t) return t;
  // Any text at this version gives the same function patterns; format information is the same for M + mask 0.
  const { modules } = QRCode.create('0', { version, errorCorrectionLevel: 'M', maskPattern: 0 });
  const size = modules.size;
  const base = new Uint8Array(size * size);
  const order: number[] = [];
  for (let i = 0; i < size * size; i++) if (modules.reservedBit[i]) base[i] = modules.data[i] ? 1 : 0;
  // The zigzag of §7.7.3: two columns at a time from the right, up then down, skipping the vertical timing column.
  let upward = true;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (let k = 0; k < size; k++) {
      const row = upward ? size - 1 - k : k;
      for (let c = 0; c < 2; c++) {
        const i = row * size + col - c;
        if (!modules.reservedBit[i]) order.push(i);
      }
    }
    upward = !upward;
  }
  const flip = Uint8Array.from(order, (i) => ((Math.floor(i / size) + (i % size)) % 2 === 0 ? 1 : 0));
  t = { size, base, order: Uint16Array.from(order), flip, totalCodewords: order.length >> 3 };
  templates.set(version, t);
  return t;
}

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x = (x << 1) ^ (x & 0x80 ? 0x11d : 0);
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];

const products = new Map<number, Uint8Array>();
/**
 * For the generator polynomial of degree n (coefficients highest first, leading 1 left out): row f of the table is
 * the polynomial times f in GF(256), so a division step is one table row XORed in, without log lookups.
 */
function generatorProducts(n: number): Uint8Array {
  let table = products.get(n);
  if (table) return table;
  let poly = [1];
  for (let i = 0; i < n; i++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j] ^= poly[j];
      if (poly[j]) next[j + 1] ^= EXP[LOG[poly[j]] + i];
    }
    poly = next;
  }
  const g = poly.slice(1).map((c) => LOG[c]);
  table = new Uint8Array(256 * n);
  for (let f = 1; f < 256; f++) for (let j = 0; j < n; j++) table[f * n + j] = EXP[g[j] + LOG[f]];
  products.set(n, table);
  return table;
}

/** The remainder of data·x^ecCount divided by the generator: shifted and reduced in one loop per data codeword. */
function reedSolomon(data: Uint8Array, ecCount: number): Uint8Array {
  const table = generatorProducts(ecCount);
  const rem = new Uint8Array(ecCount);
  const last = ecCount - 1;
  for (let i = 0; i < data.length; i++) {
    const row = (data[i] ^ rem[0]) * ecCount; // row 0 is all zeros: a plain shift
    for (let j = 0; j < last; j++) rem[j] = rem[j + 1] ^ table[row + j];
    rem[last] = table[row + last];
  }
  return rem;
}

/** The smallest version (1–10) the segments fit at level M, or undefined. */
function fitVersion(text: string): { version: number; segments: QrSegment[] } | undefined {
  for (let version = 1, cls = -1, segments: QrSegment[] = []; version <= MAX_FAST_VERSION; version++) {
    if (countBitsClass(version) !== cls) {
      cls = countBitsClass(version);
      segments = splitSegments(text, cls);
    }
    const [ecPerBlock, blocks] = EC_BLOCKS[version - 1];
    const capacity = template(version).totalCodewords - ecPerBlock * blocks;
    if (segmentBits(segments, cls) <= capacity * 8) return { version, segments };
  }
  return undefined;
}

/**
 * The modules (row by row, 1 dark) and size of the QR code for `text` (ASCII), level M, mask 0; undefined when it
 * needs a version above 10.
 */
export function qrModules(
  text: string,
): { version: number; segments: QrSegment[]; size: number; modules: Uint8Array } | undefined {
  const fit = fitVersion(text);
  if (!fit) return undefined;
  const t = template(fit.version);
  const [ecCount, blocks] = EC_BLOCKS[fit.version - 1];
  const dataCount = t.totalCodewords - ecCount * blocks;
  const data = dataCodewords(fit.segments, countBitsClass(fit.version), dataCount);
  // Blocks of group 2 carry one data codeword more than those of group 1 (§7.5.2).
  const shortLength = Math.floor(dataCount / blocks);
  const longBlocks = dataCount % blocks;
  const dataBlocks: Uint8Array[] = [];
  for (let b = 0, offset = 0; b < blocks; b++) {
    const length = shortLength + (b >= blocks - longBlocks ? 1 : 0);
    dataBlocks.push(data.subarray(offset, offset + length));
    offset += length;
  }
  const ecBlocks = dataBlocks.map((block) => reedSolomon(block, ecCount));
  // Interleaved: the first codeword of every block, then the second, …; then the error correction the same way.
  const codewords = new Uint8Array(t.totalCodewords);
  let k = 0;
  for (let i = 0; i <= shortLength; i++)
    for (const block of dataBlocks) if (i < block.length) codewords[k++] = block[i];
  for (let i = 0; i < ecCount; i++) for (const block of ecBlocks) codewords[k++] = block[i];
  const modules = t.base.slice();
  const { order, flip } = t;
  // A codeword's eight bits at a time; the few modules left over after the last codeword are zero bits (§7.7.3).
  let n = 0;
  for (let c = 0; c < k; c++) {
    const codeword = codewords[c];
    for (let bit = 7; bit >= 0; bit--, n++) modules[order[n]] = ((codeword >> bit) & 1) ^ flip[n];
  }
  for (; n < order.length; n++) modules[order[n]] = flip[n];
  return { version: fit.version, segments: fit.segments, size: t.size, modules };
}
