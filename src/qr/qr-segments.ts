/**
 * The data part of a QR code (ISO/IEC 18004 §7.4): the text split into numeric, alphanumeric and byte segments and
 * written as one bit stream. The `qrcode` package finds the split with a shortest-path search over a graph it builds
 * for every call, which was a third of a dynamic QR's cost; the same optimum is a three-state dynamic programme over
 * the characters, linear in the text and allocation-light. ASCII only (VietQR payloads are folded to ASCII): the
 * caller falls back to `qrcode` for anything else.
 */
export type QrMode = 'numeric' | 'alphanumeric' | 'byte';
export interface QrSegment {
  data: string;
  mode: QrMode;
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const ALNUM_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHANUMERIC.length; i++) ALNUM_VALUE[ALPHANUMERIC.charCodeAt(i)] = i;

const MODES: readonly QrMode[] = ['numeric', 'alphanumeric', 'byte'];
const MODE_BITS = [0b0001, 0b0010, 0b0100];
/** Character count bits per mode, for versions 1–9, 10–26 and 27–40. */
const COUNT_BITS = [
  [10, 9, 8],
  [12, 11, 16],
  [14, 13, 16],
];
/** Cost of one character in sixths of a bit (numeric 10/3, alphanumeric 11/2, byte 8), so sums stay whole. */
const CHAR_COST = [20, 33, 48];

export const countBitsClass = (version: number) => (version < 10 ? 0 : version < 27 ? 1 : 2);

/** Whether `text` is plain ASCII, which this encoder handles. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * The cheapest way to reach character i in mode m: staying in m (`own`) costs nothing extra, switching from the
 * other two modes (`a`, `b`, in mode order) costs m's header. Notes where it came from in `from`.
 */
function cheapest(from: Int8Array, i: number, m: number, header: number, own: number, a: number, b: number): number {
  let cost = own;
  let prev = m;
  if (a + header < cost) {
    cost = a + header;
    prev = m === 0 ? 1 : 0;
  }
  if (b + header < cost) {
    cost = b + header;
    prev = m === 2 ? 1 : 2;
  }
  from[i * 3 + m] = prev;
  return cost;
}

/** The cheapest split of `text` (ASCII) into segments for versions of the given count-bits class. */
export function splitSegments(text: string, versionClass: number): QrSegment[] {
  const n = text.length;
  if (n === 0) return [];
  const [h0, h1, h2] = COUNT_BITS[versionClass].map((bits) => (4 + bits) * 6);
  // from[i * 3 + m]: the mode of character i - 1 on the cheapest path that writes character i in mode m.
  const from = new Int8Array(n * 3);
  // The cheapest cost of the text so far ending in each mode (sixths of a bit); plain locals keep the loop lean.
  let c0 = Infinity;
  let c1 = Infinity;
  let c2 = Infinity;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (i === 0) {
      c0 = c >= 48 && c <= 57 ? h0 + CHAR_COST[0] : Infinity;
      c1 = ALNUM_VALUE[c] >= 0 ? h1 + CHAR_COST[1] : Infinity;
      c2 = h2 + CHAR_COST[2];
      from[0] = 0;
      from[1] = 1;
      from[2] = 2;
      continue;
    }
    const n0 = c >= 48 && c <= 57 ? cheapest(from, i, 0, h0, c0, c1, c2) + CHAR_COST[0] : Infinity;
    const n1 = ALNUM_VALUE[c] >= 0 ? cheapest(from, i, 1, h1, c1, c0, c2) + CHAR_COST[1] : Infinity;
    const n2 = cheapest(from, i, 2, h2, c2, c0, c1) + CHAR_COST[2];
    c0 = n0;
    c1 = n1;
    c2 = n2;
  }
  const cost = [c0, c1, c2];
  let mode = cost.indexOf(Math.min(...cost));
  const segments: QrSegment[] = [];
  let end = n;
  for (let i = n - 1; i >= 0; i--) {
    const prev = from[i * 3 + mode];
    if (i === 0 || prev !== mode) {
      segments.push({ data: text.slice(i, end), mode: MODES[mode] });
      end = i;
    }
    mode = prev;
  }
  return segments.reverse();
}

/** Bits the segments take at a version of this class (header, count and data). */
export function segmentBits(segments: readonly QrSegment[], versionClass: number): number {
  let bits = 0;
  for (const { data, mode } of segments) {
    const m = MODES.indexOf(mode);
    const n = data.length;
    bits += 4 + COUNT_BITS[versionClass][m];
    bits += m === 0 ? 10 * Math.floor(n / 3) + [0, 4, 7][n % 3] : m === 1 ? 11 * (n >> 1) + 6 * (n & 1) : 8 * n;
  }
  return bits;
}

function putBits(w: { out: Uint8Array; bitLength: number }, value: number, bits: number) {
  for (let b = bits - 1; b >= 0; b--, w.bitLength++) {
    if ((value >>> b) & 1) w.out[w.bitLength >> 3] |= 0x80 >> (w.bitLength & 7);
  }
}

/**
 * The data codewords: the segments, the terminator, zero bits to a byte boundary and the 0xEC/0x11 pad bytes up to
 * `capacity` codewords.
 */
export function dataCodewords(segments: readonly QrSegment[], versionClass: number, capacity: number): Uint8Array {
  const out = new Uint8Array(capacity);
  const limit = capacity * 8;
  const w = { out, bitLength: 0 };
  for (const { data, mode } of segments) {
    const m = MODES.indexOf(mode);
    putBits(w, MODE_BITS[m], 4);
    putBits(w, data.length, COUNT_BITS[versionClass][m]);
    if (m === 0) {
      for (let i = 0; i < data.length; i += 3) {
        const group = data.slice(i, i + 3);
        putBits(w, Number(group), [0, 4, 7, 10][group.length]);
      }
    } else if (m === 1) {
      for (let i = 0; i + 1 < data.length; i += 2) {
        putBits(w, ALNUM_VALUE[data.charCodeAt(i)] * 45 + ALNUM_VALUE[data.charCodeAt(i + 1)], 11);
      }
      if (data.length & 1) putBits(w, ALNUM_VALUE[data.charCodeAt(data.length - 1)], 6);
    } else {
      for (let i = 0; i < data.length; i++) putBits(w, data.charCodeAt(i), 8);
    }
  }
  if (w.bitLength + 4 <= limit) w.bitLength += 4; // terminator (zeros are already there)
  let byte = (w.bitLength + 7) >> 3;
  for (let pad = 0; byte < capacity; byte++, pad++) out[byte] = pad % 2 ? 0x11 : 0xec;
  return out;
}
