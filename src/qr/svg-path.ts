/**
 * An SVG document for a QR code's modules, in the shape `qrcode`'s SVG renderer gives (white background, one black
 * path of horizontal runs drawn with half-module-high strokes), built in one pass without per-module strings.
 *
 * The path is written as bytes into a scratch buffer and read back as one string: built with `+=` it was a rope of
 * a few hundred pieces, which every later reader (JSON.stringify of the API answer, the socket write) had to flatten
 * first; the two together cost about a tenth of a dynamic QR's server CPU (docs/benchmarks.md, "Round two").
 */

// Grown when a larger code comes (each run takes at least two modules, a gap and a dark one, except a row's first;
// "m123 0h123" is 10 bytes, a row start "M123 123.5h123" 14).
let scratch = Buffer.allocUnsafe(0);
let at = 0;
const bytesFor = (size: number, margin: number) => size * (6 * size + 20 + 2 * String(size + margin).length);

const byte = (c: string) => c.charCodeAt(0);
const [M, m, h, SPACE, ZERO, DOT, FIVE] = ['M', 'm', 'h', ' ', '0', '.', '5'].map(byte);

/** Writes a non-negative integer's decimal digits, as `${n}` would. */
function writeInt(n: number) {
  if (n >= 1000) {
    at += scratch.write(String(n), at, 'latin1');
    return;
  }
  if (n >= 100) scratch[at++] = ZERO + Math.floor(n / 100);
  if (n >= 10) scratch[at++] = ZERO + (Math.floor(n / 10) % 10);
  scratch[at++] = ZERO + (n % 10);
}

export function svgDocument(modules: Uint8Array, size: number, margin: number): string {
  const full = size + margin * 2;
  if (scratch.length < bytesFor(size, margin)) scratch = Buffer.allocUnsafe(bytesFor(size, margin));
  at = 0;
  for (let row = 0, moveBy = 0; row < size; row++) {
    let newRow = true;
    const start = row * size;
    for (let col = 0; col < size; col++) {
      if (!modules[start + col]) {
        moveBy++;
        continue;
      }
      let end = col + 1;
      while (end < size && modules[start + end]) end++;
      if (newRow) {
        // `M${col + margin} ${row + margin + 0.5}`
        scratch[at++] = M;
        writeInt(col + margin);
        scratch[at++] = SPACE;
        writeInt(row + margin);
        scratch[at++] = DOT;
        scratch[at++] = FIVE;
      } else {
        // `m${moveBy} 0`
        scratch[at++] = m;
        writeInt(moveBy);
        scratch[at++] = SPACE;
        scratch[at++] = ZERO;
      }
      scratch[at++] = h;
      writeInt(end - col);
      newRow = false;
      moveBy = 0;
      col = end - 1;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges">` +
    `<path fill="#ffffff" d="M0 0h${full}v${full}H0z"/><path stroke="#000000" d="${scratch.toString('latin1', 0, at)}"/></svg>\n`
  );
}
