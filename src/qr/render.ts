/**
 * Turns a VietQR payload into an image. Error correction M (≈15 % recoverable) is the usual
 * choice for printed and on-screen payment QRs: sturdy against smudges without growing the code
 * much. The quiet zone is the 4 modules ISO/IEC 18004 asks for: readers cope with less on a clean screen, but a bank
 * app on a cheap camera under street lights, reading a printed poster beside other print, may not. Every QR the
 * service draws (SVG, PNG, poster, receipt) comes from here, so all of them have it.
 */
import QRCode from 'qrcode';
import { LruCache } from './lru-cache.js';
import { qrModules } from './qr-matrix.js';
import { isAscii } from './qr-segments.js';
import { svgDocument } from './svg-path.js';

const ERROR_CORRECTION = 'M';
const MARGIN = 4;
const PNG_WIDTH = 480;
const PNG_CACHE_SIZE = 500;
/**
 * Every mask pattern gives a valid code that every reader decodes; trying all eight to pick the "best" one was 60 %
 * of the cost of a dynamic QR (measured: ~500 µs → ~150 µs per SVG). A fixed mask keeps the sale screen fast.
 */
const MASK_PATTERN = 0 as const;

/**
 * PNG rendering costs a few milliseconds and the same payload (a merchant's static QR, a payment
 * request polled by a checkout page) is asked for again and again. We cache the promise, so
 * concurrent requests for one payload render it once.
 */
const pngCache = new LruCache<string, Promise<Buffer>>(PNG_CACHE_SIZE);

/** An SVG document (starting with `<svg`) showing the QR code for `payload`. */
export async function renderSvg(payload: string): Promise<string> {
  // Our own encoder for the usual case (ASCII, version ≤ 10): a fifth of `qrcode`'s CPU for the same code (qr-matrix.ts).
  const qr = isAscii(payload) ? qrModules(payload) : undefined;
  if (qr) return svgDocument(qr.modules, qr.size, MARGIN);
  return QRCode.toString(payload, {
    type: 'svg',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: MARGIN,
    maskPattern: MASK_PATTERN,
  });
}

/**
 * A PNG (about 480 px wide) of the QR code for `payload`. Repeated calls return the same Buffer
 * from the cache: callers must treat it as read-only.
 */
export function renderPng(payload: string): Promise<Buffer> {
  const cached = pngCache.get(payload);
  if (cached) return cached;
  const rendering = QRCode.toBuffer(payload, {
    type: 'png',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: MARGIN,
    width: PNG_WIDTH,
    maskPattern: MASK_PATTERN,
  });
  pngCache.set(payload, rendering);
  // Never cache a failure: drop it so the next call tries again (unless it was already replaced).
  rendering.catch(() => {
    if (pngCache.peek(payload) === rendering) pngCache.delete(payload);
  });
  return rendering;
}

/** For tests and memory diagnostics. */
export function pngCacheSize(): number {
  return pngCache.size;
}
