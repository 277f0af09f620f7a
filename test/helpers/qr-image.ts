import jsqr from 'jsqr';
import { PNG } from 'pngjs';

/** Reads a QR code back out of a PNG with a pure-JS reader, as a phone camera would. */
export function readQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  // jsqr is CommonJS: under NodeNext its callable export sits on `default`.
  type Reader = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
  const decode = (jsqr as unknown as { default: Reader }).default;
  return decode(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}
