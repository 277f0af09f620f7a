/**
 * An SVG document for a QR code's modules, in the shape `qrcode`'s SVG renderer gives (white background, one black
 * path of horizontal runs drawn with half-module-high strokes), built in one pass without per-module strings.
 */
export function svgDocument(modules: Uint8Array, size: number, margin: number): string {
  const full = size + margin * 2;
  let path = '';
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
      path += newRow ? `M${col + margin} ${row + margin + 0.5}` : `m${moveBy} 0`;
      path += `h${end - col}`;
      newRow = false;
      moveBy = 0;
      col = end - 1;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges">` +
    `<path fill="#ffffff" d="M0 0h${full}v${full}H0z"/><path stroke="#000000" d="${path}"/></svg>\n`
  );
}
