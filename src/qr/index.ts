/**
 * QR: the VietQR (EMVCo) codec, ASCII folding for names, and PNG and SVG rendering with a 4-module quiet zone.
 */
export { foldToAscii, qrName } from './ascii.js';
export { qrRoutes } from './qr.routes.js';
export { renderPng, renderSvg } from './render.js';
export { decodeVietQr, encodeVietQr, VietQrError } from './vietqr.js';
