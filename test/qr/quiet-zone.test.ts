import t, { type Test } from 'tap';
import { PNG } from 'pngjs';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';
import { readQrPng } from '../helpers/qr-image.js';

// ISO/IEC 18004 asks for a light margin ("quiet zone") of 4 modules around a QR symbol. Measured here on what the
// service actually serves, the way a scanner sees it: find the first dark pixel, and size a module from the top-left
// finder pattern, whose top edge is 7 dark modules wide.

const ctx = await startTestApp(t);
const stall = await onboardStall(ctx);

async function fetchBytes(url: string): Promise<Buffer> {
  const res = await ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${stall.apiKey}` } });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.rawPayload;
}

/** Quiet zone, in modules, on each side of a rendered PNG. */
function pngQuietZone(png: Buffer) {
  const image = PNG.sync.read(png);
  const dark = (x: number, y: number) => image.data[(y * image.width + x) * 4]! < 128;
  let top = -1;
  let left = image.width;
  let bottom = -1;
  let right = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (!dark(x, y)) continue;
      if (top === -1) top = y;
      bottom = y;
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  let run = 0; // the finder pattern's top edge, from the first dark pixel of the first dark row
  while (dark(left + run, top)) run++;
  const module = run / 7;
  return {
    module,
    top: top / module,
    left: left / module,
    bottom: (image.height - 1 - bottom) / module,
    right: (image.width - 1 - right) / module,
  };
}

/** Quiet zone, in modules, of an SVG from qrcode: the viewBox is in modules; dark modules are `h` runs of one path. */
function svgQuietZone(svg: string) {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const path = /<path stroke="[^"]+" d="([^"]+)"/.exec(svg)?.[1] ?? '';
  let x = 0;
  let y = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [, op, a, b] of path.matchAll(/([Mmhv])([\d.]+)(?: ([\d.]+))?/g)) {
    const n = Number(a);
    if (op === 'M') [x, y] = [n, Number(b)];
    else if (op === 'm') [x, y] = [x + n, y + Number(b)];
    else if (op === 'h') {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x + n);
      minY = Math.min(minY, y - 0.5); // a stroke of width 1 centred on the row
      maxY = Math.max(maxY, y + 0.5);
      x += n;
    }
  }
  return { size, top: minY, left: minX, bottom: size - maxY, right: size - maxX };
}

function assertFourModules(t: Test, zone: Record<'top' | 'left' | 'bottom' | 'right', number>, what: string) {
  for (const side of ['top', 'left', 'bottom', 'right'] as const) {
    // A PNG's module is a fractional number of pixels (480 px over the symbol and margin): allow a pixel of rounding.
    t.ok(zone[side] >= 3.9 && zone[side] <= 4.2, `${what}: ${side} quiet zone ${zone[side].toFixed(2)} modules`);
  }
}

t.test('the static QR PNG has a 4-module quiet zone and still scans', async (t) => {
  const png = await fetchBytes(`/api/v1/merchants/${stall.merchant.id}/qr.png`);
  const zone = pngQuietZone(png);
  t.ok(zone.module > 5, `a module is ${zone.module.toFixed(2)} px`);
  assertFourModules(t, zone, 'static PNG');
  t.equal(
    readQrPng(png),
    (
      await ctx.call({ method: 'GET', url: `/api/v1/merchants/${stall.merchant.id}/qr.txt`, token: stall.apiKey })
    ).raw.trim(),
  );
});

t.test('a payment request PNG has a 4-module quiet zone and still scans', async (t) => {
  const created = await ctx.call({
    method: 'POST',
    url: '/api/v1/payment-requests',
    token: stall.apiKey,
    payload: { amount: 45000 },
  });
  t.equal(created.status, 201);
  const png = await fetchBytes(`/api/v1/payment-requests/${created.body.id}/qr.png`);
  assertFourModules(t, pngQuietZone(png), 'payment request PNG');
  t.equal(readQrPng(png), created.body.qr.payload);

  const svg = (await fetchBytes(`/api/v1/payment-requests/${created.body.id}/qr.svg`)).toString('utf8');
  assertFourModules(t, svgQuietZone(svg), 'payment request SVG');
});

t.test('the SVGs of the static QR, the poster and a receipt have a 4-module quiet zone', async (t) => {
  const svg = (await fetchBytes(`/api/v1/merchants/${stall.merchant.id}/qr.svg`)).toString('utf8');
  assertFourModules(t, svgQuietZone(svg), 'static SVG');
  const poster = (await fetchBytes(`/api/v1/merchants/${stall.merchant.id}/poster`)).toString('utf8');
  assertFourModules(t, svgQuietZone(/<svg[\s\S]*?<\/svg>/.exec(poster)![0]), 'poster SVG');
  const sale = await ctx.call({
    method: 'POST',
    url: '/api/v1/sales',
    token: stall.apiKey,
    payload: { amount: 30000, method: 'cash' },
  });
  t.equal(sale.status, 201);
  const receipt = (await ctx.app.inject({ method: 'GET', url: `/i/${sale.body.invoice.lookupCode}` })).body;
  assertFourModules(t, svgQuietZone(/<svg[\s\S]*?<\/svg>/.exec(receipt)![0]), 'receipt SVG');
});
